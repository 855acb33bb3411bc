//! Provider mix and readiness for a target over whole surveys.

use super::tests::{Zone, google_zone, run};
use super::*;
use crate::dns::RecordData;

fn codes(report: &Report) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .map(|finding| finding.code.0)
        .collect()
}

/// Google receives; Microsoft 365's exchanger was added for a move in progress.
fn mixed_zone() -> Zone {
    let mut zone = google_zone();
    zone.add(
        "example.co.jp",
        RecordData::Mx {
            preference: 0,
            exchange: "example-co-jp.mail.protection.outlook.com".into(),
        },
    );
    zone
}

#[test]
fn mx_at_two_providers_is_a_split() {
    let (report, _) = run("example.co.jp", &mixed_zone(), SurveyOptions::default());
    let ids: Vec<&str> = report
        .mx_providers()
        .iter()
        .map(|found| found.provider.id)
        .collect();
    assert_eq!(ids, ["google-workspace", "microsoft-365"]);
    assert!(codes(&report).contains(&"mx-mixed-providers"));
    let (report, _) = run("example.co.jp", &google_zone(), SurveyOptions::default());
    assert!(!codes(&report).contains(&"mx-mixed-providers"));
    assert!(
        !codes(&report).contains(&"mx-ttl-long"),
        "3600 s is short enough"
    );
}
