//! Mail-client discovery records over whole surveys.

use super::tests::Reviewing as _;
use super::tests::{google_zone, run};
use super::*;
use crate::dns::RecordData;

fn codes(report: &Report) -> Vec<&'static str> {
    report
        .findings()
        .iter()
        .map(|finding| finding.code.0)
        .collect()
}

#[test]
fn lists_the_client_records_found() {
    let mut zone = google_zone();
    zone.add(
        "autodiscover.example.co.jp",
        RecordData::Cname {
            target: "autodiscover.outlook.com".into(),
        },
    )
    .add(
        "_submission._tcp.example.co.jp",
        RecordData::Srv {
            priority: 0,
            weight: 1,
            port: 587,
            target: "smtp.google.com".into(),
        },
    )
    .add(
        "_imaps._tcp.example.co.jp",
        RecordData::Srv {
            priority: 0,
            weight: 0,
            port: 0,
            target: String::new(),
        },
    );
    let (report, rounds) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(rounds, 3, "client records are asked with the domain's own");
    let found: Vec<(&str, &str, Option<&str>)> = report
        .client_config
        .iter()
        .map(|fact| {
            (
                fact.owner.as_str(),
                fact.record.as_str(),
                fact.provider.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "autodiscover.example.co.jp",
                "autodiscover.outlook.com.",
                Some("microsoft-365")
            ),
            (
                "_submission._tcp.example.co.jp",
                "0 1 587 smtp.google.com.",
                Some("google-workspace")
            ),
            ("_imaps._tcp.example.co.jp", "0 0 0 .", None),
        ]
    );
    // Mail goes to Google, Outlook is sent to Microsoft.
    assert!(codes(&report).contains(&"autodiscover-points-to-old-provider"));
}

#[test]
fn nothing_said_without_client_records() {
    let (report, _) = run("example.co.jp", &google_zone(), SurveyOptions::default());
    assert!(report.client_config.is_empty());
    assert!(!codes(&report).contains(&"autodiscover-points-to-old-provider"));
}
