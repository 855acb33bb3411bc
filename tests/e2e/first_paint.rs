//! What the page does before its WebAssembly has loaded (issue 21): a share link's
//! survey is already on its way (index.html starts it; the page takes that response
//! instead of asking again), and the Public Suffix List is fetched only when a name
//! needs it rather than carried in the page.

use fantoccini::Client;
use mailmove_testkit::browser::BrowserOptions;

use crate::page::{setup, wait_for_done, wait_for_text};

/// How many surveys the server has started (`mailmove_surveys_total` in `/metrics`):
/// the browser's resource timing cannot tell, since it lists a streamed request only
/// once its body has been read to the end, which the page need not do.
async fn surveys_started(client: &Client) -> u64 {
    let text = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch('/metrics').then(r => r.text()).then(done, () => done(''));",
            vec![],
        )
        .await
        .expect("metrics");
    text.as_str()
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("mailmove_surveys_total "))
        .and_then(|count| count.trim().parse().ok())
        .expect("the survey counter")
}

async fn early_survey_left(client: &Client) -> bool {
    client
        .execute("return window.mailmoveEarlySurvey !== undefined;", vec![])
        .await
        .expect("script")
        .as_bool()
        .unwrap_or(true)
}

#[tokio::test]
async fn a_share_link_uses_the_survey_started_before_the_page_loaded() {
    let options = BrowserOptions {
        window: (390, 844),
        languages: "ja",
    };
    let Some((authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/?domain=migrating.test&target=google-workspace&lang=ja",
            server.base_url
        ))
        .await
        .expect("share link");
    wait_for_done(client).await;
    wait_for_text(client, "#report", "migrating.test").await;
    // One request: the one index.html started, taken by the page.
    assert_eq!(surveys_started(client).await, 1);
    assert!(!early_survey_left(client).await);

    // The report saved as JSON is the stream's own text, indented: every field of
    // the report the page drew.
    let saved = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             URL.createObjectURL = (blob) => { blob.text().then(done); return 'blob:test'; }; \
             document.querySelector('#download-json').click();",
            vec![],
        )
        .await
        .expect("download");
    let saved = saved.as_str().expect("the file's text");
    assert!(
        saved.starts_with("{\n  \"domain\": \"migrating.test\""),
        "{saved:.200}"
    );
    let report: mailmove_core::api::SurveyJson = serde_json::from_str(saved).expect("a report");
    assert_eq!(report.domain, "migrating.test");
    assert!(!report.findings.is_empty());
    // What the planner diffs against, kept from the same text.
    let kept = client
        .execute("return localStorage.getItem('mailmove.snapshot');", vec![])
        .await
        .expect("storage");
    let snapshot = mailmove_core::records::Snapshot::from_json(kept.as_str().expect("kept"))
        .expect("a snapshot");
    assert_eq!(snapshot.domain, "migrating.test");
    assert_eq!(snapshot.records, report.records);
    assert_eq!(snapshot.spf_tree.as_ref(), Some(&report.facts.spf.tree));

    // A link written otherwise than the page writes it (capitals): the early survey
    // is for another URL, so the page aborts it and asks its own; the report is the
    // same domain's.
    client
        .goto(&format!(
            "{}/?domain=Migrating.TEST&lang=ja",
            server.base_url
        ))
        .await
        .expect("hand-typed link");
    wait_for_done(client).await;
    wait_for_text(client, "#report", "migrating.test").await;
    // The page's own request, and at most the aborted one besides.
    let started = surveys_started(client).await;
    assert!((2..=3).contains(&started), "{started} surveys");
    assert!(!early_survey_left(client).await);

    browser.close().await.expect("close");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn a_website_share_link_waits_for_the_suffix_list_and_checks_the_mail_domain() {
    let options = BrowserOptions {
        window: (1280, 900),
        languages: "ja",
    };
    let Some((authority, server, browser)) = setup(&options).await else {
        return;
    };
    let client = &browser.client;
    client
        .goto(&format!(
            "{}/?domain=www.migrating.test&lang=ja",
            server.base_url
        ))
        .await
        .expect("share link");
    wait_for_done(client).await;
    // The mail domain was checked (one survey, and the page's address names it), and
    // the page says why.
    wait_for_text(client, "#domain-website", "migrating.test").await;
    assert_eq!(surveys_started(client).await, 1);
    let address = client
        .execute("return location.search;", vec![])
        .await
        .expect("address");
    let address = address.as_str().unwrap_or_default();
    assert!(
        address.contains("domain=migrating.test") && !address.contains("www."),
        "{address}"
    );
    let list = client
        .execute(
            "return performance.getEntriesByType('resource') \
               .filter(e => e.name.endsWith('/public_suffix_list_icann.dat')).length;",
            vec![],
        )
        .await
        .expect("entries");
    assert_eq!(list.as_u64(), Some(1));
    browser.close().await.expect("close");
    server.stop().await.expect("server stops");
    authority.stop().await.expect("authority stops");
}
