//! The check embedded in another site (another origin, through `embed.js`, with a
//! custom accent colour, call to action and company name), and the page deployed as
//! static files asking a DoH JSON endpoint of another origin (our own server's,
//! configured as if it were Cloudflare's) — both in Chromium.

use fantoccini::Locator;
use mailmove_e2e::server::{TestServer, built_frontend, built_static_frontend};
use mailmove_e2e::static_site::{StaticSite, static_deployment, static_tool};
use mailmove_server::ServerConfig;
use mailmove_testkit::browser::{Browser, BrowserOptions};
use mailmove_testkit::dns_authority::DnsAuthority;

use crate::page::{WAIT, click, href, wait_for, wait_for_done, wait_for_text};

/// `dist/`, when it and the browser are there (a failure under `MAILMOVE_REQUIRE_E2E`).
pub(crate) fn ready() -> Option<std::path::PathBuf> {
    ready_with(built_frontend(), "dist/")
}

/// Serves `files` as a static site on its own origin and opens `path` (with its
/// query) there in a new browser.
pub(crate) async fn open_static_site(files: &std::path::Path, path: &str) -> (StaticSite, Browser) {
    let (listener, origin) = StaticSite::bind().await.expect("bind");
    let site = StaticSite::serve(listener, origin.clone(), files);
    let browser = Browser::start(&BrowserOptions::default())
        .await
        .expect("browser");
    browser
        .client
        .goto(&format!("{origin}{path}"))
        .await
        .expect("page loads");
    (site, browser)
}

fn ready_with(dist: Option<std::path::PathBuf>, what: &str) -> Option<std::path::PathBuf> {
    if dist.is_none() || !Browser::available() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_E2E"),
            "browser tests need {what} and chromium + chromedriver"
        );
        return None;
    }
    dist
}

