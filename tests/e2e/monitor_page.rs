//! The cutover monitor page in Chromium against a loopback world mid-switch (see
//! `mailmove_testkit::cutover`): the lagging authority is named, the page refreshes by
//! itself, the "safe from" moment appears once every authority has switched (the same
//! moment the API and the CLI compute, see server/tests/monitor.rs), and the page says
//! so when the last resolver switches. With every authority silent, the moments
//! still come from the change time and the old TTL; a zone that keeps the old MX is
//! named first.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use mailmove_core::Lang;
use mailmove_core::monitor::{WATCH_MARGIN, human_time};
use mailmove_e2e::server::{TestServer, built_frontend};
use mailmove_server::ServerConfig;
use mailmove_server::monitor::monitor_resolvers;
use mailmove_testkit::browser::{Browser, BrowserOptions};
use mailmove_testkit::cutover::{self, CutoverWorld};

/// A reading takes up to ~5 s (one resolver never answers) and the page waits 5 s
/// between readings.
const WAIT: Duration = Duration::from_secs(60);

async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            return element;
        }
        assert!(Instant::now() < deadline, "{css} never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn views(client: &Client) -> Vec<String> {
    let mut views = Vec::new();
    for row in client
        .find_all(Locator::Css("#monitor-table tbody tr"))
        .await
        .expect("rows")
    {
        views.push(
            row.attr("data-view")
                .await
                .expect("attr")
                .unwrap_or_default(),
        );
    }
    views
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_follows_the_switch_until_everything_has_switched() {
    let Some(dist) = built_frontend() else {
        assert!(!mailmove_testkit::required("MAILMOVE_REQUIRE_E2E"));
        return;
    };
    if !Browser::available() {
        assert!(!mailmove_testkit::required("MAILMOVE_REQUIRE_E2E"));
        return;
    }
    let mut world = CutoverWorld::start().await.expect("servers");
    let config = ServerConfig {
        monitor_resolvers: monitor_resolvers(&world.resolver_specs()).expect("specs"),
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(world.upstream(), Some(dist), config)
        .await
        .expect("server");
    let options = BrowserOptions {
        window: (1280, 1600),
        ..BrowserOptions::default()
    };
    let browser = Browser::start(&options).await.expect("browser");
    let client = &browser.client;
    let changed_at = mailmove_server::monitor::unix_now() - 60;
    client
        .goto(&format!(
            "{}/monitor?domain={}&expect={}&old_ttl={}&changed_at={changed_at}&every=5&lang=en",
            server.base_url,
            cutover::DOMAIN,
            cutover::NEW_MX,
            cutover::OLD_TTL
        ))
        .await
        .expect("page loads");

    // Mid-switch: ns3 lags, nothing is promised.
    let headline = wait_for(client, "#monitor-headline")
        .await
        .text()
        .await
        .expect("text");
    // The tab names the monitor, not the bundle it shares with the snippet page.
    let title = client.title().await.expect("title");
    assert!(title.starts_with("MX 切り替えの監視"), "{title}");
    assert!(headline.contains("ns3.cutover.test"), "{headline}");
    assert_eq!(
        views(client).await,
        ["new", "new", "old", "new", "old", "unreachable"]
    );
    let safe = client
        .find(Locator::Css("#monitor-safe-from"))
        .await
        .expect("safe-from")
        .text()
        .await
        .expect("text");
    assert!(safe.contains("Cannot be computed"), "{safe}");
    let first_reading = client
        .find(Locator::Css(".monitor-reading"))
        .await
        .expect("reading")
        .attr("data-checked-at")
        .await
        .expect("attr");

    // ns3 catches up; the page notices on its own and shows the moment the API and the
    // CLI compute: the change plus the old TTL plus the margin.
    world.switch_lagging_authority().await.expect("switch ns3");
    let expected = changed_at + u64::from(cutover::OLD_TTL) + WATCH_MARGIN;
    let safe = wait_for(
        client,
        &format!("#monitor-safe-from[data-unix='{expected}']"),
    )
    .await;
    assert!(!safe.text().await.expect("text").is_empty());
    let later_reading = client
        .find(Locator::Css(".monitor-reading"))
        .await
        .expect("reading")
        .attr("data-checked-at")
        .await
        .expect("attr");
    assert_ne!(
        first_reading, later_reading,
        "a new reading replaced the first"
    );
    assert_eq!(
        views(client).await,
        ["new", "new", "new", "new", "old", "unreachable"]
    );
    let progress = client
        .find(Locator::Css("#monitor-progress-text"))
        .await
        .expect("progress")
        .text()
        .await
        .expect("text");
    assert!(progress.ends_with("1/2"), "{progress}");
    wait_for(client, "#monitor-countdown").await;
    let countdown = crate::page::wait_for_text(client, "#monitor-countdown", "Next check in").await;
    assert!(countdown.ends_with('s'), "{countdown}");

    // The cached resolver switches: the page says everything has, and stops.
    world
        .switch_cached_resolver()
        .await
        .expect("switch resolver");
    let done = wait_for(client, "#monitor-done")
        .await
        .text()
        .await
        .expect("text");
    assert!(
        done.contains("Every server now returns the new MX"),
        "{done}"
    );
    assert_eq!(
        views(client).await,
        ["new", "new", "new", "new", "new", "unreachable"]
    );
    let countdown = client
        .find(Locator::Css("#monitor-countdown"))
        .await
        .expect("countdown")
        .text()
        .await
        .expect("text");
    assert!(
        countdown.is_empty(),
        "no refresh after the end: {countdown}"
    );
    crate::report_page::save_screenshot("monitor-en", client.screenshot().await.expect("png"));

    // The same link in Japanese.
    client
        .goto(&format!(
            "{}/monitor?domain={}&expect={}&old_ttl={}&changed_at={changed_at}&lang=ja",
            server.base_url,
            cutover::DOMAIN,
            cutover::NEW_MX,
            cutover::OLD_TTL
        ))
        .await
        .expect("page loads");
    let done = wait_for(client, "#monitor-done")
        .await
        .text()
        .await
        .expect("text");
    assert!(done.contains("すべてのサーバー"), "{done}");
    wait_for(
        client,
        &format!("#monitor-safe-from[data-unix='{expected}']"),
    )
    .await;
    crate::report_page::save_screenshot("monitor-ja", client.screenshot().await.expect("png"));

    // On a phone nothing scrolls sideways (the server table becomes one card per
    // server), and no host name is broken inside a label.
    client.set_window_size(390, 1400).await.expect("resize");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let overflow = client
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .expect("widths");
        if overflow.as_i64() == Some(0) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "scrolls sideways by {overflow} px at 390 px"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        crate::page::sideways(client, ".monitor-reading").await,
        serde_json::json!([]),
        "the reading scrolls sideways at 390 px"
    );
    assert_eq!(
        crate::page::broken_mid_label(client, ".monitor-reading td.mono").await,
        serde_json::json!([]),
        "host names broken inside a label"
    );
    crate::report_page::save_screenshot("monitor-ja-390", client.screenshot().await.expect("png"));
    client.set_window_size(1280, 1400).await.expect("resize");

    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn a_bad_link_says_what_is_wrong() {
    let Some((authority, server, browser)) = crate::page::setup(&BrowserOptions::default()).await
    else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/monitor?domain=localhost&lang=en",
            server.base_url
        ))
        .await
        .expect("page loads");
    let error = wait_for(client, "#monitor-error")
        .await
        .text()
        .await
        .expect("text");
    assert!(!error.is_empty());
    // The form still works: a TTL beyond 32 bits is refused before anything is asked.
    let ttl = client
        .find(Locator::Css("#monitor-old-ttl"))
        .await
        .expect("ttl");
    ttl.send_keys("99999999999").await.expect("type");
    client
        .find(Locator::Css("#monitor-domain"))
        .await
        .expect("domain")
        .clear()
        .await
        .expect("clear");
    client
        .find(Locator::Css("#monitor-domain"))
        .await
        .expect("domain")
        .send_keys("example.test")
        .await
        .expect("type");
    client
        .find(Locator::Css("#monitor-start"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    let form_error = crate::page::wait_for_text(client, "#monitor-form-error", "TTL").await;
    assert!(form_error.contains("99999999999"), "{form_error}");
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

/// The browser's UTC offset (minutes east) at `unix`, as the page computes it.
async fn browser_offset(client: &Client, unix: u64) -> i32 {
    let minutes_west = client
        .execute(
            "return new Date(arguments[0] * 1000).getTimezoneOffset();",
            vec![serde_json::json!(unix)],
        )
        .await
        .expect("script runs");
    -(minutes_west.as_i64().expect("a number") as i32)
}

/// Issue 16, item 9: no authoritative server answers (a network that blocks direct
/// DNS), yet with `old_ttl` and `changed_at` the page shows both moments as people
/// write them, and on what they rest. Item 10: when the zone keeps the old exchanger,
/// the headline says so first and, opened from a plan, links to its records step.
#[tokio::test(flavor = "multi_thread")]
async fn with_no_authority_answering_the_page_still_shows_both_moments() {
    let Some(dist) = built_frontend() else {
        assert!(!mailmove_testkit::required("MAILMOVE_REQUIRE_E2E"));
        return;
    };
    if !Browser::available() {
        assert!(!mailmove_testkit::required("MAILMOVE_REQUIRE_E2E"));
        return;
    }
    let mut world = CutoverWorld::start().await.expect("servers");
    world.silence_authorities().await.expect("silence");
    let config = ServerConfig {
        monitor_resolvers: monitor_resolvers(&world.resolver_specs()).expect("specs"),
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(world.upstream(), Some(dist), config)
        .await
        .expect("server");
    let browser = Browser::start(&BrowserOptions::default())
        .await
        .expect("browser");
    let client = &browser.client;
    let changed_at = mailmove_server::monitor::unix_now() - 60;
    let until = changed_at + u64::from(cutover::OLD_TTL);
    let safe = until + WATCH_MARGIN;
    for (lang, basis_start) in [
        (Lang::Ja, "権威 DNS サーバーに問い合わせられなかったため"),
        (Lang::En, "No authoritative name server could be asked"),
    ] {
        client
            .goto(&format!(
                "{}/monitor?domain={}&expect={}&old_ttl={}&changed_at={changed_at}&lang={}",
                server.base_url,
                cutover::DOMAIN,
                cutover::NEW_MX,
                cutover::OLD_TTL,
                lang.tag()
            ))
            .await
            .expect("page loads");
        for (id, unix) in [("monitor-old-until", until), ("monitor-safe-from", safe)] {
            let text = wait_for(client, &format!("#{id}[data-unix='{unix}']"))
                .await
                .text()
                .await
                .expect("text");
            let offset = browser_offset(client, unix).await;
            assert_eq!(text, human_time(unix, &|_| offset, lang, false), "{id}");
        }
        let headline = client
            .find(Locator::Css(
                "#monitor-headline[data-verdict='no-authority']",
            ))
            .await
            .expect("headline")
            .text()
            .await
            .expect("text");
        let offset = browser_offset(client, safe).await;
        assert!(
            headline.contains(&human_time(safe, &|_| offset, lang, false)),
            "{headline}"
        );
        let basis = client
            .find(Locator::Css("#monitor-basis"))
            .await
            .expect("basis")
            .text()
            .await
            .expect("text");
        assert!(basis.starts_with(basis_start), "{basis}");
    }

    // The zone answers again, with the old exchanger left in; opened from a plan.
    world.leave_old_mx_in_zone().await.expect("zone with both");
    client
        .goto(&format!(
            "{}/monitor?domain={}&old={}&old_ttl={}&changed_at={changed_at}&plan=1&lang=ja",
            server.base_url,
            cutover::DOMAIN,
            cutover::OLD_MX,
            cutover::OLD_TTL
        ))
        .await
        .expect("page loads");
    let headline = wait_for(client, "#monitor-headline[data-verdict='zone-lists-old']")
        .await
        .text()
        .await
        .expect("text");
    assert!(
        headline.starts_with(
            "ゾーンにまだ mail.cutover.test が残っています。DNS の管理画面で削除してください"
        ),
        "{headline}"
    );
    let link = client
        .find(Locator::Css("#monitor-plan-link"))
        .await
        .expect("link to the plan")
        .attr("href")
        .await
        .expect("href")
        .unwrap_or_default();
    assert_eq!(
        link,
        format!(
            "/plan/records?domain={}&lang=ja#plan-records",
            cutover::DOMAIN
        )
    );
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
}
