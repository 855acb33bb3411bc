//! The SPF tree's `a`, `mx` and `exists` targets: looked up as a receiver would, void
//! lookups counted as RFC 7208 §4.6.4 does, and bounded.

use super::tests::Reviewing as _;
use std::collections::BTreeSet;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::tests::Zone;
use super::*;
use crate::dns::{RecordData, RecordType};

/// `example.jp` with one exchanger and one name server, and `spf` as its SPF record.
fn zone_with_spf(spf: &str) -> Zone {
    let mut zone = Zone::default();
    zone.txt("example.jp", spf)
        .add(
            "example.jp",
            RecordData::Mx {
                preference: 10,
                exchange: "mx.example.jp".into(),
            },
        )
        .add(
            "example.jp",
            RecordData::Ns {
                host: "ns.example.jp".into(),
            },
        )
        .add(
            "mx.example.jp",
            RecordData::A {
                address: Ipv4Addr::new(127, 0, 0, 25),
            },
        )
        .add(
            "ns.example.jp",
            RecordData::A {
                address: Ipv4Addr::new(127, 0, 0, 53),
            },
        )
        .txt("_dmarc.example.jp", "v=DMARC1; p=reject");
    zone
}

/// The survey of `example.jp`, and every question it asked.
fn survey(zone: &Zone) -> (Report, BTreeSet<Query>) {
    let mut survey = Survey::new(
        DomainName::parse("example.jp").expect("valid"),
        SurveyOptions::default(),
    );
    let mut asked = BTreeSet::new();
    for _ in 0..50 {
        let wanted = survey.wanted();
        if wanted.is_empty() {
            assert!(survey.is_done(), "nothing wanted, yet not done");
            return (survey.report(), asked);
        }
        for query in wanted {
            assert!(asked.insert(query.clone()), "asked twice: {query:?}");
            let outcome = zone.answer(&query);
            survey.answer(query, outcome);
        }
    }
    panic!("survey did not finish in 50 rounds")
}

