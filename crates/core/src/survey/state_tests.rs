//! The survey at its edges: a domain that does not exist, a zone that does not
//! answer, one part that does not answer, null MX, the zone's own MX TTL, and
//! readiness that agrees with the findings.

use super::tests::Reviewing as _;
use super::tests::{Zone, google_zone, run};
use super::*;
use crate::dns::RecordType;
use crate::findings::{Severity, Topic};

fn codes(report: &Report) -> Vec<&'static str> {
    report
        .findings()
        .iter()
        .map(|finding| finding.code.0)
        .collect()
}

fn typed(text: &str) -> SurveyOptions {
    SurveyOptions {
        typed: Some(text.into()),
        ..SurveyOptions::default()
    }
}

#[test]
fn a_domain_that_does_not_exist_is_said_once() {
    // Nothing at all: every name is NXDOMAIN.
    let (report, _) = run(
        "exmaple.co.jp",
        &Zone::default(),
        typed("taro@exmaple.co.jp"),
    );
    assert_eq!(report.state, DomainState::NotFound);
    assert_eq!(codes(&report), ["domain-not-found"]);
    let finding = &report.findings()[0];
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding
            .title(crate::Lang::Ja)
            .contains("taro@exmaple.co.jp")
    );
    assert!(report.could_not_check.is_empty());
}

