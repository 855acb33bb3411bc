//! The page's survey stream breaking off: an API that sends one snapshot and then
//! ends the body. The page keeps what arrived, says the check stopped, and lets the
//! user run it again. The snapshot is a real survey of the fixture zones; the "server"
//! is a static site whose `/api/survey` is that one line.

use fantoccini::Locator;
use mailmove_core::DomainName;
use mailmove_core::api as json;
use mailmove_core::survey::SurveyOptions;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_testkit::dns_authority::DnsAuthority;

use crate::embed_static::{open_static_site, ready};
use crate::page::{WAIT, wait_for_done, wait_for_text};

#[tokio::test]
async fn a_stream_that_breaks_off_keeps_what_arrived_and_says_so() {
    let Some(dist) = ready() else { return };
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let dns = Dns::new(&Upstream::Nameserver(authority.addr)).expect("resolver");
    let names = mailmove_core::NamePolicy::allowing(["test"]);
    let domain = DomainName::parse_with("example.test", &names).expect("name");
    let report = mailmove_server::survey::run(
        &dns,
        &mailmove_server::mta_sts_fetch::PolicyFetcher::default(),
        domain,
        SurveyOptions::default(),
    )
    .await;
    let line = json::SurveyProgressJson {
        asked: report.report.queries + 3,
        answered: report.report.queries,
        done: false,
        report: json::survey_json(&report),
    };

    let files = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(&dist).expect("dist") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, files.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let api = files.path().join("api");
    std::fs::create_dir(&api).expect("api/");
    let health = json::Health {
        status: "ok".into(),
        version: "test".into(),
        frontend: true,
        allowed_tlds: vec!["test".into()],
        address_probe: false,
    };
    std::fs::write(
        api.join("version"),
        serde_json::to_vec(&health).expect("JSON"),
    )
    .expect("version");
    let mut body = serde_json::to_vec(&line).expect("JSON");
    body.push(b'\n');
    std::fs::write(api.join("survey"), body).expect("survey");
    let (site, browser) = open_static_site(files.path(), "/?domain=example.test&lang=en").await;
    let client = &browser.client;
    wait_for_text(client, "#check-error", "broke off").await;
    // What arrived is drawn, and not presented as finished.
    wait_for_text(client, "#mx-table", "mx1.example.test").await;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#report[data-done=false]"))
        .await
        .expect("the report is not marked done");
    let progress = client
        .find(Locator::Css("#progress-text"))
        .await
        .expect("progress")
        .text()
        .await
        .expect("text");
    let expected = format!("{}/{}", report.report.queries, report.report.queries + 3);
    assert!(progress.contains(&expected), "{progress}");
    assert!(
        progress.contains("stopped") && !progress.contains('…'),
        "not shown as still running: {progress}"
    );
    let button = client.find(Locator::Css("#check")).await.expect("button");
    assert_eq!(button.attr("disabled").await.expect("attribute"), None);
    // Japanese too.
    client
        .find(Locator::Css("#lang-ja"))
        .await
        .expect("switch")
        .click()
        .await
        .expect("click");
    wait_for_text(client, "#check-error", "接続が切れました").await;
    wait_for_text(client, "#progress-text", "途中で止まりました").await;
    // Run it again, this time with a stream that ends properly: the report is done
    // and the failure is gone.
    let whole = json::SurveyProgressJson {
        asked: report.report.queries,
        answered: report.report.queries,
        done: true,
        report: json::survey_json(&report),
    };
    let mut body = serde_json::to_vec(&whole).expect("JSON");
    body.push(b'\n');
    std::fs::write(api.join("survey"), body).expect("survey");
    button.click().await.expect("check again");
    wait_for_done(client).await;
    let error = client
        .find(Locator::Css("#check-error"))
        .await
        .expect("error");
    assert!(
        error.attr("hidden").await.expect("attribute").is_some(),
        "the failure is cleared by the new check"
    );
    wait_for_text(client, "#progress-text", "完了").await;

    browser.close().await.expect("browser closes");
    site.stop();
    authority.stop().await.expect("authority stops");
}