/// `(term, status)` of every target in the tree, in tree order.
fn statuses(node: &SpfNode) -> Vec<(String, &'static str)> {
    let mut found: Vec<(String, &'static str)> = node
        .targets
        .iter()
        .map(|target| (target.term.clone(), target.status.name()))
        .collect();
    for child in &node.children {
        found.extend(statuses(child));
    }
    found
}

#[test]
fn names_that_no_longer_exist_are_void_lookups() {
    // The classic leftover of an earlier move: every name is gone.
    let zone =
        zone_with_spf("v=spf1 a:old-mx1.example.jp a:old-mx2.example.jp mx:legacy.example.jp -all");
    let (report, asked) = survey(&zone);
    assert_eq!(report.spf_void_lookup_count, 3, "{:#?}", report.spf_tree);
    assert_eq!(
        statuses(&report.spf_tree),
        [
            ("a:old-mx1.example.jp".to_owned(), "void"),
            ("a:old-mx2.example.jp".to_owned(), "void"),
            ("mx:legacy.example.jp".to_owned(), "void"),
        ]
    );
    let target = &report.spf_tree.targets[2];
    assert_eq!(
        (target.mechanism, target.domain.as_str()),
        (SpfTargetMechanism::Mx, "legacy.example.jp")
    );
    // NXDOMAIN for A is NXDOMAIN for AAAA: not asked again.
    assert!(asked.contains(&Query::new("old-mx1.example.jp", RecordType::A)));
    assert!(!asked.contains(&Query::new("old-mx1.example.jp", RecordType::Aaaa)));
    assert!(report.could_not_check.is_empty());
    assert!(report.not_asked.is_empty());
    // Broken for every receiver: an error, and a warning naming each dead host.
    let void = finding_codes(&report, "spf-too-many-void-lookups");
    assert_eq!(void, [crate::findings::Severity::Error]);
    let findings = report.findings();
    let dead: Vec<&str> = findings
        .iter()
        .filter(|finding| finding.code.0 == "spf-dead-host")
        .map(|finding| {
            assert_eq!(finding.severity, crate::findings::Severity::Warning);
            finding.params["term"].as_str()
        })
        .collect();
    assert_eq!(
        dead,
        [
            "a:old-mx1.example.jp",
            "a:old-mx2.example.jp",
            "mx:legacy.example.jp"
        ]
    );
    let findings = report.findings();
    let fixed = findings
        .iter()
        .find(|finding| finding.code.0 == "spf-dead-host")
        .and_then(|finding| finding.fix.as_deref());
    assert_eq!(fixed, Some("v=spf1 -all"));
}

/// The severities of the findings with `code`.
fn finding_codes(report: &Report, code: &str) -> Vec<crate::findings::Severity> {
    report
        .findings()
        .iter()
        .filter(|finding| finding.code.0 == code)
        .map(|finding| finding.severity)
        .collect()
}

#[test]
fn two_dead_hosts_are_warnings_only() {
    let zone = zone_with_spf("v=spf1 a:old-mx1.example.jp mx mx:legacy.example.jp ~all");
    let (report, _) = survey(&zone);
    assert_eq!(report.spf_void_lookup_count, 2);
    assert!(finding_codes(&report, "spf-too-many-void-lookups").is_empty());
    assert_eq!(finding_codes(&report, "spf-dead-host").len(), 2);
    let findings = report.findings();
    let fixed: Vec<Option<&str>> = findings
        .iter()
        .filter(|finding| finding.code.0 == "spf-dead-host")
        .map(|finding| finding.fix.as_deref())
        .collect();
    assert_eq!(fixed, [Some("v=spf1 mx ~all"), Some("v=spf1 mx ~all")]);
}

#[test]
fn a_live_host_is_no_void_lookup_and_costs_one_question() {
    let mut zone = zone_with_spf("v=spf1 a:mail.example.jp mx -all");
    zone.add(
        "mail.example.jp",
        RecordData::A {
            address: Ipv4Addr::new(127, 0, 0, 26),
        },
    );
    let (report, asked) = survey(&zone);
    assert_eq!(report.spf_void_lookup_count, 0);
    assert_eq!(
        statuses(&report.spf_tree),
        [
            ("a:mail.example.jp".to_owned(), "found"),
            ("mx".to_owned(), "found"),
        ]
    );
    assert!(!asked.contains(&Query::new("mail.example.jp", RecordType::Aaaa)));
    // A bare `mx` is the domain's own MX, asked once.
    assert_eq!(report.spf_tree.targets[1].domain, "example.jp");
    assert!(finding_codes(&report, "spf-dead-host").is_empty());
    assert!(finding_codes(&report, "spf-too-many-void-lookups").is_empty());
}

/// A receiver asks A for an IPv4 client and AAAA for an IPv6 one: a name with
/// either is not void for every receiver, a name with neither is.
#[test]
fn an_a_lookup_is_void_only_when_the_name_has_neither_address_type() {
    let mut zone = zone_with_spf("v=spf1 a:v6.example.jp a:empty.example.jp a:v4.example.jp ~all");
    zone.add(
        "v6.example.jp",
        RecordData::Aaaa {
            address: Ipv6Addr::LOCALHOST,
        },
    )
    .add(
        "v4.example.jp",
        RecordData::A {
            address: Ipv4Addr::new(127, 0, 0, 27),
        },
    )
    // The name exists (it has a TXT record), but has no address.
    .txt("empty.example.jp", "not an address");
    let (report, asked) = survey(&zone);
    assert_eq!(
        statuses(&report.spf_tree),
        [
            ("a:v6.example.jp".to_owned(), "found"),
            ("a:empty.example.jp".to_owned(), "void"),
            ("a:v4.example.jp".to_owned(), "found"),
        ]
    );
    assert_eq!(report.spf_void_lookup_count, 1);
    for name in ["v6.example.jp", "empty.example.jp"] {
        assert!(
            asked.contains(&Query::new(name, RecordType::Aaaa)),
            "{name}"
        );
    }
}

#[test]
fn an_mx_whose_mx_lookup_finds_nothing_is_void_and_dead_exchangers_are_not() {
    let mut zone = zone_with_spf(
        "v=spf1 mx:nomx.example.jp mx:gone.example.jp mx:old.example.jp mx:live.example.jp -all",
    );
    zone.txt("nomx.example.jp", "the name exists, without MX")
        // old.example.jp's exchanger is gone: the MX lookup finds records, so the term is
        // no void lookup, but it can match nothing.
        .add(
            "old.example.jp",
            RecordData::Mx {
                preference: 10,
                exchange: "gone-mx.example.jp".into(),
            },
        )
        .add(
            "live.example.jp",
            RecordData::Mx {
                preference: 10,
                exchange: "gone-mx.example.jp".into(),
            },
        )
        .add(
            "live.example.jp",
            RecordData::Mx {
                preference: 20,
                exchange: "mx.example.jp".into(),
            },
        );
    let (report, _) = survey(&zone);
    assert_eq!(
        statuses(&report.spf_tree),
        [
            ("mx:nomx.example.jp".to_owned(), "void"),
            ("mx:gone.example.jp".to_owned(), "void"),
            ("mx:old.example.jp".to_owned(), "no-address"),
            ("mx:live.example.jp".to_owned(), "found"),
        ]
    );
    assert_eq!(report.spf_void_lookup_count, 2);
    assert!(report.spf_tree.targets[2].is_dead());
    assert!(!report.spf_tree.targets[2].is_void());
}

#[test]
fn lookups_that_could_not_be_checked_are_never_void() {
    let mut zone = zone_with_spf(
        "v=spf1 a:slow.example.jp mx:slow-mx.example.jp exists:slow-exists.example.jp \
         a:half.example.jp -all",
    );
    zone.timeouts
        .push(("slow.example.jp".into(), RecordType::A));
    zone.timeouts
        .push(("slow-mx.example.jp".into(), RecordType::Mx));
    zone.timeouts
        .push(("slow-exists.example.jp".into(), RecordType::A));
    // A times out; AAAA says the name exists with no AAAA: still unknown.
    zone.timeouts
        .push(("half.example.jp".into(), RecordType::A));
    zone.txt("half.example.jp", "exists");
    let (report, _) = survey(&zone);
    assert_eq!(report.spf_void_lookup_count, 0);
    assert!(finding_codes(&report, "spf-dead-host").is_empty());
    assert!(
        report
            .spf_tree
            .targets
            .iter()
            .all(|target| target.status == SpfTargetStatus::CouldNotCheck),
        "{:#?}",
        report.spf_tree.targets
    );
    assert!(
        report
            .could_not_check
            .contains(&Query::new("slow-mx.example.jp", RecordType::Mx))
    );
}

#[test]
fn targets_in_included_records_count_too_and_so_do_includes_of_names_that_are_gone() {
    let mut zone = zone_with_spf(
        "v=spf1 include:_spf.example.jp include:gone.example.jp include:nospf.example.jp -all",
    );
    zone.txt(
        "_spf.example.jp",
        "v=spf1 a:old-mx1.example.jp exists:gone-too.example.jp ~all",
    )
    // TXT records, none of them SPF: the lookup found records, so no void lookup.
    .txt("nospf.example.jp", "google-site-verification=abc");
    let (report, _) = survey(&zone);
    assert_eq!(
        statuses(&report.spf_tree),
        [
            ("a:old-mx1.example.jp".to_owned(), "void"),
            ("exists:gone-too.example.jp".to_owned(), "void"),
        ]
    );
    let [spf, gone, nospf] = report.spf_tree.children.as_slice() else {
        panic!("three includes: {:#?}", report.spf_tree);
    };
    assert!(!spf.void && gone.void && !nospf.void);
    assert_eq!(nospf.problem, Some(SpfProblem::NotFound));
    assert_eq!(report.spf_void_lookup_count, 3);
}

#[test]
fn every_term_counts_even_for_the_same_name_and_macros_are_not_looked_up() {
    let zone =
        zone_with_spf("v=spf1 a:old.example.jp a:old.example.jp exists:%{i}.example.jp -all");
    let (report, asked) = survey(&zone);
    assert_eq!(report.spf_void_lookup_count, 2);
    assert_eq!(report.spf_tree.targets.len(), 2, "the macro is left out");
    assert!(!asked.iter().any(|query| query.name.contains('%')));
}

/// The targets are part of the SPF fan-out: at most `MAX_TARGET_NAMES` names, the
/// first in tree order, and never more than the budget, whatever the record holds.
#[test]
fn targets_are_bounded_and_the_rest_are_not_asked() {
    let terms: Vec<String> = (0..40)
        .map(|idx| {
            if idx % 2 == 0 {
                format!("a:h{idx}.example.jp")
            } else {
                format!("mx:m{idx}.example.jp")
            }
        })
        .collect();
    let mut zone = zone_with_spf(&format!("v=spf1 {} -all", terms.join(" ")));
    // Every mx target has ten exchangers that have no address.
    for idx in (1..40).step_by(2) {
        for exchanger in 0..12 {
            zone.add(
                &format!("m{idx}.example.jp"),
                RecordData::Mx {
                    preference: 10,
                    exchange: format!("x{exchanger}.m{idx}.example.jp"),
                },
            );
        }
    }
    let (report, asked) = survey(&zone);
    assert!(asked.len() <= MAX_QUERIES, "{}", asked.len());
    let targets = &report.spf_tree.targets;
    assert_eq!(targets.len(), 40);
    // The first ten names were asked; none after them.
    for target in &targets[spf_tree::MAX_TARGET_NAMES..] {
        assert_eq!(target.status, SpfTargetStatus::NotAsked, "{target:?}");
        assert!(
            !asked
                .iter()
                .any(|query| query.name.ends_with(&target.domain))
        );
    }
    assert_eq!(
        targets[..spf_tree::MAX_TARGET_NAMES]
            .iter()
            .filter(|target| target.status == SpfTargetStatus::Void)
            .count(),
        5,
        "the five a: names do not exist"
    );
    for target in targets[..spf_tree::MAX_TARGET_NAMES]
        .iter()
        .filter(|target| target.mechanism == SpfTargetMechanism::Mx)
    {
        assert_eq!(target.status, SpfTargetStatus::NoAddress, "{target:?}");
    }
    // At most ten exchangers per mx target (the first in name order: x0, x1, x10 …).
    assert!(asked.contains(&Query::new("x11.m1.example.jp", RecordType::A)));
    assert!(!asked.contains(&Query::new("x9.m1.example.jp", RecordType::A)));
    // The domain's own records and their follow-ups were asked all the same.
    assert!(asked.contains(&Query::new("mx.example.jp", RecordType::A)));
    assert!(asked.contains(&Query::new("ns.example.jp", RecordType::A)));
    assert_eq!(report.spf_void_lookup_count, 5);
}