#[tokio::test]
async fn the_embed_runs_inside_another_sites_page_with_its_colours() {
    let Some(dist) = ready() else { return };
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let (listener, host_origin) = StaticSite::bind().await.expect("bind");
    let config = ServerConfig {
        frame_ancestors: vec![host_origin.clone()],
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(authority.addr, Some(dist), config)
        .await
        .expect("server");
    let site = tempfile::tempdir().expect("tempdir");
    let page = format!(
        "<!DOCTYPE html><html lang=\"ja\"><meta charset=\"utf-8\"><title>テスト株式会社</title>\
         <h1>テスト株式会社</h1><p>メールの設定を調べてみましょう。</p>\
         <script src=\"{}/embed.js\" data-lang=\"ja\" data-accent=\"#8A2BE2\" \
         data-cta=\"https://example.jp/contact\" data-cta-label=\"メールの引っ越しを相談する\" \
         data-company=\"テスト株式会社\" data-domain=\"example.test\" \
         data-share-url=\"{host_origin}/check.html\" async></script></html>",
        server.base_url
    );
    std::fs::write(site.path().join("index.html"), page).expect("write");
    let host = StaticSite::serve(listener, host_origin.clone(), site.path());
    let browser = Browser::start(&BrowserOptions::default())
        .await
        .expect("browser");
    let client = &browser.client;
    client
        .goto(&format!("{host_origin}/"))
        .await
        .expect("host page");
    let frame = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("iframe.mailmove-embed"))
        .await
        .expect("embed.js inserts the iframe");
    let src = frame.attr("src").await.expect("src").expect("has src");
    assert!(
        src.starts_with(&format!("{}/embed?", server.base_url)),
        "{src}"
    );

    frame.enter_frame().await.expect("into the iframe");
    wait_for_done(client).await;
    wait_for_text(client, "#mx-table", "mx1.example.test").await;
    wait_for_text(client, "#embed-company", "テスト株式会社").await;
    let cta = wait_for_text(client, "#embed-cta", "メールの引っ越しを相談する").await;
    assert!(!cta.is_empty());
    let button = client.find(Locator::Css("#check")).await.expect("button");
    let colour = button.css_value("background-color").await.expect("colour");
    // WebDriver reports rgba(…, 1); the colour is #8A2BE2 from the snippet.
    assert!(colour.contains("138, 43, 226"), "{colour}");
    // The agency's call to action also follows the summary.
    wait_for(client, ".summary + p.cta #embed-cta-summary").await;
    // The share link leads to the agency's page, with the check's parameters.
    let share = wait_for(client, "#share-link")
        .await
        .attr("href")
        .await
        .expect("attr")
        .unwrap_or_default();
    assert!(
        share.starts_with(&format!("{host_origin}/check.html?domain=example.test")),
        "{share}"
    );
    // "Plan this move" opens the planner in a new tab on the tool's own site, and the
    // widget stays where it was.
    let before = client.windows().await.expect("windows").len();
    let frame_url = client.current_url().await.expect("url");
    wait_for(client, "#plan-link")
        .await
        .click()
        .await
        .expect("click");
    let deadline = std::time::Instant::now() + WAIT;
    let windows = loop {
        let windows = client.windows().await.expect("windows");
        if windows.len() > before {
            break windows;
        }
        assert!(std::time::Instant::now() < deadline, "no new tab opened");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(client.current_url().await.expect("url"), frame_url);
    let main = client.window().await.expect("window");
    let tab = windows
        .into_iter()
        .find(|handle| *handle != main)
        .expect("the new tab");
    client.switch_to_window(tab).await.expect("switch");
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let url = client.current_url().await.expect("url").to_string();
        if url.starts_with(&format!("{}/plan?domain=example.test", server.base_url)) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new tab shows {url}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    client.close_window().await.expect("close the tab");
    client.switch_to_window(main).await.expect("back");

    // embed.js follows the content's height: the report is far taller than the minimum.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let frame = client
            .find(Locator::Css("iframe.mailmove-embed"))
            .await
            .expect("iframe");
        let height: f64 = frame
            .css_value("height")
            .await
            .expect("height")
            .trim_end_matches("px")
            .parse()
            .unwrap_or(0.0);
        if height > 800.0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "iframe stayed {height}px high"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    browser.close().await.expect("browser closes");
    host.stop();
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn a_site_not_on_the_list_shows_a_message_instead_of_an_empty_frame() {
    let Some(dist) = ready() else { return };
    let authority = DnsAuthority::fixtures().await.expect("authority");
    // Only another agency may frame the check.
    let config = ServerConfig {
        frame_ancestors: vec!["https://agency.example".to_owned()],
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(authority.addr, Some(dist), config)
        .await
        .expect("server");
    let site = tempfile::tempdir().expect("tempdir");
    let page = format!(
        "<!DOCTYPE html><html lang=\"ja\"><meta charset=\"utf-8\"><title>別の会社</title>\
         <h1>別の会社</h1><script src=\"{}/embed.js\" data-lang=\"ja\" async></script></html>",
        server.base_url
    );
    std::fs::write(site.path().join("index.html"), page).expect("write");
    let (site_server, browser) = open_static_site(site.path(), "/").await;
    let client = &browser.client;
    let message = wait_for_text(client, ".mailmove-embed-refused", "表示できません").await;
    assert!(message.contains(&site_server.base_url), "{message}");
    assert!(
        client
            .find(Locator::Css("iframe.mailmove-embed"))
            .await
            .is_err(),
        "no frame the browser would refuse to fill"
    );
    let link = wait_for(client, ".mailmove-embed-refused a")
        .await
        .attr("href")
        .await
        .expect("attr")
        .unwrap_or_default();
    assert!(link.starts_with(&server.base_url), "{link}");
    browser.close().await.expect("browser closes");
    site_server.stop();
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn the_static_deployment_asks_a_doh_endpoint_of_another_origin() {
    // The static build carries the survey engine (`cargo xtask test` builds it).
    let Some(dist) = ready_with(built_static_frontend(), "target/dist-static/") else {
        return;
    };
    let authority = DnsAuthority::fixtures().await.expect("authority");
    // Our server plays the public DoH service: cross-origin use allowed, like Cloudflare.
    let config = ServerConfig {
        cors_origins: vec!["*".into()],
        ..ServerConfig::default()
    };
    let doh = TestServer::start_with(authority.addr, None, config)
        .await
        .expect("server");
    let files = tempfile::tempdir().expect("tempdir");
    let doh_url = format!("{}/dns-query", doh.base_url);
    static_deployment(&dist, files.path(), &doh_url, "test").expect("static copy");
    // The planner is its own bundle, from the server build (it carries no engine).
    let server_dist = built_frontend().expect("dist/ is built with dist-static/");
    static_tool(&server_dist, "planner", files.path(), &doh_url, "test").expect("planner");
    static_tool(&server_dist, "accounts", files.path(), &doh_url, "test").expect("accounts");
    static_tool(&server_dist, "records", files.path(), &doh_url, "test").expect("records");
    let (site, browser) = open_static_site(files.path(), "/?domain=example.test&lang=en").await;
    let client = &browser.client;
    wait_for_text(client, "#server-status", "Static mode").await;
    wait_for_done(client).await;
    wait_for_text(client, "#mx-table", "mx1.example.test").await;
    wait_for_text(client, "#mail-provider", "").await;
    // Without a Mailmove server the name servers cannot be asked one by one: said so.
    wait_for_text(client, "#ns-table", "not asked directly").await;
    // A static host cannot route /plan: the planner link names its bundle's directory,
    // and the planner opens there for this domain.
    let plan_link = href(client, "#plan-link").await;
    assert!(
        plan_link.starts_with("/planner/?domain=example.test"),
        "{plan_link}"
    );
    client
        .goto(&format!("{}{plan_link}", site.base_url))
        .await
        .expect("planner loads");
    wait_for(client, "#plan-steps").await;
    wait_for_text(client, "#server-status", "Static mode").await;
    // Nor /plan/accounts: the accounts page is its bundle's directory too, and it
    // opens the plan the planner has just saved.
    let accounts_link = href(client, "#plan-accounts-open").await;
    assert!(
        accounts_link.starts_with("/accounts/?domain=example.test"),
        "{accounts_link}"
    );
    click(client, "#plan-accounts-open").await;
    wait_for_text(client, "#step-page-title", "Accounts").await;
    wait_for(client, "#plan-accounts-paste").await;
    wait_for_text(client, "#server-status", "Static mode").await;
    // The records page, the same way, through the plan's page.
    click(client, "#step-page-back").await;
    let records_link = href(client, "#plan-records-open").await;
    assert!(
        records_link.starts_with("/records/?domain=example.test"),
        "{records_link}"
    );
    click(client, "#plan-records-open").await;
    wait_for(client, "#plan-records-table").await;

    browser.close().await.expect("browser closes");
    site.stop();
    doh.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn the_server_build_deployed_statically_says_it_needs_the_engine() {
    // `dist/` streams the survey from its server and has no engine of its own.
    let Some(dist) = ready() else { return };
    let files = tempfile::tempdir().expect("tempdir");
    static_deployment(&dist, files.path(), "http://127.0.0.1:9/dns-query", "test")
        .expect("static copy");
    let (site, browser) = open_static_site(files.path(), "/?domain=example.test&lang=ja").await;
    let client = &browser.client;
    wait_for_text(client, "#check-error", "cargo xtask dist --static-doh").await;
    wait_for_text(client, "#check-error", "静的配置用").await;
    let button = client.find(Locator::Css("#check")).await.expect("button");
    assert_eq!(
        button.attr("disabled").await.expect("attribute"),
        None,
        "the check can be run again"
    );

    browser.close().await.expect("browser closes");
    site.stop();
}
