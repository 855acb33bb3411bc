//! The planner asks the new server about the plan's addresses (issue 20): against a
//! real Postfix on loopback, the unknown address is marked refused with Postfix's
//! words and the MX switch is held until it is dealt with; a server that does not
//! allow the probe says how to run `mailmove probe` from a server instead.

use fantoccini::Locator;
use mailmove_e2e::server::{TestServer, built_frontend};
use mailmove_server::ServerConfig;
use mailmove_server::address_policy::DirectPolicy;
use mailmove_server::probe_api::ProbeApiConfig;
use mailmove_testkit::browser::{Browser, BrowserOptions};
use mailmove_testkit::dns_authority::DnsAuthority;
use mailmove_testkit::postfix::{Postfix, PostfixOptions};

use crate::page::{click, set, setup, wait_for, wait_for_text};

/// The planner for example.test moving to a custom service whose MX is
/// `ns1.example.test` (127.0.0.1 in the fixture zone), with three addresses read.
async fn plan_with_three_addresses(client: &fantoccini::Client, base_url: &str) {
    client
        .goto(&format!(
            "{base_url}/plan?domain=example.test&target=custom&lang=ja"
        ))
        .await
        .expect("page loads");
    // The custom service's MX is entered on the records page.
    click(client, "#plan-records-open").await;
    set(client, "#plan-custom-mx", "10 ns1.example.test").await;
    wait_for_text(client, "#plan-records-table", "10 ns1.example.test.").await;
    click(client, "#step-page-back").await;
    // The addresses are entered on the plan's accounts page.
    click(client, "#plan-accounts-open").await;
    wait_for(client, "#plan-accounts-paste").await;
    set(
        client,
        "#plan-accounts-paste",
        "info@example.test\nsales@example.test\nghost@example.test",
    )
    .await;
    click(client, "#plan-accounts-read").await;
    wait_for(client, "#account-2").await;
    click(client, "#plan-accounts-all-users").await;
}

#[tokio::test]
async fn a_refused_address_is_marked_and_holds_the_mx_switch() {
    let dist = built_frontend();
    if dist.is_none() || !Browser::available() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_E2E"),
            "browser tests need dist/ (cargo xtask dist) and chromium + chromedriver"
        );
        eprintln!("skipped: build dist/ and install chromium + chromium-driver to run");
        return;
    }
    if !Postfix::available() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_POSTFIX"),
            "{}",
            Postfix::unavailable_reason()
        );
        eprintln!("skipped: {}", Postfix::unavailable_reason());
        return;
    }
    let postfix = Postfix::start(&PostfixOptions {
        hostname: "ns1.example.test".into(),
        domain: "example.test".into(),
        mailboxes: vec!["info@example.test".into(), "sales@example.test".into()],
        tls: None,
    })
    .await
    .expect("postfix starts");
    let authority = DnsAuthority::fixtures().await.expect("authority starts");
    let mut probe = ProbeApiConfig::new(true, 10);
    probe.addresses = DirectPolicy::Loopback {
        port: postfix.addr.port(),
    };
    probe.helo = "planner.example.test".into();
    let config = ServerConfig {
        probe,
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(authority.addr, dist, config)
        .await
        .expect("server starts");
    let browser = Browser::start(&BrowserOptions {
        window: (1280, 2000),
        ..BrowserOptions::default()
    })
    .await
    .expect("browser starts");
    let client = &browser.client;
    plan_with_three_addresses(client, &server.base_url).await;

    // The server allows the probe, so the page offers it; nothing is held before.
    click(client, "#plan-probe-run").await;
    let row = |n: usize| format!("#plan-accounts-table tbody tr:nth-child({n}) .acceptance");
    let ghost = wait_for_text(
        client,
        &format!("{}[data-verdict=refused]", row(3)),
        "受け取れません",
    )
    .await;
    assert!(
        ghost.contains("アカウントかエイリアスを作ってください"),
        "{ghost}"
    );
    assert!(
        ghost.contains("Recipient address rejected: User unknown in virtual mailbox table"),
        "Postfix's own words: {ghost}"
    );
    for n in [1, 2] {
        wait_for_text(
            client,
            &format!("{}[data-verdict=accepted]", row(n)),
            "受け取れます",
        )
        .await;
    }
    // Back on the plan's page, the schedule holds the MX switch and names the address.
    click(client, "#step-page-back").await;
    wait_for_text(client, "#plan-step-cutover[data-held=true]", "保留中").await;
    let issue = wait_for_text(
        client,
        "#plan-issues li[data-code=mx-held-address-refused]",
        "ghost@example.test",
    )
    .await;
    assert!(!issue.contains("info@example.test"), "{issue}");

    // Retiring the address (meant to bounce) lifts the hold.
    click(client, "#plan-accounts-open").await;
    set(client, "#account-2", "retire").await;
    wait_for(client, "#plan-accounts-table tr[data-destination=retire]").await;
    click(client, "#step-page-back").await;
    wait_for(client, "#plan-step-cutover").await;
    let deadline = std::time::Instant::now() + crate::page::WAIT;
    while client
        .find(Locator::Css("#plan-step-cutover[data-held=true]"))
        .await
        .is_ok()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the hold never lifted"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(!postfix.log().contains("data="), "no message was ever sent");

    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn without_the_operators_flag_the_page_says_how_to_probe_from_a_server() {
    let Some((authority, server, browser)) = setup(&BrowserOptions::default()).await else {
        return;
    };
    let client = &browser.client;
    plan_with_three_addresses(client, &server.base_url).await;
    let text = wait_for_text(
        client,
        "#plan-probe[data-off=true]",
        "mailmove probe example.test --target custom --mx \"10 ns1.example.test\" --accounts accounts.csv",
    )
    .await;
    assert!(text.contains("OP25B"), "{text}");
    assert!(client.find(Locator::Css("#plan-probe-run")).await.is_err());

    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}