#[test]
fn a_missing_sub_domain_points_at_its_existing_parent() {
    let mut zone = google_zone();
    zone.txt("_dmarc.example.co.jp", "v=DMARC1; p=none");
    let (report, _) = run("mial.example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(codes(&report), ["domain-not-found"]);
    assert_eq!(report.existing_parent.as_deref(), Some("example.co.jp"));
}

#[test]
fn a_zone_whose_servers_fail_is_an_outage_and_nothing_else() {
    for (outcome, reason) in [
        (Outcome::ServFail, "SERVFAIL"),
        (Outcome::Timeout, "timeout"),
    ] {
        let mut zone = google_zone();
        zone.failing.push(("example.co.jp".into(), outcome));
        // The parent zone's server, asked directly, gives the delegation.
        zone.add(
            "co.jp",
            RecordData::Ns {
                host: "a.dns.jp".into(),
            },
        )
        .add(
            "a.dns.jp",
            RecordData::A {
                address: std::net::Ipv4Addr::new(127, 0, 0, 99),
            },
        );
        let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
        assert_eq!(report.state, DomainState::Unreachable);
        assert_eq!(codes(&report), ["dns-zone-unreachable"]);
        assert_eq!(report.delegation, ["ns1.example-dns.jp"]);
        let why = report.findings()[0].why(crate::Lang::En);
        assert!(why.contains(reason), "{why}");
        assert!(why.contains("Name servers: ns1.example-dns.jp."), "{why}");
    }
}

#[test]
fn when_not_even_the_parent_answers_nothing_is_said_about_the_domain() {
    // Our resolver is down, or the whole path is: the DS question failed too.
    let mut zone = google_zone();
    zone.failing
        .push(("example.co.jp".into(), Outcome::Timeout));
    zone.timeouts.push(("example.co.jp".into(), RecordType::Ds));
    let options = SurveyOptions {
        target: Some("google-workspace".into()),
        ..SurveyOptions::default()
    };
    let (report, _) = run("example.co.jp", &zone, options);
    assert_eq!(report.state, DomainState::NoAnswers);
    assert_eq!(codes(&report), ["dns-could-not-check"]);
    assert!(
        report.findings()[0]
            .why(crate::Lang::En)
            .contains("not that the domain is broken")
    );
    let readiness = report.readiness.as_ref().expect("target");
    assert!(
        readiness
            .items
            .iter()
            .all(|item| item.status == ReadinessStatus::Todo)
    );
}

#[test]
fn one_failed_name_is_could_not_check_in_its_own_part() {
    let mut zone = google_zone();
    zone.timeouts
        .push(("_dmarc.example.co.jp".into(), RecordType::Txt));
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(report.state, DomainState::Answering);
    let found = codes(&report);
    assert!(found.contains(&"dmarc-could-not-check"), "{found:?}");
    for not in [
        "dmarc-missing",
        "dns-could-not-check",
        "dns-zone-unreachable",
    ] {
        assert!(!found.contains(&not), "{not} in {found:?}");
    }
    let findings = report.findings();
    let finding = findings
        .iter()
        .find(|finding| finding.code.0 == "dmarc-could-not-check")
        .expect("found");
    assert_eq!(finding.topic, Topic::Dmarc);
    assert!(
        finding.title(crate::Lang::En).contains("timed out")
            || finding.title(crate::Lang::En).contains("timeout")
    );
}

#[test]
fn a_null_mx_is_its_own_finding_and_nothing_else_complains() {
    let mut zone = google_zone();
    zone.records
        .remove(&("example.co.jp".to_owned(), RecordType::Mx));
    zone.add(
        "example.co.jp",
        RecordData::Mx {
            preference: 0,
            exchange: String::new(),
        },
    );
    zone.resolver_ttl = Some(86_400);
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert!(report.null_mx);
    let found = codes(&report);
    assert!(found.contains(&"mx-null"), "{found:?}");
    let findings = report.findings();
    let mx_findings: Vec<&str> = findings
        .iter()
        .filter(|finding| finding.topic == Topic::Mx)
        .map(|finding| finding.code.0)
        .collect();
    assert_eq!(mx_findings, ["mx-null"]);

    zone.add(
        "example.co.jp",
        RecordData::Mx {
            preference: 10,
            exchange: "smtp.google.com".into(),
        },
    );
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert!(!report.null_mx);
    assert!(codes(&report).contains(&"mx-null-with-other-mx"));
    assert!(!codes(&report).contains(&"mx-null"));
}

#[test]
fn the_mx_ttl_is_the_zone_s_not_what_a_cache_has_left() {
    let mut zone = google_zone();
    zone.resolver_ttl = Some(3597);
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(report.mx_ttl, Some(3600));
    assert!(report.mx_ttl_from_zone);

    // No authoritative server answers directly: the resolver's value, said so.
    let mut zone = google_zone();
    zone.resolver_ttl = Some(3597);
    zone.servers
        .insert([127, 0, 0, 53].into(), Outcome::Timeout);
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(report.mx_ttl, Some(3597));
    assert!(!report.mx_ttl_from_zone);
}

#[test]
fn spf_room_is_never_ok_while_spf_is_over_the_limit() {
    // The target's include is already there, yet the record needs 11 lookups.
    let mut zone = google_zone();
    zone.records
        .remove(&("example.co.jp".to_owned(), RecordType::Txt));
    let terms: Vec<String> = (0..10).map(|idx| format!("a:h{idx}.example.net")).collect();
    zone.txt(
        "example.co.jp",
        &format!("v=spf1 include:_spf.google.com {} ~all", terms.join(" ")),
    );
    let options = SurveyOptions {
        target: Some("google-workspace".into()),
        ..SurveyOptions::default()
    };
    let (report, _) = run("example.co.jp", &zone, options);
    assert!(report.spf_lookup_count > 10, "{}", report.spf_lookup_count);
    assert!(codes(&report).contains(&"spf-too-many-lookups"));
    let readiness = report.readiness.as_ref().expect("target");
    let item = readiness.item("spf-room").expect("item");
    assert_eq!(item.status, ReadinessStatus::Blocked);
    let text = item.message(crate::Lang::En);
    assert!(
        text.contains("include:_spf.google.com (2)")
            && text.contains("a, mx, exists and ptr terms (10)"),
        "{text}"
    );
    // And no item is ok while an error of its topic stands.
    for item in &readiness.items {
        let topic_error = report.findings().iter().any(|finding| {
            finding.severity == Severity::Error
                && Some(finding.topic)
                    == match item.code {
                        "spf-room" => Some(Topic::Spf),
                        "mx-ttl" => Some(Topic::Mx),
                        "dmarc" => Some(Topic::Dmarc),
                        "dkim" => Some(Topic::Dkim),
                        "dns-host" => Some(Topic::Dns),
                        _ => None,
                    }
        });
        assert!(
            !(topic_error && item.status == ReadinessStatus::Ok),
            "{}",
            item.code
        );
    }
}

#[test]
fn nothing_is_ready_for_a_domain_that_does_not_exist() {
    let options = SurveyOptions {
        target: Some("google-workspace".into()),
        ..SurveyOptions::default()
    };
    let (report, _) = run("exmaple.co.jp", &Zone::default(), options);
    let readiness = report.readiness.as_ref().expect("target");
    assert!(
        readiness
            .items
            .iter()
            .all(|item| item.status == ReadinessStatus::Blocked)
    );
    assert!(
        readiness.items[0]
            .message(crate::Lang::Ja)
            .contains("存在しません")
    );
}

#[test]
fn a_state_reads_back_from_its_tag_and_only_failures_have_words() {
    for state in [
        DomainState::Answering,
        DomainState::NotFound,
        DomainState::Unreachable,
        DomainState::NoAnswers,
    ] {
        assert_eq!(DomainState::from_tag(state.tag()), Some(state));
        assert_eq!(state.words().is_none(), state == DomainState::Answering);
    }
    assert_eq!(DomainState::from_tag("later-state"), None);
}
