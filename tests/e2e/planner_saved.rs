//! One plan per domain in Chromium: planning a second domain keeps the first, both
//! survive a reload, the list switches between them, a share link never replaces a
//! saved plan without asking, and deleting asks first.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use mailmove_testkit::browser::BrowserOptions;

use crate::page::{set, setup, wait_for, wait_for_text};

use crate::page::WAIT;

async fn value(client: &Client, css: &str) -> String {
    wait_for(client, css)
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

async fn wait_for_value(client: &Client, css: &str, expected: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let now = value(client, css).await;
        if now == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{css} is {now:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn saved_domains(client: &Client) -> Vec<String> {
    let mut domains = Vec::new();
    for row in client
        .find_all(Locator::Css("#plan-saved-table tbody tr"))
        .await
        .expect("rows")
    {
        domains.push(
            row.attr("data-domain")
                .await
                .expect("attr")
                .unwrap_or_default(),
        );
    }
    domains.sort();
    domains
}

#[tokio::test]
async fn two_domains_plans_coexist_and_nothing_is_replaced_without_asking() {
    let options = BrowserOptions {
        window: (1280, 2000),
        ..BrowserOptions::default()
    };
    let Some((_authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    let base = &server.base_url;
    client
        .goto(&format!(
            "{base}/plan?domain=first.test&target=microsoft-365&lang=ja"
        ))
        .await
        .expect("page loads");
    wait_for(client, "#plan-steps").await;
    set(client, "#plan-cutover", "2027-02-16T19:00").await;
    wait_for_text(
        client,
        "#plan-steps tr[data-step=cutover]",
        "2月16日(火) 19:00",
    )
    .await;
    // The Markdown names the target as people know it.
    wait_for_text(client, "#plan-checklist", "→ Microsoft 365").await;

    // A link for another domain starts a second plan and keeps the first.
    client
        .goto(&format!("{base}/plan?domain=second.test&lang=ja"))
        .await
        .expect("page loads");
    wait_for_value(client, "#plan-domain", "second.test").await;
    client.refresh().await.expect("reload");
    wait_for_value(client, "#plan-domain", "second.test").await;
    wait_for(client, "#plan-saved summary")
        .await
        .click()
        .await
        .expect("open list");
    let deadline = Instant::now() + WAIT;
    while saved_domains(client).await != ["first.test", "second.test"] {
        assert!(
            Instant::now() < deadline,
            "{:?}",
            saved_domains(client).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Switching shows the first plan as it was left.
    wait_for(
        client,
        "#plan-saved-table tr[data-domain='first.test'] .plan-open",
    )
    .await
    .click()
    .await
    .expect("open");
    wait_for_value(client, "#plan-domain", "first.test").await;
    wait_for_value(client, "#plan-cutover", "2027-02-16T19:00").await;

    // A share link of an older state of first.test asks before replacing the saved one.
    let share = value(client, "#plan-share").await;
    set(client, "#plan-cutover", "2027-03-09T19:00").await;
    wait_for_text(
        client,
        "#plan-steps tr[data-step=cutover]",
        "3月9日(火) 19:00",
    )
    .await;
    client.goto("about:blank").await.expect("leave");
    client
        .goto(&share.replacen("/plan#", "/plan?lang=ja#", 1))
        .await
        .expect("share link loads");
    wait_for_text(client, "#plan-replace:not([hidden])", "first.test").await;
    wait_for(client, "#plan-replace-open")
        .await
        .click()
        .await
        .expect("keep saved");
    wait_for_value(client, "#plan-cutover", "2027-03-09T19:00").await;
    let hidden = wait_for(client, "#plan-replace")
        .await
        .attr("hidden")
        .await
        .expect("attr");
    assert!(hidden.is_some(), "the question stays after an answer");

    // Deleting asks first; the other plan is shown then.
    wait_for(client, "#plan-saved summary")
        .await
        .click()
        .await
        .expect("open list");
    wait_for(
        client,
        "#plan-saved-table tr[data-domain='first.test'] .plan-delete",
    )
    .await
    .click()
    .await
    .expect("delete");
    client.accept_alert().await.expect("confirm");
    wait_for_value(client, "#plan-domain", "second.test").await;
    let deadline = Instant::now() + WAIT;
    while saved_domains(client).await != ["second.test"] {
        assert!(
            Instant::now() < deadline,
            "{:?}",
            saved_domains(client).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A cutover two days away is too close for the preparation: the page says so once
/// (not a warning per step it placed itself) and one click moves the cutover to the
/// earliest moment that leaves the lead time.
#[tokio::test]
async fn a_cutover_too_close_offers_the_earliest_safe_one() {
    let options = BrowserOptions {
        window: (1280, 2000),
        ..BrowserOptions::default()
    };
    let Some((_authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/plan?domain=soon.test&old_ttl=3600&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for(client, "#plan-steps").await;
    let soon = client
        .execute(
            "const d = new Date(Date.now() + 2 * 86400000); return d.toISOString().slice(0, 10) + 'T19:00';",
            vec![],
        )
        .await
        .expect("date");
    let soon = soon.as_str().expect("a date").to_owned();
    set(client, "#plan-cutover", &soon).await;
    let issue = wait_for_text(
        client,
        "#plan-issues li[data-code=cutover-too-close]",
        "最も早く安全に切り替えられるのは",
    )
    .await;
    assert!(!issue.contains("cutover-too-close"), "no codes: {issue}");
    assert!(
        client
            .find(Locator::Css("#plan-issues li[data-code=in-the-past]"))
            .await
            .is_err(),
        "no warnings about the planner's own steps"
    );
    wait_for(client, "#plan-earliest")
        .await
        .click()
        .await
        .expect("move");
    let deadline = Instant::now() + WAIT;
    loop {
        let moved = value(client, "#plan-cutover").await;
        let gone = client
            .find(Locator::Css("#plan-issues li[data-code=cutover-too-close]"))
            .await
            .is_err();
        if moved.as_str() > soon.as_str() && gone {
            break;
        }
        assert!(Instant::now() < deadline, "still {moved}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
