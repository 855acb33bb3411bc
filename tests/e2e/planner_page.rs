//! The planner in Chromium: a link from a check starts a plan, the schedule follows the
//! chosen moment (risk, issues, dated steps), the records follow the console values,
//! everything survives a reload, and the monitor link carries the plan's moment.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use mailmove_testkit::browser::BrowserOptions;

use crate::page::{click, set, setup, wait_for, wait_for_text};

use crate::page::WAIT;

#[tokio::test]
async fn a_plan_from_a_link_follows_the_inputs_and_survives_a_reload() {
    let options = BrowserOptions {
        window: (1280, 2000),
        ..BrowserOptions::default()
    };
    let Some((authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/plan?domain=customer.test&old_ttl=3600&dns_host=xserver&source=xserver&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for(client, "#plan-steps").await;
    set(client, "#plan-cutover", "2027-02-16T19:00").await;
    let cutover = wait_for_text(
        client,
        "#plan-steps tr[data-step=cutover]",
        "2月16日(火) 19:00",
    )
    .await;
    assert!(cutover.contains("MX を切り替える"), "{cutover}");
    // An hour's TTL is lowered the same morning; 2027-02-11 is a holiday.
    wait_for_text(
        client,
        "#plan-steps tr[data-step=lower-ttl]",
        "2月16日(火) 10:00",
    )
    .await;
    wait_for_text(
        client,
        "#plan-steps tr[data-step=prepare-records]",
        "2月10日(水) 10:00",
    )
    .await;
    let level = wait_for(client, "#plan-risk")
        .await
        .attr("data-level")
        .await
        .expect("attr");
    assert_eq!(level.as_deref(), Some("low"));

    // A holiday is risky, with better moments offered.
    // (Far ahead, so the better moments are not already past.)
    set(client, "#plan-cutover", "2099-11-23T10:00").await;
    wait_for(client, "#plan-issues li[data-code=cutover-risk]").await;
    wait_for(client, ".risk-reasons li[data-code=public-holiday]").await;
    // Each better moment is a button with its risk in words, and moves the cutover.
    let better = wait_for(client, "#plan-better button").await;
    let label = better.text().await.expect("text");
    assert!(label.contains("リスク低"), "{label}");
    assert!(
        !label.contains("2026-11") && !label.contains('T'),
        "{label}"
    );
    better.click().await.expect("click");
    let moved = wait_for(client, "#plan-cutover")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_ne!(moved.as_deref(), Some("2099-11-23T10:00"));
    wait_for(client, "#plan-risk[data-level=low]").await;

    // The console's values become records, on the records page.
    set(client, "#plan-cutover", "2027-02-16T19:00").await;
    click(client, "#plan-records-open").await;
    set(client, "#plan-token", "abc123").await;
    set(client, "#plan-rua", "dmarc@customer.test").await;
    let records = wait_for_text(
        client,
        "#plan-records-table",
        "google-site-verification=abc123",
    )
    .await;
    assert!(records.contains("smtp.google.com."), "{records}");
    assert!(
        records.contains("v=DMARC1; p=none; rua=mailto:dmarc@customer.test"),
        "{records}"
    );
    // What to type at the DNS host the check found (Xserver): its quirks, a blank host
    // field for the apex.
    wait_for_text(client, "#plan-host-notes", "自動で取り除かれます").await;
    wait_for_text(client, "#plan-host-table", "(空欄)").await;
    // Back on the plan's page: the checklist, and the records counted.
    click(client, "#step-page-back").await;
    wait_for_text(
        client,
        "#plan-markdown",
        "- [ ] **2027-02-16T19:00** MX を切り替える",
    )
    .await;
    wait_for_text(client, "#plan-records-count", "追加").await;

    // The monitor link carries the new MX, the TTL in effect and the moment of change
    // (19:00 in Japan is 10:00 UTC).
    let monitor = wait_for(client, "#plan-monitor-link")
        .await
        .attr("href")
        .await
        .expect("href")
        .unwrap_or_default();
    for part in [
        "domain=customer.test",
        "expect=smtp.google.com",
        "old_ttl=300",
        "changed_at=1802772000",
    ] {
        assert!(monitor.contains(part), "{part}: {monitor}");
    }

    // A reload keeps everything (saved in this browser).
    client.refresh().await.expect("reload");
    wait_for_text(
        client,
        "#plan-steps tr[data-step=cutover]",
        "2月16日(火) 19:00",
    )
    .await;
    click(client, "#plan-records-open").await;
    let token = wait_for(client, "#plan-token")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(token.as_deref(), Some("abc123"));
    wait_for_text(
        client,
        "#plan-records-table",
        "google-site-verification=abc123",
    )
    .await;
    click(client, "#step-page-back").await;

    // Bad input says what is wrong and keeps the plan.
    set(client, "#plan-busy", "next week").await;
    wait_for_text(client, "#plan-basics", "繁忙期を読み取れません: next week").await;
    set(client, "#plan-cutover", "9999-12-31T23:59").await;
    wait_for_text(client, "#plan-basics", "範囲外").await;
    wait_for_text(
        client,
        "#plan-steps tr[data-step=cutover]",
        "2月16日(火) 19:00",
    )
    .await;

    // Accounts, on their own page: a forgotten address is an error in the schedule
    // until decided.
    click(client, "#plan-accounts-open").await;
    set(
        client,
        "#plan-accounts-paste",
        "tanaka@customer.test\nsuzuki\ninfo@customer.test",
    )
    .await;
    click(client, "#plan-accounts-read").await;
    let deadline = Instant::now() + WAIT;
    while client
        .find_all(Locator::Css(
            "#plan-accounts-table tbody tr[data-destination=unassigned]",
        ))
        .await
        .expect("rows")
        .len()
        < 3
    {
        assert!(
            Instant::now() < deadline,
            "the three addresses never showed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for(client, "#plan-accounts-issues li[data-code=no-destination]").await;
    // One line says how many are left, as the CLI does, here and on the plan's page,
    // whose schedule has the error.
    wait_for_text(
        client,
        "#plan-accounts-undecided",
        "3件中3件のアドレスは、移行先",
    )
    .await;
    click(client, "#step-page-back").await;
    wait_for(client, "#plan-issues li[data-code=accounts-undecided]").await;
    wait_for_text(
        client,
        "#plan-accounts-undecided",
        "3件中3件のアドレスは、移行先",
    )
    .await;
    click(client, "#plan-accounts-open").await;
    client
        .find(Locator::Css("#plan-accounts-all-users"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    let left = wait_for(client, "#plan-accounts-undecided")
        .await
        .text()
        .await
        .expect("text");
    assert!(left.trim().is_empty(), "{left}");
    assert_eq!(
        client
            .find_all(Locator::Css(
                "#plan-accounts-table tbody tr[data-destination=user]"
            ))
            .await
            .expect("rows")
            .len(),
        3
    );

    // Old mail: POP without a copy means the mail is on the PC; IMAP with a size uses
    // the target's own tool with an estimate.
    set(client, "#account-read-0", "pop").await;
    wait_for(
        client,
        "#plan-accounts-table tbody tr:nth-child(1) .advice[data-method=client-import]",
    )
    .await;
    set(client, "#account-read-1", "imap").await;
    set(client, "#account-size-1", "2048").await;
    let advice = wait_for_text(
        client,
        "#plan-accounts-table tbody tr:nth-child(2) .advice[data-method=target-tool]",
        "時間",
    )
    .await;
    assert!(advice.contains("データ移行サービス"), "{advice}");
    // Decided: the plan's page no longer has the error.
    click(client, "#step-page-back").await;
    wait_for(client, "#plan-steps").await;
    let deadline = Instant::now() + WAIT;
    while client
        .find(Locator::Css(
            "#plan-issues li[data-code=accounts-undecided]",
        ))
        .await
        .is_ok()
    {
        assert!(Instant::now() < deadline, "still undecided");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The share link carries the whole plan: opened in a browser with nothing saved,
    // it shows the same plan.
    let share = wait_for(client, "#plan-share")
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    assert!(share.contains("/plan#plan="), "{share}");
    client
        .execute("localStorage.clear();", vec![])
        .await
        .expect("clear");
    client.goto("about:blank").await.expect("leave");
    // Dates are written in the page's language, which a browser with nothing saved
    // takes from its own settings: ask for Japanese, as this test reads it.
    let share = share.replacen("/plan#", "/plan?lang=ja#", 1);
    client.goto(&share).await.expect("share link loads");
    wait_for_text(
        client,
        "#plan-steps tr[data-step=cutover]",
        "2月16日(火) 19:00",
    )
    .await;
    wait_for_text(client, "#plan-accounts-count", "3 件").await;
    crate::report_page::save_screenshot("planner-ja", client.screenshot().await.expect("png"));
    // The received plan was saved here, so its records and accounts pages have it.
    click(client, "#plan-records-open").await;
    wait_for_text(
        client,
        "#plan-records-table",
        "google-site-verification=abc123",
    )
    .await;
    crate::report_page::save_screenshot(
        "planner-records-page-ja",
        client.screenshot().await.expect("png"),
    );
    click(client, "#step-page-back").await;
    click(client, "#plan-accounts-open").await;
    wait_for_text(client, "#plan-accounts-table", "suzuki@customer.test").await;
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}
