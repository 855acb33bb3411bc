//! The check page speaks plainly: no developer words in what a visitor reads, the target
//! chosen on the main form (kept by the share link), and a website's address checked
//! as the mail domain it most likely means.

use fantoccini::Client;
use mailmove_testkit::browser::BrowserOptions;

use crate::page::{click, set, setup, wait_for, wait_for_done, wait_for_text};

/// What a visitor reads: the page's text without the support line of each finding
/// (which keeps the stable code on purpose).
async fn visible_text(client: &Client) -> String {
    let text = client
        .execute(
            "const copy = document.body.cloneNode(true); \
             copy.querySelectorAll('.code, [hidden], script').forEach(e => e.remove()); \
             document.body.appendChild(copy); copy.style.position = 'absolute'; \
             const text = copy.innerText; copy.remove(); return text;",
            vec![],
        )
        .await
        .expect("text");
    text.as_str().unwrap_or_default().to_owned()
}

async fn finding_codes(client: &Client) -> Vec<String> {
    let codes = client
        .execute(
            "return [...document.querySelectorAll('.finding[data-code]')].map(e => e.dataset.code);",
            vec![],
        )
        .await
        .expect("codes");
    serde_json::from_value(codes).unwrap_or_default()
}

#[tokio::test]
async fn no_developer_words_reach_the_page() {
    let options = BrowserOptions {
        window: (1280, 2400),
        ..BrowserOptions::default()
    };
    let Some((_authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    for (query, lang) in [
        ("domain=migrating.test&target=google-workspace", "ja"),
        ("domain=migrating.test&target=google-workspace", "en"),
        ("domain=spf-dead-hosts.findings.test", "ja"),
        ("domain=example.test", "en"),
        ("domain=lame.hostile.test", "ja"),
    ] {
        client
            .goto(&format!("{}/?{query}&lang={lang}", server.base_url))
            .await
            .expect("page loads");
        wait_for_done(client).await;
        let text = visible_text(client).await;
        // No DKIM key found: the page says which selectors it tried.
        let (answering, has_keys) = (
            client
                .find(fantoccini::Locator::Css("#dkim-table"))
                .await
                .is_ok(),
            client
                .find(fantoccini::Locator::Css("#dkim-table tbody tr"))
                .await
                .is_ok(),
        );
        if answering && !has_keys {
            let tried = wait_for_text(client, "#dkim-tried", "selector1").await;
            assert!(tried.contains("google"), "{tried}");
        }
        for leak in [
            "not-asked",
            "not_asked",
            "NotAsked",
            "unsigned",
            "could-not-check",
            "undefined",
            "[object",
            "NaN",
            "Some(",
            mailmove_core::VERSION,
        ] {
            assert!(
                !text.contains(leak),
                "{query} ({lang}) shows {leak:?}:\n{text}"
            );
        }
        assert!(
            !text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == "root"),
            "{query} ({lang}) shows \"root\":\n{text}"
        );
        // (The fixture's own name may contain a code: `spf-dead-hosts.findings.test`.)
        let domain = query
            .trim_start_matches("domain=")
            .split('&')
            .next()
            .unwrap_or_default();
        let text = text.replace(domain, "");
        for code in finding_codes(client).await {
            assert!(
                !text.contains(&code),
                "{query} ({lang}) shows the code {code} outside its support line"
            );
        }
    }
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn the_target_is_on_the_main_form_and_a_website_address_means_its_mail_domain() {
    let Some((_authority, server, browser)) = setup(&BrowserOptions::default()).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!("{}/?lang=ja", server.base_url))
        .await
        .expect("page loads");
    // The target is chosen beside the domain, not under "more options".
    let target = wait_for(client, "form.check > .target-field select#target").await;
    assert!(target.is_displayed().await.expect("displayed"));
    wait_for_text(client, "#target option[value='']", "まだ決めていない").await;

    // A pasted URL of the website: the mail domain is checked, and the page says so.
    set(client, "#domain", "https://www.migrating.test/contact").await;
    set(client, "#target", "google-workspace").await;
    let notice = wait_for_text(client, "#domain-website", "migrating.test").await;
    assert!(notice.contains("www.migrating.test"), "{notice}");
    click(client, "#check").await;
    wait_for_done(client).await;
    wait_for_text(client, ".summary", "migrating.test").await;
    let share = wait_for(client, "#share-link")
        .await
        .attr("href")
        .await
        .expect("attr")
        .unwrap_or_default();
    assert!(share.contains("domain=migrating.test&"), "{share}");
    assert!(share.contains("target=google-workspace"), "{share}");

    // The other choice is one click away.
    click(client, "#check-as-typed").await;
    wait_for_text(client, ".summary h2", "www.migrating.test").await;

    // The share link brings the target back, on the main form.
    client.goto(&share).await.expect("share link");
    wait_for_done(client).await;
    let chosen = wait_for(client, "#target")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(chosen.as_deref(), Some("google-workspace"));
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn the_snippet_page_refuses_a_bad_colour_visibly_and_speaks_english_in_english() {
    let Some((_authority, server, browser)) = setup(&BrowserOptions::default()).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!("{}/embed/snippet?lang=en", server.base_url))
        .await
        .expect("page loads");
    wait_for(client, "#snippet").await;
    // The tab names this page, not the bundle it shares with the monitor.
    let title = client.title().await.expect("title");
    assert!(
        title.starts_with("このチェックを自社サイトに埋め込む"),
        "{title}"
    );
    set(client, "#accent", "green").await;
    wait_for_text(client, "#accent-error", "six hexadecimal digits").await;
    let invalid = wait_for(client, "#accent")
        .await
        .attr("aria-invalid")
        .await
        .expect("attr");
    assert_eq!(invalid.as_deref(), Some("true"));
    let snippet = wait_for(client, "#snippet")
        .await
        .text()
        .await
        .expect("text");
    assert!(!snippet.contains("data-accent"), "{snippet}");
    set(client, "#cta", "javascript:alert(1)").await;
    wait_for_text(client, "#cta-error", "https://").await;
    set(client, "#share-url", "https://www.example.co.jp/check").await;
    let snippet = wait_for_text(client, "#snippet", "data-share-url").await;
    assert!(!snippet.contains("javascript:"), "{snippet}");
    // Nothing Japanese in the English page (the language switch names itself).
    let text = visible_text(client).await;
    let japanese: String = text
        .replace("日本語", "")
        .chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30ff | 0x4e00..=0x9fff))
        .collect();
    assert!(
        japanese.is_empty(),
        "Japanese in the English page: {japanese}\n{text}"
    );
    set(client, "#accent", "#8a2be2").await;
    wait_for_text(client, "#snippet", "data-accent=\"#8a2be2\"").await;
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
}

