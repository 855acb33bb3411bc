use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

use super::*;
use crate::dns::{Outcome, Record, RecordData, RecordType};

/// An in-memory zone: records by (name, type); names without any record are NXDOMAIN,
/// names listed in `timeouts` time out. A direct question to an address in `servers`
/// gets that outcome; other direct questions are answered from the records.
#[derive(Default)]
pub(super) struct Zone {
    pub(super) records: BTreeMap<(String, RecordType), Vec<RecordData>>,
    pub(super) timeouts: Vec<(String, RecordType)>,
    pub(super) servers: BTreeMap<IpAddr, Outcome>,
    /// `(name, outcome)`: every question at or below `name` but the DS (which the
    /// parent answers) gets `outcome` (a zone whose servers fail).
    pub(super) failing: Vec<(String, Outcome)>,
    /// The TTL a caching resolver has left (questions without a server); direct
    /// questions always get the zone's 3600.
    pub(super) resolver_ttl: Option<u32>,
}

impl Zone {
    pub(super) fn add(&mut self, name: &str, data: RecordData) -> &mut Zone {
        let rtype = data.record_type();
        self.records
            .entry((name.to_owned(), rtype))
            .or_default()
            .push(data);
        self
    }

    pub(super) fn txt(&mut self, name: &str, text: &str) -> &mut Zone {
        self.add(
            name,
            RecordData::Txt {
                strings: vec![text.to_owned()],
            },
        )
    }

    pub(super) fn answer(&self, query: &Query) -> Outcome {
        if let Some(outcome) = query.server.and_then(|server| self.servers.get(&server)) {
            return outcome.clone();
        }
        if self.timeouts.contains(&(query.name.clone(), query.rtype)) {
            return Outcome::Timeout;
        }
        let below = |zone: &str| query.name == zone || query.name.ends_with(&format!(".{zone}"));
        // The DS at the apex is the parent's answer: it stays.
        // A direct question goes to another server (the parent's, say): it answers.
        let failing = self.failing.iter().find(|(zone, _)| below(zone));
        if let Some((_, outcome)) =
            failing.filter(|_| query.rtype != RecordType::Ds && query.server.is_none())
        {
            return outcome.clone();
        }
        match self.records.get(&(query.name.clone(), query.rtype)) {
            Some(data) => Outcome::Records {
                records: data
                    .iter()
                    .map(|data| Record {
                        name: query.name.clone(),
                        ttl: match query.server {
                            Some(_) => 3600,
                            None => self.resolver_ttl.unwrap_or(3600),
                        },
                        data: data.clone(),
                    })
                    .collect(),
            },
            None if self.records.keys().any(|(name, _)| *name == query.name) => Outcome::NoData {
                negative_ttl: Some(300),
            },
            None => Outcome::NxDomain {
                negative_ttl: Some(300),
            },
        }
    }
}

/// What the rules say about a report, as the shells get it (`findings::review`).
pub(super) trait Reviewing {
    fn findings(&self) -> Vec<crate::findings::Finding>;
}

impl Reviewing for Report {
    fn findings(&self) -> Vec<crate::findings::Finding> {
        crate::findings::review(self.clone()).findings
    }
}

/// Runs the survey like a shell that asks every wanted query at once; returns the
/// report and the number of rounds (the dependency depth).
pub(super) fn run(domain: &str, zone: &Zone, options: SurveyOptions) -> (Report, usize) {
    let mut survey = Survey::new(DomainName::parse(domain).expect("valid"), options);
    let mut asked = std::collections::BTreeSet::new();
    for round in 0..50 {
        let wanted = survey.wanted();
        if wanted.is_empty() {
            assert!(survey.is_done(), "nothing wanted, yet not done");
            return (crate::findings::review(survey.report()).report, round);
        }
        for query in wanted {
            assert!(asked.insert(query.clone()), "asked twice: {query:?}");
            let outcome = zone.answer(&query);
            survey.answer(query, outcome);
        }
    }
    panic!("survey did not finish in 50 rounds")
}

pub(super) fn google_zone() -> Zone {
    let mut zone = Zone::default();
    zone.add(
        "example.co.jp",
        RecordData::Ns {
            host: "ns1.example-dns.jp".into(),
        },
    )
    .add(
        "example.co.jp",
        RecordData::Soa {
            mname: "ns1.example-dns.jp".into(),
            rname: "hostmaster.example.co.jp".into(),
            serial: 2026112801,
            refresh: 3600,
            retry: 600,
            expire: 86400,
            minimum: 300,
        },
    )
    .add(
        "example.co.jp",
        RecordData::Mx {
            preference: 1,
            exchange: "smtp.google.com".into(),
        },
    )
    .add(
        "smtp.google.com",
        RecordData::A {
            address: Ipv4Addr::new(127, 0, 0, 20),
        },
    )
    .add(
        "ns1.example-dns.jp",
        RecordData::A {
            address: Ipv4Addr::new(127, 0, 0, 53),
        },
    )
    .txt(
        "example.co.jp",
        "v=spf1 include:_spf.google.com include:spf.sender.example ~all",
    )
    .txt("example.co.jp", "google-site-verification=abc")
    .txt(
        "_spf.google.com",
        "v=spf1 include:_netblocks.google.com ~all",
    )
    .txt("_netblocks.google.com", "v=spf1 ip4:127.0.0.0/8 ~all")
    .txt(
        "_dmarc.example.co.jp",
        "v=DMARC1; p=none; rua=mailto:d@example.co.jp",
    )
    .txt(
        "google._domainkey.example.co.jp",
        "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
    );
    zone
}

