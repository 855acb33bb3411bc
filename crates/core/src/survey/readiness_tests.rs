//! Readiness for a chosen target over whole surveys.

use super::tests::Reviewing as _;
use super::tests::{Zone, google_zone, run};
use super::*;
use crate::dns::RecordType;

/// `google_zone` with Google's real include shape (three netblock includes: the
/// include costs 4 lookups) and a domain SPF of `lookups` `a:` terms without Google.
fn zone_with_spf_lookups(lookups: usize) -> Zone {
    let mut zone = google_zone();
    for name in ["example.co.jp", "_spf.google.com"] {
        zone.records.remove(&(name.to_owned(), RecordType::Txt));
    }
    let terms: Vec<String> = (0..lookups)
        .map(|idx| format!("a:h{idx}.example.net"))
        .collect();
    zone.txt("example.co.jp", &format!("v=spf1 {} -all", terms.join(" ")))
        .txt(
            "_spf.google.com",
            "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all",
        )
        .txt("_netblocks2.google.com", "v=spf1 ip6:::1 ~all")
        .txt("_netblocks3.google.com", "v=spf1 ip4:127.0.0.1 ~all");
    // Live hosts: dead ones would be void lookups, an error of their own.
    for idx in 0..lookups {
        zone.add(
            &format!("h{idx}.example.net"),
            crate::dns::RecordData::A {
                address: std::net::Ipv4Addr::new(127, 0, 1, idx as u8),
            },
        );
    }
    zone
}

fn target(id: &str) -> SurveyOptions {
    SurveyOptions {
        target: Some(id.into()),
        ..SurveyOptions::default()
    }
}

/// Test support for the target rules: a finished survey of a domain whose SPF costs
/// `lookups`, moving to Google Workspace.
pub(crate) fn report_with_spf_lookups(lookups: usize) -> Report {
    run(
        "example.co.jp",
        &zone_with_spf_lookups(lookups),
        target("google-workspace"),
    )
    .0
}

fn statuses(report: &Report) -> Vec<(&'static str, ReadinessStatus)> {
    report
        .readiness
        .as_ref()
        .expect("a target was chosen")
        .items
        .iter()
        .map(|item| (item.code, item.status))
        .collect()
}

#[test]
fn a_domain_already_at_the_target_is_ready() {
    use ReadinessStatus::{Ok, Todo};
    let (report, _) = run("example.co.jp", &google_zone(), target("google-workspace"));
    assert_eq!(
        statuses(&report),
        [
            ("verification", Ok),
            ("spf-room", Ok),
            ("mx-ttl", Ok),
            ("dmarc", Ok),
            ("dkim", Ok),
            // ns1.example-dns.jp is no DNS host the catalog knows.
            ("dns-host", Todo),
        ]
    );
    let readiness = report.readiness.as_ref().expect("chosen");
    assert_eq!(readiness.name().en, "Google Workspace");
    let verification = readiness.item("verification").expect("listed");
    assert!(
        verification
            .message(crate::Lang::Ja)
            .contains("google-site-verification=abc")
    );
    let codes: Vec<&str> = report.findings().iter().map(|f| f.code.0).collect();
    assert!(codes.contains(&"target-already-receiving"));
    assert!(!codes.contains(&"target-spf-no-room"));
}

#[test]
fn a_move_to_another_target_lists_what_is_left() {
    use ReadinessStatus::{Ok, Todo};
    let (report, _) = run("example.co.jp", &google_zone(), target("microsoft-365"));
    assert_eq!(
        statuses(&report),
        [
            ("verification", Todo),
            ("spf-room", Ok),
            ("mx-ttl", Ok),
            ("dmarc", Ok),
            ("dkim", Todo),
            ("dns-host", Todo),
        ]
    );
    let readiness = report.readiness.as_ref().expect("chosen");
    let spf = readiness.item("spf-room").expect("listed");
    // 3 now; spf.protection.outlook.com is not in the test zone: the include alone.
    assert_eq!(spf.params["total"], "4");
    assert!(
        readiness
            .item("dkim")
            .expect("listed")
            .message(crate::Lang::En)
            .contains("selector1._domainkey, selector2._domainkey")
    );
    assert!(
        readiness
            .item("verification")
            .expect("listed")
            .message(crate::Lang::En)
            .contains("MS=ms*")
    );
    let codes: Vec<&str> = report.findings().iter().map(|f| f.code.0).collect();
    assert!(!codes.contains(&"target-already-receiving"));
}

#[test]
fn the_targets_include_is_priced_from_its_own_tree() {
    let report = report_with_spf_lookups(6);
    let readiness = report.readiness.as_ref().expect("chosen");
    let spf = readiness.item("spf-room").expect("listed");
    assert_eq!(spf.status, ReadinessStatus::Ok);
    assert_eq!(
        (spf.params["current"].as_str(), spf.params["cost"].as_str()),
        ("6", "4")
    );
    let report = report_with_spf_lookups(7);
    let spf = report
        .readiness
        .as_ref()
        .expect("chosen")
        .item("spf-room")
        .expect("listed");
    assert_eq!(spf.status, ReadinessStatus::Blocked);
    assert_eq!(spf.params["total"], "11");
    assert!(
        report
            .findings()
            .iter()
            .any(|f| f.code.0 == "target-spf-no-room")
    );
}

#[test]
fn failures_and_unknown_targets() {
    let mut zone = google_zone();
    zone.timeouts
        .push(("_spf.google.com".into(), RecordType::Txt));
    zone.records
        .remove(&("example.co.jp".to_owned(), RecordType::Txt));
    zone.txt("example.co.jp", "v=spf1 -all");
    let (report, _) = run("example.co.jp", &zone, target("google-workspace"));
    let spf = report
        .readiness
        .as_ref()
        .expect("chosen")
        .item("spf-room")
        .expect("listed");
    assert_eq!(spf.status, ReadinessStatus::Todo, "could not check");
    assert!(spf.message(crate::Lang::En).contains("Could not check"));

    for id in ["no-such-provider", "xserver"] {
        let (report, _) = run("example.co.jp", &google_zone(), target(id));
        assert!(report.readiness.is_none(), "{id} is not a target");
    }
}
