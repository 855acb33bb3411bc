//! The planner's accounts step in Chromium, on its own page (`/plan/accounts`):
//! decisions are made in the page (an alias chosen from the list, a forward to a typed
//! outside address, a mailbox's two names), the downloaded files say so, and the plan's
//! page sees them (on the way back, and at once in a tab open beside it).

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use mailmove_testkit::browser::BrowserOptions;

use crate::page::{click, href, set, setup, wait_for, wait_for_text};

use crate::page::WAIT;

/// Records every file the page offers from now on: the page makes a blob URL, clicks
/// a download link and revokes the URL at once, so the hook reads the blob inside the
/// click, before the revocation. The bytes are the browser's own blob.
const CAPTURE_DOWNLOADS: &str = "window.__downloads = []; \
    const click = HTMLAnchorElement.prototype.click; \
    HTMLAnchorElement.prototype.click = function () { \
      if (this.download) { \
        const request = new XMLHttpRequest(); \
        request.open('GET', this.href, false); \
        request.send(); \
        window.__downloads.push([this.download, request.responseText]); \
      } \
      return click.call(this); \
    };";

async fn downloads(client: &Client) -> Vec<(String, String)> {
    let value = client
        .execute("return window.__downloads;", vec![])
        .await
        .expect("downloads");
    serde_json::from_value(value).expect("pairs")
}

