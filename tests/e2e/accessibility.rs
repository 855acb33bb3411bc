//! Accessibility and small screens: axe-core (npm, injected into the page) finds no
//! violation of any impact on the check page with a full report, in both languages,
//! on the embed, the snippet page, the monitor, the planner with its saved plans open,
//! its accounts and records pages (the old-mail form in `planner_accounts.rs`); and at 360 px wide nothing overflows
//! sideways.

use fantoccini::Client;
use mailmove_testkit::browser::BrowserOptions;
use serde_json::Value;

use crate::page::{setup, wait_for, wait_for_done};

fn axe_source() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/xtask/npm/node_modules/axe-core/axe.min.js"
    );
    std::fs::read_to_string(path).expect("axe-core is installed by `cargo xtask setup`")
}

/// Runs axe on the current page: every violation, of any impact, described.
pub(crate) async fn axe_violations(client: &Client) -> Vec<String> {
    client
        .execute(&axe_source(), Vec::new())
        .await
        .expect("inject axe");
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { resultTypes: ['violations'] })\
                .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,\
                    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))\
                .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));",
            Vec::new(),
        )
        .await
        .expect("axe runs");
    let Value::Array(violations) = result else {
        panic!("unexpected axe result {result}");
    };
    violations
        .into_iter()
        .map(|violation| violation.to_string())
        .collect()
}

#[tokio::test]
async fn no_axe_violation_of_any_impact() {
    let Some((authority, server, browser)) = setup(&BrowserOptions::default()).await else {
        return;
    };
    let client = &browser.client;
    for page in [
        "/?domain=migrating.test&target=google-workspace&lang=ja",
        "/?domain=example.test&lang=en",
        "/embed?domain=example.test&lang=ja&accent=%23ffcc00&cta=https://example.jp/&company=Test",
        "/embed/snippet?lang=en",
        "/?domain=printer.local&lang=en",
        "/monitor?domain=example.test&old_ttl=3600&lang=ja",
        "/monitor?lang=en",
        "/plan?domain=customer.test&old_ttl=3600&lang=ja",
        // The plan the visit before saved.
        "/plan/accounts?domain=customer.test&lang=ja",
        "/plan/records?domain=customer.test&lang=ja",
    ] {
        client
            .goto(&format!("{}{page}", server.base_url))
            .await
            .expect("page loads");
        if page.starts_with("/monitor?domain=") {
            wait_for_reading(client).await;
        } else if page.starts_with("/plan/accounts") {
            wait_for(client, "#plan-accounts-paste").await;
        } else if page.starts_with("/plan/records") {
            wait_for(client, "#plan-records-table").await;
        } else if page.starts_with("/plan") {
            wait_for(client, "#plan-steps").await;
            client
                .execute("document.querySelector('#plan-saved').open = true;", vec![])
                .await
                .expect("open the saved plans");
            wait_for(client, "#plan-saved-table").await;
        } else if page.contains("domain=") && !page.contains(".local") {
            wait_for_done(client).await;
        } else {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        let violations = axe_violations(client).await;
        assert!(violations.is_empty(), "{page}: {violations:#?}");
    }
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn a_360_px_phone_gets_no_sideways_scrolling() {
    let options = BrowserOptions {
        window: (360, 800),
        ..BrowserOptions::default()
    };
    let Some((authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/?domain=workspace.test&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_done(client).await;
    assert_fits(client).await;
    let png = client.screenshot().await.expect("screenshot");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/screenshots");
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(format!("{dir}/report-phone-ja.png"), png);
    client
        .goto(&format!(
            "{}/monitor?domain=example.test&old_ttl=3600&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_reading(client).await;
    assert_fits(client).await;
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

async fn wait_for_reading(client: &Client) {
    client
        .wait()
        .at_most(crate::page::WAIT)
        .for_element(fantoccini::Locator::Css(".monitor-reading"))
        .await
        .expect("a monitor reading");
}

async fn assert_fits(client: &Client) {
    let widths = client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            Vec::new(),
        )
        .await
        .expect("widths");
    let scroll = widths[0].as_f64().expect("number");
    let viewport = widths[1].as_f64().expect("number");
    assert!(
        scroll <= viewport + 1.0,
        "page {scroll}px wide in a {viewport}px window"
    );
}