#[test]
fn gathers_the_facts_in_dependency_rounds() {
    let (report, rounds) = run("example.co.jp", &google_zone(), SurveyOptions::default());
    assert_eq!(report.mx.len(), 1);
    assert_eq!(report.mx[0].host, "smtp.google.com");
    assert_eq!(
        report.mx[0].addresses,
        [IpAddr::from(Ipv4Addr::new(127, 0, 0, 20))]
    );
    assert_eq!(report.mx_ttl, Some(3600));
    assert_eq!(report.ns, ["ns1.example-dns.jp"]);
    assert_eq!(report.soa, Some((2026112801, 300)));
    assert_eq!(report.spf_lookup_count, 3, "{:#?}", report.spf_tree);
    assert_eq!(
        report.spf_void_lookup_count, 1,
        "spf.sender.example does not exist"
    );
    assert_eq!(report.dmarc.as_ref().map(|d| d.inherited), Some(false));
    assert_eq!(report.dkim.len(), 1);
    assert_eq!(report.dkim[0].bits, Some(256));
    assert!(
        report
            .txt
            .iter()
            .any(|text| text.starts_with("google-site-verification="))
    );
    assert!(report.could_not_check.is_empty());
    // Root records, then addresses and the first includes, then the include's include.
    assert_eq!(rounds, 3);
}

#[test]
fn dmarc_falls_back_to_the_organisational_domain() {
    let mut zone = google_zone();
    zone.add(
        "mail.example.co.jp",
        RecordData::Mx {
            preference: 10,
            exchange: "smtp.google.com".into(),
        },
    );
    let (report, _) = run("mail.example.co.jp", &zone, SurveyOptions::default());
    let dmarc = report.dmarc.expect("inherited DMARC");
    assert_eq!(dmarc.found_at, "_dmarc.example.co.jp");
    assert!(dmarc.inherited);
}

#[test]
fn include_loops_end() {
    let mut zone = Zone::default();
    zone.txt("loop.jp", "v=spf1 include:a.loop.jp -all")
        .txt("a.loop.jp", "v=spf1 include:b.loop.jp -all")
        .txt("b.loop.jp", "v=spf1 include:a.loop.jp -all");
    let (report, _) = run("loop.jp", &zone, SurveyOptions::default());
    let b = &report.spf_tree.children[0].children[0];
    assert_eq!(b.children[0].problem, Some(SpfProblem::Loop));
    assert!(report.spf_lookup_count_is_minimum);
    let findings = report.findings();
    let looped = findings
        .iter()
        .find(|finding| finding.code.0 == "spf-include-loop")
        .expect("an error");
    assert_eq!(
        looped.params["path"],
        "include:a.loop.jp → include:b.loop.jp → include:a.loop.jp"
    );
    assert_eq!(looped.subject.owner, "b.loop.jp");
}

#[test]
fn fan_out_stays_within_the_query_budget() {
    let includes: Vec<String> = (0..1000)
        .map(|idx| format!("include:s{idx}.fan.jp"))
        .collect();
    let mut zone = Zone::default();
    zone.txt("fan.jp", &format!("v=spf1 {} -all", includes.join(" ")));
    let (report, _) = run("fan.jp", &zone, SurveyOptions::default());
    assert!(report.queries <= MAX_QUERIES, "{} queries", report.queries);
    assert_eq!(
        report.spf_lookup_count, 1000,
        "every include costs a lookup, asked or not"
    );
    // What the budget left unasked is said, not left blank.
    assert!(report.spf_lookup_count_is_minimum);
    let children = &report.spf_tree.children;
    let unasked = children
        .iter()
        .filter(|child| child.problem == Some(SpfProblem::NotAsked))
        .count();
    assert!(unasked > 900, "{unasked}");
    assert!(
        children
            .iter()
            .all(|child| child.problem.is_some() || child.record.is_some())
    );
    assert_eq!(report.not_asked.len(), unasked);
    assert!(
        report
            .not_asked
            .iter()
            .all(|query| query.rtype == RecordType::Txt)
    );
    let codes: Vec<&str> = report.findings().iter().map(|f| f.code.0).collect();
    assert!(codes.contains(&"survey-budget-exhausted"), "{codes:?}");
    assert!(!codes.contains(&"dns-could-not-check"), "{codes:?}");
}

