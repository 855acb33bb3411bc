//! The planner and its accounts and records pages on a 390 px phone: nothing scrolls
//! sideways (not the page, not a table), and no host name or address is broken in the
//! middle of a label.

use mailmove_testkit::browser::BrowserOptions;

use crate::page::{broken_mid_label, click, set, setup, sideways, wait_for, wait_for_text};

#[tokio::test]
async fn the_planner_fits_a_phone_without_breaking_host_names() {
    let options = BrowserOptions {
        window: (390, 900),
        ..BrowserOptions::default()
    };
    let Some((_authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/plan?domain=customer.test&target=google-workspace&source=xserver&dns_host=xserver&old_ttl=3600&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for(client, "#plan-steps").await;
    set(client, "#plan-cutover", "2027-02-16T19:00").await;
    wait_for_text(client, "#plan-steps", "2月16日(火) 19:00").await;
    fits_the_phone(
        client,
        &[
            "#plan-schedule",
            "#plan-records-summary",
            "#plan-accounts-summary",
            "#plan-checklist",
            "nav",
        ],
        &["#plan-steps .mono"],
    )
    .await;
    for (name, css) in [
        ("planner-schedule-ja-390", "#plan-schedule"),
        ("planner-accounts-summary-ja-390", "#plan-accounts-summary"),
        ("planner-records-summary-ja-390", "#plan-records-summary"),
    ] {
        screenshot_of(client, name, css).await;
    }

    // The records page, on the same phone.
    click(client, "#plan-records-open").await;
    wait_for(client, "#plan-records-table").await;
    fits_the_phone(
        client,
        &["#plan-records", "#plan-record-inputs", "nav"],
        &["#plan-records-table .mono", "#plan-host-table .mono"],
    )
    .await;
    screenshot_of(client, "planner-records-ja-390", "#plan-records").await;
    crate::report_page::save_screenshot(
        "planner-records-page-top-ja-390",
        client.screenshot().await.expect("png"),
    );
    click(client, "#step-page-back").await;

    // The accounts page, on the same phone.
    click(client, "#plan-accounts-open").await;
    set(
        client,
        "#plan-accounts-paste",
        "customer-support-desk@customer.test\ntaro@customer.test",
    )
    .await;
    click(client, "#plan-accounts-read").await;
    wait_for(client, "#account-1").await;
    fits_the_phone(
        client,
        &["#plan-accounts", "nav"],
        &["#plan-accounts-table th .mono"],
    )
    .await;
    screenshot_of(client, "planner-accounts-ja-390", "#plan-accounts").await;
    crate::report_page::save_screenshot(
        "planner-accounts-page-top-ja-390",
        client.screenshot().await.expect("png"),
    );

    // Back on the plan, at 1280 px.
    click(client, "#step-page-back").await;
    wait_for_text(client, "#plan-accounts-count", "2 件").await;
    client.set_window_size(1280, 1000).await.expect("resize");
    screenshot_of(client, "planner-schedule-ja", "#plan-schedule").await;
    click(client, "#plan-records-open").await;
    screenshot_of(client, "planner-records-ja", "#plan-records").await;
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
}

/// Nothing in `scopes` scrolls sideways, nor the page, and no name in `labels` is
/// broken in the middle of a label.
async fn fits_the_phone(client: &fantoccini::Client, scopes: &[&str], labels: &[&str]) {
    for scope in scopes {
        assert_eq!(
            sideways(client, scope).await,
            serde_json::json!([]),
            "{scope} scrolls sideways at 390 px"
        );
    }
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .expect("widths");
    assert_eq!(overflow.as_i64(), Some(0), "the page scrolls sideways");
    for css in labels {
        assert_eq!(
            broken_mid_label(client, css).await,
            serde_json::json!([]),
            "{css}: a host name or address broken inside a label"
        );
    }
}

/// Saves a screenshot of the element at `css` as `name`.
async fn screenshot_of(client: &fantoccini::Client, name: &str, css: &str) {
    crate::report_page::save_screenshot(
        name,
        wait_for(client, css).await.screenshot().await.expect("png"),
    );
}
