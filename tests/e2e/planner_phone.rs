//! The planner and its accounts page on a 390 px phone: nothing scrolls sideways (not the page, not a table),
//! and no host name or address is broken in the middle of a label.

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
    for scope in [
        "#plan-schedule",
        "#plan-records-summary",
        "#plan-accounts-summary",
        "#plan-checklist",
        "nav",
    ] {
        assert_eq!(
            sideways(client, scope).await,
            serde_json::json!([]),
            "{scope} scrolls sideways at 390 px"
        );
    }
    assert_eq!(
        page_overflow(client).await,
        Some(0),
        "the page scrolls sideways"
    );
    assert_eq!(
        broken_mid_label(client, "#plan-steps .mono").await,
        serde_json::json!([]),
        "a host name broken inside a label"
    );
    for (name, css) in [
        ("planner-schedule-ja-390", "#plan-schedule"),
        ("planner-accounts-summary-ja-390", "#plan-accounts-summary"),
        ("planner-records-summary-ja-390", "#plan-records-summary"),
    ] {
        crate::report_page::save_screenshot(
            name,
            wait_for(client, css).await.screenshot().await.expect("png"),
        );
    }

    // The records page, on the same phone.
    click(client, "#plan-records-open").await;
    wait_for(client, "#plan-records-table").await;
    for scope in ["#plan-records", "#plan-record-inputs", "nav"] {
        assert_eq!(
            sideways(client, scope).await,
            serde_json::json!([]),
            "{scope} scrolls sideways at 390 px"
        );
    }
    assert_eq!(
        page_overflow(client).await,
        Some(0),
        "the page scrolls sideways"
    );
    for css in ["#plan-records-table .mono", "#plan-host-table .mono"] {
        assert_eq!(
            broken_mid_label(client, css).await,
            serde_json::json!([]),
            "{css}: a host name broken inside a label"
        );
    }
    crate::report_page::save_screenshot(
        "planner-records-ja-390",
        wait_for(client, "#plan-records")
            .await
            .screenshot()
            .await
            .expect("png"),
    );
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
    for scope in ["#plan-accounts", "nav"] {
        assert_eq!(
            sideways(client, scope).await,
            serde_json::json!([]),
            "{scope} scrolls sideways at 390 px"
        );
    }
    assert_eq!(
        page_overflow(client).await,
        Some(0),
        "the page scrolls sideways"
    );
    assert_eq!(
        broken_mid_label(client, "#plan-accounts-table th .mono").await,
        serde_json::json!([]),
        "an address broken inside a label"
    );
    crate::report_page::save_screenshot(
        "planner-accounts-ja-390",
        wait_for(client, "#plan-accounts")
            .await
            .screenshot()
            .await
            .expect("png"),
    );
    crate::report_page::save_screenshot(
        "planner-accounts-page-top-ja-390",
        client.screenshot().await.expect("png"),
    );

    // Back on the plan, at 1280 px.
    click(client, "#step-page-back").await;
    wait_for_text(client, "#plan-accounts-count", "2 件").await;
    client.set_window_size(1280, 1000).await.expect("resize");
    crate::report_page::save_screenshot(
        "planner-schedule-ja",
        wait_for(client, "#plan-schedule")
            .await
            .screenshot()
            .await
            .expect("png"),
    );
    click(client, "#plan-records-open").await;
    crate::report_page::save_screenshot(
        "planner-records-ja",
        wait_for(client, "#plan-records")
            .await
            .screenshot()
            .await
            .expect("png"),
    );
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
}

/// How far the page scrolls sideways, in CSS pixels.
async fn page_overflow(client: &fantoccini::Client) -> Option<i64> {
    client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .expect("widths")
        .as_i64()
}