#[test]
fn a_survey_within_the_budget_leaves_nothing_unasked() {
    let (report, _) = run("example.co.jp", &google_zone(), SurveyOptions::default());
    assert!(report.not_asked.is_empty());
    assert!(!report.spf_lookup_count_is_minimum);
}

#[test]
fn failures_are_could_not_check() {
    let mut zone = google_zone();
    zone.timeouts.push(("example.co.jp".into(), RecordType::Mx));
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert!(report.mx.is_empty());
    assert_eq!(
        report.could_not_check,
        [Query::new("example.co.jp", RecordType::Mx)]
    );
}

#[test]
fn user_and_target_selectors_are_tried_once_each() {
    let options = SurveyOptions {
        selectors: vec!["Custom1".into(), "google".into(), "bad selector".into()],
        target: Some("microsoft-365".into()),
        typed: None,
    };
    let survey = Survey::new(DomainName::parse("example.jp").expect("valid"), options);
    let selectors = survey.selectors();
    assert_eq!(selectors.iter().filter(|s| *s == "google").count(), 1);
    assert!(selectors.contains(&"custom1".to_owned()));
    assert!(selectors.contains(&"selector1".to_owned()));
    assert!(!selectors.iter().any(|s| s.contains(' ')));
}

#[test]
fn the_policy_file_is_wanted_once_after_the_mta_sts_record_and_awaited() {
    let mut zone = Zone::default();
    zone.txt("example.jp", "v=spf1 -all")
        .txt("_mta-sts.example.jp", "v=STSv1; id=20261128");
    let mut survey = Survey::new(
        DomainName::parse("example.jp").unwrap(),
        SurveyOptions::default(),
    );
    assert_eq!(survey.wanted_policy(), None, "nothing answered yet");
    let mut url = None;
    loop {
        let wanted = survey.wanted();
        if wanted.is_empty() {
            break;
        }
        for query in wanted {
            let outcome = zone.answer(&query);
            survey.answer(query, outcome);
        }
        if let Some(wanted) = survey.wanted_policy() {
            assert!(url.is_none(), "wanted twice");
            url = Some(wanted);
        }
    }
    assert_eq!(
        url.as_deref(),
        Some("https://mta-sts.example.jp/.well-known/mta-sts.txt")
    );
    assert!(!survey.is_done(), "the fetch is still out");
    assert_eq!(survey.wanted_policy(), None);
    let fetch = crate::mta_sts::PolicyFetch::Fetched {
        url: url.unwrap(),
        body: "version: STSv1\nmode: testing\nmx: mx.example.jp\nmax_age: 86400\n".into(),
    };
    survey.answer_policy(fetch.clone());
    assert!(survey.is_done());
    assert_eq!(survey.report().mta_sts_policy, Some(fetch));
}

#[test]
fn no_policy_fetch_without_an_mta_sts_record() {
    let mut zone = Zone::default();
    zone.txt("_mta-sts.example.jp", "v=spf1 -all");
    let mut survey = Survey::new(
        DomainName::parse("example.jp").unwrap(),
        SurveyOptions::default(),
    );
    loop {
        let wanted = survey.wanted();
        if wanted.is_empty() {
            break;
        }
        for query in wanted {
            let outcome = zone.answer(&query);
            survey.answer(query, outcome);
        }
    }
    assert_eq!(survey.wanted_policy(), None);
    assert!(survey.is_done());
}

#[test]
fn the_record_tables_list_the_domains_own_records_once_with_ttls() {
    let mut zone = Zone::default();
    zone.add(
        "example.jp",
        RecordData::Mx {
            preference: 10,
            exchange: "mx.example.jp".into(),
        },
    )
    .add(
        "mx.example.jp",
        RecordData::A {
            address: Ipv4Addr::new(192, 0, 2, 25),
        },
    )
    .txt("example.jp", "v=spf1 include:_spf.provider.example -all")
    .txt("_spf.provider.example", "v=spf1 -all")
    .txt("_dmarc.example.jp", "v=DMARC1; p=none");
    let (report, _) = run("example.jp", &zone, SurveyOptions::default());
    let names: Vec<(&str, RecordType)> = report
        .records
        .iter()
        .map(|record| (record.name.as_str(), record.data.record_type()))
        .collect();
    assert!(names.contains(&("example.jp", RecordType::Mx)), "{names:?}");
    assert!(
        names.contains(&("mx.example.jp", RecordType::A)),
        "{names:?}"
    );
    assert!(
        names.contains(&("_dmarc.example.jp", RecordType::Txt)),
        "{names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|(name, _)| name.ends_with("provider.example")),
        "another domain's records are not this domain's: {names:?}"
    );
    assert!(report.records.iter().all(|record| record.ttl == 3600));
    let mut unique = report.records.clone();
    unique.dedup();
    assert_eq!(unique.len(), report.records.len());
}
