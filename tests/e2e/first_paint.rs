//! What the page does before its WebAssembly has loaded (issue 21): a share link's
//! survey is already on its way (index.html starts it; the page takes that response
//! instead of asking again), and the Public Suffix List is fetched only when a name
//! needs it rather than carried in the page.

use fantoccini::Client;
use mailmove_testkit::browser::BrowserOptions;

use crate::page::{setup, wait_for_done, wait_for_text};

/// The survey requests the page made, as the browser's resource timing lists them.
async fn survey_requests(client: &Client) -> Vec<String> {
    let names = client
        .execute(
            "return performance.getEntriesByType('resource') \
               .map(e => e.name).filter(n => n.includes('/api/survey'));",
            vec![],
        )
        .await
        .expect("resource entries");
    serde_json::from_value(names).unwrap_or_default()
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
    let requests = survey_requests(client).await;
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(
        requests[0].contains("target=google-workspace"),
        "{requests:?}"
    );
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
    let requests = survey_requests(client).await;
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(
        requests[1].contains("domain=migrating.test"),
        "{requests:?}"
    );
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
    let requests = survey_requests(client).await;
    // The mail domain was checked, and the page says why.
    wait_for_text(client, "#domain-website", "migrating.test").await;
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(
        requests[0].contains("domain=migrating.test"),
        "{requests:?}"
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