#[tokio::test]
async fn an_alias_chosen_from_the_list_and_a_forward_reach_the_downloaded_files() {
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
            "{}/plan?domain=customer.test&target=google-workspace&source=xserver&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    // The plan's page sums the step up and links to its own page.
    wait_for_text(client, "#plan-accounts-count", "まだ入っていません").await;
    open_accounts_page(client).await;
    // With nothing read yet, the headings the importer understands are shown, with a
    // sample on this plan's domain.
    wait_for_text(client, "#plan-accounts-format", "メールアドレス").await;
    wait_for_text(client, "#plan-accounts-sample", "taro@customer.test").await;

    set(
        client,
        "#plan-accounts-paste",
        "taro@customer.test\ninfo@customer.test\nfax@customer.test",
    )
    .await;
    click(client, "#plan-accounts-read").await;
    wait_for(client, "#account-2").await;

    // taro becomes a mailbox with both names Google needs, read by IMAP, 2 GB.
    set(client, "#account-0", "user").await;
    wait_for(client, "#account-last-0").await;
    set(client, "#account-read-0", "imap").await;
    set(client, "#account-size-0", "2048").await;
    set(client, "#account-last-0", "山田").await;
    set(client, "#account-first-0", "太郎").await;
    set(client, "#account-display-0", "山田 太郎").await;

    // info becomes an alias of taro, chosen from the list of mailboxes.
    set(client, "#account-1", "alias").await;
    wait_for(
        client,
        "#account-alias-1 option[value='taro@customer.test']",
    )
    .await;
    set(client, "#account-alias-1", "taro@customer.test").await;
    // An alias has no mailbox, so no advice on moving its old mail.
    let alias_row = wait_for(client, "#plan-accounts-table tr[data-destination=alias]").await;
    assert!(alias_row.find(Locator::Css(".advice")).await.is_err());

    // fax forwards to an outside address, typed.
    set(client, "#account-2", "forward").await;
    set(
        client,
        "#account-forward-2-type",
        "office@accountant.example",
    )
    .await;
    click(client, "#account-forward-2-type-add").await;
    wait_for_text(
        client,
        "#account-forward-2-list",
        "office@accountant.example",
    )
    .await;

    // Nothing is left to decide, and the list has no errors.
    let deadline = Instant::now() + WAIT;
    loop {
        let left = wait_for(client, "#plan-accounts-undecided")
            .await
            .text()
            .await
            .expect("text");
        let errors = client
            .find_all(Locator::Css("#plan-accounts-issues li"))
            .await
            .expect("issues");
        if left.trim().is_empty() && errors.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still open: {left} / {} issues",
            errors.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // How it looks, on a desktop and on a phone, where nothing may scroll sideways.
    let section = wait_for(client, "#plan-accounts").await;
    crate::report_page::save_screenshot(
        "planner-accounts-ja",
        section.screenshot().await.expect("png"),
    );
    client.set_window_size(390, 2000).await.expect("resize");
    let deadline = Instant::now() + WAIT;
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
            Instant::now() < deadline,
            "scrolls sideways by {overflow} px at 390 px"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    crate::report_page::save_screenshot(
        "planner-accounts-ja-390",
        section.screenshot().await.expect("png"),
    );
    client.set_window_size(1280, 2000).await.expect("resize");

    // The user file and the worklist, as downloaded.
    client
        .execute(CAPTURE_DOWNLOADS, vec![])
        .await
        .expect("hook");
    click(client, "#plan-accounts-csv").await;
    let buttons = {
        let deadline = Instant::now() + WAIT;
        loop {
            let buttons = client
                .find_all(Locator::Css("#plan-accounts-files .plan-accounts-file"))
                .await
                .expect("files");
            if buttons.len() == 2 {
                break buttons;
            }
            assert!(Instant::now() < deadline, "{} files offered", buttons.len());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    for button in buttons {
        button.click().await.expect("download");
    }
    let files = downloads(client).await;
    assert_eq!(files.len(), 2, "{files:?}");
    let (users_name, users) = &files[0];
    let (worklist_name, worklist) = &files[1];
    assert!(users_name.ends_with(".csv"), "{users_name}");
    assert!(users.contains("太郎,山田,taro@customer.test"), "{users}");
    assert!(!users.contains("info@"), "{users}");
    assert!(
        worklist_name.ends_with("-other-addresses.csv"),
        "{worklist_name}"
    );
    assert!(
        worklist.contains("info@customer.test,エイリアス / Alias,taro@customer.test"),
        "{worklist}"
    );
    assert!(
        worklist.contains("fax@customer.test,転送 / Forward,office@accountant.example"),
        "{worklist}"
    );

    // Old mail: one mailbox for Google's migration service, with an estimate; the
    // old server's host is the customer's own, so the field says what it looks like.
    wait_for_text(client, "#old-mail-routes", "移行先の移行ツールで移す: 1 件").await;
    wait_for_text(client, "#old-mail-estimate", "時間").await;
    let placeholder = wait_for(client, "#old-imap-host")
        .await
        .attr("placeholder")
        .await
        .expect("attr")
        .unwrap_or_default();
    assert!(placeholder.contains("xserver.jp"), "{placeholder}");
    // Without a host the files are refused in words.
    set(client, "#old-imap-host", "").await;
    click(client, "#old-mail-make").await;
    wait_for(client, "#old-mail-error").await;
    set(client, "#old-imap-host", "sv1234.xserver.jp").await;
    set(client, "#old-imap-port", "993").await;
    click(client, "#old-mail-make").await;
    click(client, "#old-mail-batch .old-mail-file").await;
    // The page, with the importer's help and the old-mail form open, passes axe (no
    // violation of any impact).
    client
        .execute(
            "document.querySelector('#plan-accounts-format').open = true;",
            vec![],
        )
        .await
        .expect("open");
    let violations = crate::accessibility::axe_violations(client).await;
    assert!(violations.is_empty(), "{violations:#?}");
    crate::report_page::save_screenshot(
        "planner-old-mail-ja",
        wait_for(client, "#plan-old-mail")
            .await
            .screenshot()
            .await
            .expect("png"),
    );
    let files = downloads(client).await;
    let (name, mapping) = files.last().expect("the mapping file");
    assert!(name.ends_with(".csv"), "{name}");
    assert!(mapping.contains("taro@customer.test"), "{mapping}");
    assert!(
        !mapping.contains("info@customer.test"),
        "aliases are not migrated: {mapping}"
    );
    assert!(!mapping.to_lowercase().contains("password"), "{mapping}");

    // Back on the plan's page, the decisions are there: three addresses, none left.
    click(client, "#step-page-back").await;
    wait_for_text(client, "#plan-accounts-count", "3 件").await;
    let left = wait_for(client, "#plan-accounts-undecided")
        .await
        .text()
        .await
        .expect("text");
    assert!(left.trim().is_empty(), "{left}");
}

/// From the plan's page to its accounts page, as a user goes: the step's link.
async fn open_accounts_page(client: &Client) {
    let link = href(client, "#plan-accounts-open").await;
    assert!(link.starts_with("/plan/accounts?domain="), "{link}");
    click(client, "#plan-accounts-open").await;
    wait_for(client, "#plan-accounts-paste").await;
}

#[tokio::test]
async fn addresses_read_in_another_tab_reach_the_open_plan_without_a_reload() {
    let Some((_authority, server, browser)) = setup(&BrowserOptions::default()).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/plan?domain=tabs.test&target=google-workspace&lang=ja",
            server.base_url
        ))
        .await
        .expect("page loads");
    wait_for_text(client, "#plan-accounts-count", "まだ入っていません").await;
    let plan_tab = client.window().await.expect("window");
    // The accounts page in a second tab, beside the plan.
    let accounts_tab = client.new_window(true).await.expect("new tab");
    client
        .switch_to_window(accounts_tab.handle)
        .await
        .expect("switch");
    client
        .goto(&format!(
            "{}/plan/accounts?domain=tabs.test&lang=ja",
            server.base_url
        ))
        .await
        .expect("accounts page loads");
    set(client, "#plan-accounts-paste", "a@tabs.test\nb@tabs.test").await;
    click(client, "#plan-accounts-read").await;
    wait_for(client, "#account-1").await;
    // The plan's tab shows them without a reload; a change made there now (the
    // old MX's TTL) is saved over the plan with the addresses, not without them.
    client
        .switch_to_window(plan_tab)
        .await
        .expect("switch back");
    wait_for_text(client, "#plan-accounts-count", "2 件").await;
    set(client, "#plan-ttl", "600").await;
    let deadline = Instant::now() + WAIT;
    let saved = loop {
        let saved = client
            .execute(
                "return localStorage.getItem('mailmove.plan:tabs.test');",
                vec![],
            )
            .await
            .expect("storage");
        let saved = saved.as_str().unwrap_or_default().to_owned();
        if saved.contains("\"current_mx_ttl\": 600") {
            break saved;
        }
        assert!(Instant::now() < deadline, "not saved: {saved}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        saved.contains("a@tabs.test") && saved.contains("b@tabs.test"),
        "{saved}"
    );
}