#[tokio::test]
async fn the_report_starts_with_where_the_move_stands_and_the_next_step() {
    let options = BrowserOptions {
        window: (1280, 1600),
        ..BrowserOptions::default()
    };
    let Some((_authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    for (query, stage, step, holds_mx) in [
        (
            "domain=hazard-dmarc-reports.findings.test&target=google-workspace",
            "not-started",
            "add-domain",
            true,
        ),
        (
            "domain=stage-verified.findings.test&target=google-workspace",
            "target-verified",
            "prepare-records",
            true,
        ),
        ("domain=migrating.test", "switching", "cutover", false),
    ] {
        client
            .goto(&format!("{}/?{query}&lang=ja", server.base_url))
            .await
            .expect("page loads");
        wait_for_done(client).await;
        wait_for(client, &format!("#stage[data-stage={stage}]")).await;
        // Before the findings: the stage comes first.
        let first = client
            .execute(
                "return document.querySelector('#report > section, #report > .summary').id;",
                vec![],
            )
            .await
            .expect("first section");
        assert_eq!(first.as_str(), Some("stage"), "{query}");
        let next = wait_for(client, &format!("#stage-next[data-step={step}]")).await;
        let href = next
            .find(fantoccini::Locator::Css("a"))
            .await
            .expect("a link to the step")
            .attr("href")
            .await
            .expect("attr")
            .unwrap_or_default();
        assert!(href.contains(&format!("#plan-step-{step}")), "{href}");
        let hold = client
            .find(fantoccini::Locator::Css("#stage-hold-mx"))
            .await
            .ok();
        assert_eq!(hold.is_some(), holds_mx, "{query}");
        if holds_mx {
            wait_for_text(client, "#stage-hold-mx", "MX はまだ変えないでください").await;
        }
        let verdicts = client
            .execute(
                "return [...document.querySelectorAll('#stage-verdicts li')].map(e => e.dataset.verdict);",
                vec![],
            )
            .await
            .expect("verdicts");
        assert_eq!(
            verdicts,
            serde_json::json!(["delivery", "authentication", "target"]),
            "{query}"
        );
    }
    // The next step opens the planner at that step.
    click(client, "#stage-next a").await;
    wait_for(client, "#plan-steps tr#plan-step-cutover").await;
    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
}
