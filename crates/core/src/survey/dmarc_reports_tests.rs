//! External DMARC report authorisation over whole surveys.

use super::tests::Reviewing as _;
use super::tests::{Zone, google_zone, run};
use super::*;
use crate::dns::RecordType;

fn with_dmarc(record: &str) -> Zone {
    let mut zone = google_zone();
    zone.records
        .remove(&("_dmarc.example.co.jp".to_owned(), RecordType::Txt));
    zone.txt("_dmarc.example.co.jp", record);
    zone
}

fn statuses(report: &Report) -> Vec<(&str, ReportAuthorisation)> {
    report
        .dmarc_external_reports
        .iter()
        .map(|fact| (fact.report_domain.as_str(), fact.status))
        .collect()
}

#[test]
fn external_destinations_need_the_destinations_consent() {
    let mut zone = with_dmarc(
        "v=DMARC1; p=none; rua=mailto:a@reports.example.net,mailto:d@example.co.jp,mailto:b@sub.example.co.jp; ruf=mailto:f@forensic.example.org",
    );
    zone.txt(
        "example.co.jp._report._dmarc.reports.example.net",
        "v=DMARC1",
    );
    let (report, rounds) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(rounds, 3, "asked together with the SPF includes' includes");
    assert_eq!(
        statuses(&report),
        [
            ("reports.example.net", ReportAuthorisation::Authorised),
            ("forensic.example.org", ReportAuthorisation::NotAuthorised),
        ]
    );
    let findings = report.findings();
    let unauthorised: Vec<&str> = findings
        .iter()
        .filter(|finding| finding.code.0 == "dmarc-external-report-unauthorised")
        .map(|finding| finding.subject.owner.as_str())
        .collect();
    assert_eq!(
        unauthorised,
        ["example.co.jp._report._dmarc.forensic.example.org"]
    );
}

#[test]
fn an_inherited_policy_is_authorised_for_the_organisational_domain() {
    // RFC 7489 §7.1 prepends the domain the policy was found at.
    let mut zone = with_dmarc("v=DMARC1; p=reject; rua=mailto:a@reports.example.net");
    zone.txt("mail.example.co.jp", "v=spf1 -all");
    let (report, _) = run("mail.example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(
        report.dmarc_external_reports[0].query,
        "example.co.jp._report._dmarc.reports.example.net"
    );
}

#[test]
fn at_most_five_report_domains_are_asked_and_failures_are_unknown() {
    let addresses: Vec<String> = (0..8)
        .map(|idx| format!("mailto:r@r{idx}.example.net"))
        .collect();
    let mut zone = with_dmarc(&format!("v=DMARC1; p=none; rua={}", addresses.join(",")));
    zone.timeouts.push((
        "example.co.jp._report._dmarc.r0.example.net".into(),
        RecordType::Txt,
    ));
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    let status: Vec<ReportAuthorisation> = statuses(&report)
        .into_iter()
        .map(|(_, status)| status)
        .collect();
    assert_eq!(status.len(), 8);
    assert_eq!(status[0], ReportAuthorisation::CouldNotCheck, "timed out");
    assert!(
        status[1..5]
            .iter()
            .all(|status| *status == ReportAuthorisation::NotAuthorised)
    );
    assert!(
        status[5..]
            .iter()
            .all(|status| *status == ReportAuthorisation::CouldNotCheck),
        "not asked"
    );
    assert_eq!(
        report
            .findings()
            .iter()
            .filter(|finding| finding.code.0 == "dmarc-external-report-unauthorised")
            .count(),
        4
    );
}
