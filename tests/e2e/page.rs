//! The page in headless Chromium, served by `mailmove serve` with DNS from a fixture
//! authority: proves the whole browser → server → DNS path.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use mailmove_e2e::server::{TestServer, built_frontend};
use mailmove_testkit::browser::{Browser, BrowserOptions};
use mailmove_testkit::dns_authority::DnsAuthority;

pub(crate) const WAIT: Duration = Duration::from_secs(20);

/// The fixture authority, the server and a browser; `None` when the browser or the
/// built front end is missing and the run does not require them.
pub(crate) async fn setup(
    options: &BrowserOptions<'_>,
) -> Option<(DnsAuthority, TestServer, Browser)> {
    let dist = built_frontend();
    if dist.is_none() || !Browser::available() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_E2E"),
            "browser tests need dist/ (cargo xtask dist) and chromium + chromedriver"
        );
        eprintln!("skipped: build dist/ and install chromium + chromium-driver to run");
        return None;
    }
    let authority = DnsAuthority::fixtures().await.expect("authority starts");
    let server = TestServer::start(authority.addr, dist)
        .await
        .expect("server starts");
    let browser = Browser::start(options).await.expect("browser starts");
    Some((authority, server, browser))
}

/// Sets a control's value as a user would and fires `input` and `change`, once the
/// control is there (the page draws after its WebAssembly starts, which can be after
/// the `load` event).
pub(crate) async fn set(client: &Client, css: &str, value: &str) {
    wait_for(client, css).await;
    client
        .execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
             e.dispatchEvent(new Event('input', {bubbles: true})); \
             e.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![css.into(), value.into()],
        )
        .await
        .expect("set value");
}

/// The element at `css`, waiting up to [`WAIT`] for it to appear.
pub(crate) async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            return element;
        }
        assert!(Instant::now() < deadline, "{css} never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the element at `css` once it appears, scrolled to the middle of the window
/// first: where the driver scrolls it on its own (the top edge), the planner's sticky
/// row of steps would take the click.
pub(crate) async fn click(client: &Client, css: &str) {
    let element = wait_for(client, css).await;
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&element).expect("element reference")],
        )
        .await
        .expect("scroll");
    element.click().await.expect("click");
}

/// The `href` of the link at `css`, once it appears.
pub(crate) async fn href(client: &Client, css: &str) -> String {
    wait_for(client, css)
        .await
        .attr("href")
        .await
        .expect("attribute")
        .expect("href")
}

