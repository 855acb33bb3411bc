//! From a check to a plan in Chromium, with what the check read: the planner's records
//! show today's DNS as changes and deletions, a service outside the catalog gets its
//! typed MX set, and an IDN typed in Japanese goes through the browser's IDNA.

use fantoccini::Locator;
use mailmove_testkit::browser::BrowserOptions;

use crate::page::{click, set, setup, wait_for, wait_for_done, wait_for_text};

#[tokio::test]
async fn a_plan_from_a_check_shows_the_difference_from_todays_dns() {
    let options = BrowserOptions {
        window: (1280, 2000),
        ..BrowserOptions::default()
    };
    let Some((authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;

    // Before any check (a fresh browser, a shared link), the planner says there is
    // nothing to compare with, and never proposes to add a second SPF record: the
    // SPF is "change the one there is, or add it if there is none", the old
    // provider's MX is deleted by name, and every other MX too.
    client
        .goto(&format!(
            "{}/plan?domain=customer.test&source=xserver&lang=ja",
            server.base_url
        ))
        .await
        .expect("planner loads");
    // The plan's page sums the records up; its records page has them.
    wait_for_text(client, "#plan-records-count", "設定するレコード").await;
    click(client, "#plan-records-open").await;
    wait_for_text(client, "#plan-diff-source[data-diff=none]", "チェック").await;
    let table = wait_for_text(client, "#plan-records-table", "v=spf1 で始まるもの").await;
    assert!(table.contains("変更(なければ追加)"), "{table}");
    assert!(table.contains("xserver.jp"), "{table}");
    assert!(
        table.contains("上で設定した MX 以外の MX レコードをすべて削除"),
        "{table}"
    );
    crate::report_page::save_screenshot(
        "planner-no-check-ja",
        client.screenshot().await.expect("png"),
    );

    // The check, then its link to the planner.
    client
        .goto(&format!(
            "{}/?domain=customer.test&lang=ja",
            server.base_url
        ))
        .await
        .expect("check loads");
    wait_for_done(client).await;
    client
        .find(Locator::Css("#plan-link"))
        .await
        .expect("plan link")
        .click()
        .await
        .expect("click");
    // The share link of the plan, from the plan's page, for later.
    let share = wait_for(client, "#plan-share")
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    click(client, "#plan-records-open").await;
    wait_for_text(client, "#plan-diff-source[data-diff=survey]", "チェック").await;
    // Today's MX is deleted at the cutover; Xserver's SPF is changed, its old value shown.
    let table = wait_for_text(client, "#plan-records-table", "0 mail.customer.test.").await;
    assert!(table.contains("削除"), "{table}");
    assert!(
        table.contains("今の値: v=spf1 +a:sv1234.xserver.jp"),
        "{table}"
    );
    // The date of the check is written as people write it.
    let source = wait_for_text(client, "#plan-diff-source", "チェック").await;
    assert!(source.contains('年') && !source.contains('T'), "{source}");

    // The share link carries the records compared with: opened in a browser with
    // nothing saved, the receiver sees the same difference.
    assert!(share.contains("&snap="), "{share}");
    client
        .execute("localStorage.clear();", vec![])
        .await
        .expect("clear");
    client.goto("about:blank").await.expect("leave");
    client
        .goto(&share.replacen("/plan#", "/plan?lang=ja#", 1))
        .await
        .expect("share link loads");
    click(client, "#plan-records-open").await;
    wait_for_text(client, "#plan-diff-source[data-diff=survey]", "チェック").await;
    let table = wait_for_text(client, "#plan-records-table", "0 mail.customer.test.").await;
    assert!(table.contains("削除"), "{table}");
    assert!(
        table.contains("今の値: v=spf1 +a:sv1234.xserver.jp"),
        "{table}"
    );

    // Microsoft 365 (chosen on the plan's page) verified by its MX method: a record
    // that takes no mail.
    click(client, "#step-page-back").await;
    set(client, "#plan-target", "microsoft-365").await;
    click(client, "#plan-records-open").await;
    set(client, "#plan-verify-method", "mx").await;
    set(client, "#plan-token", "ms12345678").await;
    wait_for_text(
        client,
        "#plan-records-table",
        "32767 ms12345678.msv1.invalid.",
    )
    .await;
    set(client, "#plan-token", "").await;

    // A service outside the catalog: its MX set as typed, and the monitor expects it.
    click(client, "#step-page-back").await;
    set(client, "#plan-target", "custom").await;
    click(client, "#plan-records-open").await;
    set(
        client,
        "#plan-custom-mx",
        "10 mx1.mailhost.test\n20 mx2.mailhost.test",
    )
    .await;
    set(client, "#plan-custom-spf", "_spf.mailhost.test").await;
    let table = wait_for_text(client, "#plan-records-table", "20 mx2.mailhost.test.").await;
    assert!(table.contains("10 mx1.mailhost.test."), "{table}");
    assert!(table.contains("include:_spf.mailhost.test"), "{table}");
    click(client, "#step-page-back").await;
    let monitor = wait_for(client, "#plan-monitor-link")
        .await
        .attr("href")
        .await
        .expect("href")
        .unwrap_or_default();
    assert!(monitor.contains("expect=mx1.mailhost.test"), "{monitor}");
    assert!(monitor.contains("expect=mx2.mailhost.test"), "{monitor}");
    // An MX line that is not one is named, not dropped, and the plan's page counts it.
    click(client, "#plan-records-open").await;
    set(
        client,
        "#plan-custom-mx",
        "10 mx1.mailhost.test\nnot a host",
    )
    .await;
    wait_for_text(client, "#plan-record-warnings", "not a host").await;
    click(client, "#step-page-back").await;
    wait_for_text(client, "#plan-records-warnings", "注意").await;

    // Accounts are still checked (on their page); no bulk CSV is known for such a
    // service.
    click(client, "#plan-accounts-open").await;
    set(client, "#plan-accounts-paste", "info@customer.test").await;
    click(client, "#plan-accounts-read").await;
    wait_for_text(
        client,
        "#plan-accounts-issues li[data-code=no-destination]",
        "info@customer.test",
    )
    .await;
    wait_for_text(
        client,
        "#plan-accounts-issues li[data-code=no-bulk-csv]",
        "CSV",
    )
    .await;

    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn an_idn_typed_in_japanese_is_checked_through_the_browsers_idna() {
    let Some((authority, server, browser)) = setup(&BrowserOptions::default()).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!("{}/?domain=日本語.test&lang=ja", server.base_url))
        .await
        .expect("check loads");
    wait_for_done(client).await;
    // Shown in U-labels (core's Punycode decoding), asked in A-labels (the browser's
    // UTS #46): the MX of the A-label zone arrives.
    wait_for_text(client, "#report-domain", "日本語.test").await;
    wait_for_text(client, "#all-records", "mx.xn--wgv71a119e.test").await;
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}
