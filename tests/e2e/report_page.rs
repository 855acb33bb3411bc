//! The check page's report in Chromium: share links that run on load, providers and
//! findings for fixture domains in both languages, and "could not check" as its own
//! section when the DNS behind the server does not answer.

use fantoccini::{Client, Locator};
use mailmove_e2e::server::{TestServer, built_frontend};
use mailmove_testkit::browser::{Browser, BrowserOptions};

use crate::page::{setup, wait_for_done, wait_for_text};

async fn codes(client: &Client) -> Vec<String> {
    let mut codes = Vec::new();
    for element in client
        .find_all(Locator::Css("#findings article.finding"))
        .await
        .expect("findings")
    {
        if let Some(code) = element.attr("data-code").await.expect("attr") {
            codes.push(code);
        }
    }
    codes
}

pub(crate) fn save_screenshot(name: &str, png: Vec<u8>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/screenshots");
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(format!("{dir}/{name}.png"), png);
}

#[tokio::test]
async fn a_share_link_runs_the_check_and_shows_provider_and_findings() {
    let options = BrowserOptions {
        window: (1280, 2400),
        ..BrowserOptions::default()
    };
    let Some((authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;

    client
        .goto(&format!(
            "{}/?domain=workspace.test&lang=en",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_done(client).await;
    wait_for_text(client, "#mail-provider", "Google Workspace").await;
    wait_for_text(client, "#providers", "smtp.google.com").await;
    let found = codes(client).await;
    assert!(!found.contains(&"mx-missing".to_owned()), "{found:?}");
    assert!(!found.contains(&"spf-missing".to_owned()), "{found:?}");
    // Google's own hosts do not resolve in the test network: unknown, shown as such.
    wait_for_text(client, "#could-not-check", "smtp.google.com").await;
    wait_for_text(client, "#dkim-table", "2048").await;
    // Every record read, with its TTL as served.
    let all = wait_for_text(client, "#all-records", "_dmarc.workspace.test").await;
    assert!(all.contains("TXT") && all.contains("MX"), "{all}");
    save_screenshot("report-en", client.screenshot().await.expect("screenshot"));

    // A move in progress, in Japanese, with the target chosen in the link.
    client
        .goto(&format!(
            "{}/?domain=migrating.test&target=google-workspace&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_done(client).await;
    let provider = wait_for_text(client, "#mail-provider", "複数").await;
    assert!(provider.contains("Google Workspace"), "{provider}");
    let found = codes(client).await;
    assert!(
        found.contains(&"mx-mixed-providers".to_owned()),
        "{found:?}"
    );
    let readiness = wait_for_text(client, "#readiness", "Google Workspace").await;
    // Each item says its state in a word: 「未確認」 for what is still to do, not "…".
    assert!(
        readiness.contains("未確認: ") && !readiness.contains('…'),
        "{readiness}"
    );
    wait_for_text(client, "#findings h2", "指摘事項").await;
    let selected = client
        .find(Locator::Css("#target"))
        .await
        .expect("target")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(selected.as_deref(), Some("google-workspace"));
    save_screenshot("report-ja", client.screenshot().await.expect("screenshot"));

    // The NS check reached each name server through the server: the serial is shown.
    client
        .goto(&format!("{}/?domain=example.test&lang=en", server.base_url))
        .await
        .expect("page loads");
    wait_for_done(client).await;
    wait_for_text(client, "#ns-table", "2026112801").await;

    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn an_unreachable_dns_is_could_not_check_not_a_broken_domain() {
    let Some(dist) = built_frontend() else {
        assert!(!mailmove_testkit::required("MAILMOVE_REQUIRE_E2E"));
        return;
    };
    if !Browser::available() {
        assert!(!mailmove_testkit::required("MAILMOVE_REQUIRE_E2E"));
        return;
    }
    // Nothing listens there: every question the server asks fails.
    let closed = ([127, 0, 0, 1], mailmove_testkit::free_port()).into();
    let server = TestServer::start(closed, Some(dist)).await.expect("server");
    let browser = Browser::start(&BrowserOptions::default())
        .await
        .expect("browser");
    let client = &browser.client;
    client
        .goto(&format!("{}/?domain=example.test&lang=en", server.base_url))
        .await
        .expect("page loads");
    wait_for_done(client).await;
    wait_for_text(client, "#could-not-check", "example.test MX").await;
    let found = codes(client).await;
    for broken in ["mx-missing", "spf-missing", "dmarc-missing"] {
        assert!(!found.contains(&broken.to_owned()), "{found:?}");
    }
    assert!(
        found.contains(&"dns-could-not-check".to_owned()),
        "{found:?}"
    );
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn an_invalid_share_link_says_what_is_wrong() {
    let Some((authority, server, browser)) = setup(&BrowserOptions::default()).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/?domain=printer.local&lang=en",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_text(client, "#domain-error", "special-use").await;
    assert!(
        client.find(Locator::Css("#report")).await.is_err(),
        "no survey for an invalid name"
    );
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

/// A typo: the domain does not exist. The page says so once, as an error, in the
/// summary and as the only finding, and draws no empty record tables; a null MX is
/// shown as accepting no mail. Screenshots at 1280 and 390 px.
#[tokio::test]
async fn a_domain_that_does_not_exist_and_a_null_mx() {
    let Some((authority, server, browser)) = setup(&BrowserOptions::default()).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/?domain=nxdomain.hostile.test&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_done(client).await;
    wait_for_text(client, "#domain-state", "存在しません").await;
    assert_eq!(codes(client).await, ["domain-not-found"]);
    wait_for_text(client, "#findings", "nxdomain.hostile.test").await;
    for absent in ["#mx-table", "#spf-tree", "#providers"] {
        assert!(
            client.find(Locator::Css(absent)).await.is_err(),
            "{absent} is drawn for a domain that does not exist"
        );
    }
    save_screenshot(
        "report-nxdomain-ja",
        client.screenshot().await.expect("png"),
    );

    client
        .goto(&format!(
            "{}/?domain=mx-null.findings.test&lang=en",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_done(client).await;
    wait_for_text(client, "#mx-table", "(accepts no mail)").await;
    let found = codes(client).await;
    assert!(found.contains(&"mx-null".to_owned()), "{found:?}");
    assert!(!found.contains(&"mx-missing".to_owned()), "{found:?}");
    save_screenshot("report-null-mx-en", client.screenshot().await.expect("png"));

    // Leftover hosts in SPF: three void lookups, each dead host shown in the tree.
    client
        .goto(&format!(
            "{}/?domain=spf-dead-hosts.findings.test&lang=en",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_done(client).await;
    wait_for_text(client, "#spf-void", "3").await;
    let tree = wait_for_text(client, "#spf-tree", "old-mx2.findings.test").await;
    assert!(
        tree.contains("legacy.findings.test") && tree.contains("not found in DNS"),
        "{tree}"
    );
    let found = codes(client).await;
    for code in ["spf-too-many-void-lookups", "spf-dead-host"] {
        assert!(found.contains(&code.to_owned()), "{found:?}");
    }
    save_screenshot(
        "report-spf-dead-en",
        client.screenshot().await.expect("png"),
    );

    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

/// Narrow phone screens too: the domain that does not exist.
#[tokio::test]
async fn a_missing_domain_on_a_phone() {
    let options = BrowserOptions {
        window: (390, 1600),
        ..BrowserOptions::default()
    };
    let Some((authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/?domain=nxdomain.hostile.test&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_done(client).await;
    wait_for_text(client, "#domain-state", "存在しません").await;
    save_screenshot(
        "report-nxdomain-ja-390",
        client.screenshot().await.expect("png"),
    );
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}