/// Waits until the element matching `css` shows text containing `needle`.
pub(crate) async fn wait_for_text(client: &Client, css: &str, needle: &str) -> String {
    let deadline = Instant::now() + WAIT;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(element) = client.find(Locator::Css(css)).await
            && let Ok(text) = element.text().await
        {
            if text.contains(needle) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{css} never showed {needle:?}; last text: {last:?}");
}

/// Waits until the survey in the page has finished.
pub(crate) async fn wait_for_done(client: &Client) {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#report[data-done=true]"))
        .await
        .expect("the survey finishes");
}

async fn label_text(client: &Client) -> String {
    let label = client
        .find(Locator::Css("label[for=domain]"))
        .await
        .expect("label");
    label.text().await.expect("label text")
}

#[tokio::test]
async fn page_asks_the_server_and_shows_the_mx() {
    let Some((authority, server, browser)) = setup(&BrowserOptions::default()).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!("{}/", server.base_url))
        .await
        .expect("page loads");

    // The app mounted and reached the server.
    // (The version is for support: an attribute, not shown to the public.)
    wait_for(
        client,
        &format!(
            "#server-status[data-state=up][data-version='{}'][hidden]",
            mailmove_core::VERSION
        ),
    )
    .await;
    let title = client
        .find(Locator::Css("h1"))
        .await
        .expect("h1")
        .text()
        .await
        .expect("text");
    assert!(
        title.contains("メール引っ越しナビ") && title.contains("Mailmove"),
        "{title}"
    );

    // A name is validated as it is typed, by the core's DomainName.
    let input = client
        .find(Locator::Css("#domain"))
        .await
        .expect("domain input");
    input.send_keys("a..b").await.expect("type");
    wait_for_text(client, "#domain-error", "empty label").await;

    // Names outside the public internet are refused with the reason, in words.
    input.clear().await.expect("clear");
    input.send_keys("printer.local").await.expect("type");
    wait_for_text(client, "#domain-error", "special-use").await;

    // A pasted e-mail address is reduced to its domain, and the page says so; the server
    // (which accepts `.test`, like the page once it has asked) asks the fixture authority.
    input.clear().await.expect("clear");
    input.send_keys(" taro@Example.TEST ").await.expect("type");
    wait_for_text(client, "#domain-normalized", "example.test").await;
    client
        .find(Locator::Css("#check"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    // The survey runs in the page over the server's DoH endpoint and fills the report.
    wait_for_done(client).await;
    let mx = wait_for_text(client, "#mx-table", "mx1.example.test").await;
    assert!(
        mx.contains("mx2.example.test") && mx.contains("3600"),
        "{mx}"
    );
    wait_for_text(client, "#report-domain", "example.test").await;
    // The address bar now reproduces the check.
    let url = client.current_url().await.expect("url");
    assert!(url.as_str().contains("domain=example.test"), "{url}");

    // No MX: the finding says so, it is not an error of the page.
    input.clear().await.expect("clear");
    input.send_keys("nomail.test").await.expect("type");
    client
        .find(Locator::Css("#check"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    wait_for_text(client, "#report-domain", "nomail.test").await;
    wait_for_done(client).await;
    client
        .find(Locator::Css("#findings [data-code=mx-missing]"))
        .await
        .expect("mx-missing shown");

    let screenshot = client.screenshot().await.expect("screenshot");
    let _ = std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/e2e-page.png"),
        screenshot,
    );

    // A deep link falls back to index.html and the app still boots.
    client
        .goto(&format!("{}/check/deep/link", server.base_url))
        .await
        .expect("deep link");
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#domain"))
        .await
        .expect("app boots");

    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn japanese_browser_gets_japanese_and_the_switch_is_remembered() {
    let options = BrowserOptions {
        languages: "ja-JP,ja",
        ..BrowserOptions::default()
    };
    let Some((authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!("{}/", server.base_url))
        .await
        .expect("page loads");
    wait_for(client, "#server-status[data-state=up]").await;
    assert_eq!(label_text(client).await, "ドメイン名");
    let lang = client
        .find(Locator::Css("html"))
        .await
        .expect("html")
        .attr("lang")
        .await;
    assert_eq!(lang.expect("attr"), Some("ja".into()));

    client
        .find(Locator::Css("#lang-en"))
        .await
        .expect("switch")
        .click()
        .await
        .expect("click");
    wait_for_text(client, "label[for=domain]", "Domain name").await;
    let pressed = client.find(Locator::Css("#lang-en")).await.expect("button");
    assert_eq!(
        pressed.attr("aria-pressed").await.expect("attr"),
        Some("true".into())
    );

    // The choice survives a reload, although the browser prefers Japanese.
    client.refresh().await.expect("reload");
    wait_for(client, "#server-status[data-state=up]").await;
    assert_eq!(label_text(client).await, "Domain name");

    // A link may still ask for a language.
    client
        .goto(&format!("{}/?lang=ja", server.base_url))
        .await
        .expect("page loads");
    wait_for_text(client, "label[for=domain]", "ドメイン名").await;

    browser.close().await.expect("browser closes");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

/// The elements under `scope` wider than their box (content that scrolls sideways
/// or spills), by id or tag.
pub(crate) async fn sideways(client: &Client, scope: &str) -> serde_json::Value {
    client
        .execute(
            // A form control's own text scrolls inside it by design.
            "return [...document.querySelectorAll(arguments[0] + ' *')] \
               .filter(e => !['INPUT', 'TEXTAREA', 'SELECT'].includes(e.tagName)) \
               .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible' \
                            || e.getBoundingClientRect().right > document.documentElement.clientWidth + 1) \
               .map(e => e.id || e.tagName + '.' + e.className);",
            vec![scope.into()],
        )
        .await
        .expect("widths")
}

/// The texts of `css` broken inside a DNS label: a line that ends with a letter or digit
/// and a next line that starts with one, in the text's own line boxes.
pub(crate) async fn broken_mid_label(client: &Client, css: &str) -> serde_json::Value {
    client
        .execute(
            "const out = []; \
             for (const cell of document.querySelectorAll(arguments[0])) { \
               const text = cell.textContent; const range = document.createRange(); \
               const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT); \
               let node, lastTop = null, prev = ''; \
               while ((node = walker.nextNode())) { \
                 for (let i = 0; i < node.length; i++) { \
                   range.setStart(node, i); range.setEnd(node, i + 1); \
                   const rect = range.getClientRects()[0]; if (!rect) continue; \
                   const ch = node.data[i]; \
                   if (lastTop !== null && Math.round(rect.top) > lastTop + 2 \
                       && /[A-Za-z0-9]/.test(prev) && /[A-Za-z0-9]/.test(ch)) { out.push(text); } \
                   lastTop = Math.round(rect.top); prev = ch; \
                 } \
               } \
             } \
             return [...new Set(out)];",
            vec![css.into()],
        )
        .await
        .expect("line boxes")
}
