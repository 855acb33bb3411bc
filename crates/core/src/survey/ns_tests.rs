//! Name-server consistency over whole surveys: what each server is asked directly,
//! and what its answer makes of it.

use super::tests::Reviewing as _;
use std::net::{IpAddr, Ipv4Addr};

use super::tests::{Zone, google_zone, run};
use super::*;
use crate::dns::{Record, RecordData, RecordType};

const NS1: [u8; 4] = [127, 0, 0, 53];
const NS2: [u8; 4] = [127, 0, 1, 53];

/// `google_zone` with a second name server, `ns2.example-dns.jp`, in another /24.
fn two_servers() -> Zone {
    let mut zone = google_zone();
    zone.add(
        "example.co.jp",
        RecordData::Ns {
            host: "ns2.example-dns.jp".into(),
        },
    )
    .add(
        "ns2.example-dns.jp",
        RecordData::A {
            address: NS2.into(),
        },
    );
    zone
}

/// A direct answer serving the zone at `serial`.
fn soa(serial: u32) -> Outcome {
    Outcome::Records {
        records: vec![Record {
            name: "example.co.jp".into(),
            ttl: 3600,
            data: RecordData::Soa {
                mname: "ns1.example-dns.jp".into(),
                rname: "hostmaster.example.co.jp".into(),
                serial,
                refresh: 3600,
                retry: 600,
                expire: 86400,
                minimum: 300,
            },
        }],
    }
}

fn codes(report: &Report) -> Vec<&'static str> {
    report
        .findings()
        .iter()
        .map(|finding| finding.code.0)
        .collect()
}

fn states(report: &Report) -> Vec<(&str, NsServerState, Option<u32>)> {
    report
        .ns_servers
        .servers
        .iter()
        .map(|server| (server.host.as_str(), server.state, server.serial))
        .collect()
}

fn direct(address: [u8; 4]) -> Query {
    Query::at("example.co.jp", RecordType::Soa, address.into())
}

#[test]
fn servers_serving_the_same_serial_are_consistent() {
    let (report, rounds) = run("example.co.jp", &two_servers(), SurveyOptions::default());
    assert_eq!(
        states(&report),
        [
            (
                "ns1.example-dns.jp",
                NsServerState::Answered,
                Some(2026112801)
            ),
            (
                "ns2.example-dns.jp",
                NsServerState::Answered,
                Some(2026112801)
            ),
        ]
    );
    assert_eq!(report.ns_servers.status, NsSerialStatus::Consistent);
    assert_eq!(report.ns_servers.newest_serial, Some(2026112801));
    assert!(report.ns_servers.lagging.is_empty());
    assert_eq!(report.ns_servers.shared_network, None, "two /24s");
    assert!(report.could_not_check.is_empty());
    assert!(!codes(&report).iter().any(|code| code.starts_with("ns-")));
    // Root records, then the servers' addresses, then the servers themselves (in the
    // round of the SPF include's include).
    assert_eq!(rounds, 3);
}

#[test]
fn a_server_behind_on_the_serial_is_named() {
    let mut zone = two_servers();
    zone.servers.insert(NS2.into(), soa(2026112700));
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(report.ns_servers.status, NsSerialStatus::SerialsDiffer);
    assert_eq!(report.ns_servers.newest_serial, Some(2026112801));
    let lagging: Vec<(&str, Option<u32>)> = report
        .ns_servers
        .lagging
        .iter()
        .map(|server| (server.host.as_str(), server.serial))
        .collect();
    assert_eq!(lagging, [("ns2.example-dns.jp", Some(2026112700))]);
    let findings = report.findings();
    let finding = findings
        .iter()
        .find(|finding| finding.code.0 == "ns-serial-mismatch")
        .expect("reported");
    assert_eq!(
        finding.params["lagging"],
        "ns2.example-dns.jp (127.0.1.53): 2026112700"
    );
    assert_eq!(finding.params["newest"], "2026112801");
}

#[test]
fn serials_compare_in_serial_arithmetic() {
    // RFC 1982: a zone whose serial wrapped past 2^32 is newer than one just before.
    assert!(ns::newer(5, u32::MAX - 5));
    assert!(!ns::newer(u32::MAX - 5, 5));
    assert!(ns::newer(2026112801, 2026112700));
    assert!(!ns::newer(7, 7));
    let mut zone = two_servers();
    zone.servers.insert(NS1.into(), soa(u32::MAX - 5));
    zone.servers.insert(NS2.into(), soa(5));
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(report.ns_servers.newest_serial, Some(5));
    assert_eq!(report.ns_servers.lagging[0].host, "ns1.example-dns.jp");
}

#[test]
fn a_server_without_the_zone_is_a_lame_delegation() {
    for outcome in [
        Outcome::Refused,
        Outcome::NoData {
            negative_ttl: Some(300),
        },
        Outcome::NxDomain { negative_ttl: None },
    ] {
        let mut zone = two_servers();
        zone.servers.insert(NS2.into(), outcome.clone());
        let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
        assert_eq!(
            states(&report)[1],
            ("ns2.example-dns.jp", NsServerState::Lame, None),
            "{outcome:?}"
        );
        // The one server that answered agrees with itself.
        assert_eq!(report.ns_servers.status, NsSerialStatus::Consistent);
        let codes = codes(&report);
        assert!(codes.contains(&"ns-lame-delegation"), "{outcome:?}");
        assert!(!codes.contains(&"dns-could-not-check"), "{outcome:?}");
        assert!(report.could_not_check.is_empty(), "lame, not unknown");
    }
}

#[test]
fn an_address_the_shell_would_not_contact_is_not_asked_not_lame() {
    let mut zone = two_servers();
    zone.servers.insert(NS2.into(), Outcome::NotAsked);
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(
        states(&report)[1],
        ("ns2.example-dns.jp", NsServerState::NotAsked, None)
    );
    assert_eq!(report.ns_servers.status, NsSerialStatus::Consistent);
    let codes = codes(&report);
    assert!(!codes.contains(&"ns-lame-delegation"));
    assert!(!codes.contains(&"dns-could-not-check"));
    assert!(report.could_not_check.is_empty());
}

#[test]
fn timeouts_could_not_be_checked_and_name_the_server() {
    let mut zone = two_servers();
    zone.servers.insert(NS1.into(), Outcome::Timeout);
    zone.servers.insert(NS2.into(), Outcome::ServFail);
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert!(
        report
            .ns_servers
            .servers
            .iter()
            .all(|server| server.state == NsServerState::CouldNotCheck)
    );
    assert_eq!(report.ns_servers.status, NsSerialStatus::Unknown);
    assert_eq!(report.ns_servers.newest_serial, None);
    assert_eq!(report.could_not_check, [direct(NS1), direct(NS2)]);
    let codes = codes(&report);
    assert!(
        !codes.iter().any(|code| code.starts_with("ns-")),
        "{codes:?}"
    );
    let findings = report.findings();
    let finding = findings
        .iter()
        .find(|finding| finding.code.0 == "dns-could-not-check")
        .expect("reported");
    assert_eq!(
        finding.params["queries"],
        "example.co.jp SOA @ns1.example-dns.jp (127.0.0.53), \
         example.co.jp SOA @ns2.example-dns.jp (127.0.1.53)"
    );
}

/// Six name servers with three addresses each.
fn six_servers() -> Zone {
    let mut zone = google_zone();
    zone.records
        .remove(&("example.co.jp".to_owned(), RecordType::Ns));
    zone.records
        .remove(&("ns1.example-dns.jp".to_owned(), RecordType::A));
    for host in 0..6u8 {
        let name = format!("ns{host}.many.example");
        zone.add("example.co.jp", RecordData::Ns { host: name.clone() });
        for idx in 0..3u8 {
            zone.add(
                &name,
                RecordData::A {
                    address: Ipv4Addr::new(127, host, idx, 53),
                },
            );
        }
    }
    zone
}

#[test]
fn direct_questions_are_capped_first_addresses_first() {
    // Answers fed one at a time, as a shell gets them: the choice must not grow as
    // the addresses of one host arrive before another's.
    let zone = six_servers();
    let mut survey = Survey::new(
        DomainName::parse("example.co.jp").expect("valid"),
        SurveyOptions::default(),
    );
    let mut queue: Vec<Query> = Vec::new();
    let mut asked: Vec<Query> = Vec::new();
    loop {
        queue.extend(survey.wanted());
        let Some(query) = queue.pop() else { break };
        asked.push(query.clone());
        let outcome = zone.answer(&query);
        survey.answer(query, outcome);
    }
    assert!(survey.is_done());
    assert!(asked.len() <= MAX_QUERIES);
    let mut direct: Vec<IpAddr> = asked
        .iter()
        .filter(|query| query.rtype == RecordType::Soa)
        .filter_map(|query| query.server)
        .collect();
    direct.sort();
    let expected: Vec<IpAddr> = [
        [127, 0, 0, 53],
        [127, 0, 1, 53],
        [127, 1, 0, 53],
        [127, 1, 1, 53],
        [127, 2, 0, 53],
        [127, 3, 0, 53],
        [127, 4, 0, 53],
        [127, 5, 0, 53],
    ]
    .into_iter()
    .map(IpAddr::from)
    .collect();
    assert_eq!(direct, expected);
    let report = survey.report();
    assert_eq!(report.ns_servers.servers.len(), MAX_DIRECT_QUERIES);
    assert_eq!(report.ns_servers.addresses.len(), 6);
    assert_eq!(report.ns_servers.status, NsSerialStatus::Consistent);
}

#[test]
fn a_name_inside_its_parents_zone_asks_no_server() {
    let mut zone = google_zone();
    zone.txt("mail.example.co.jp", "v=spf1 -all");
    let (report, _) = run("mail.example.co.jp", &zone, SurveyOptions::default());
    assert!(report.ns_servers.servers.is_empty());
    assert_eq!(report.ns_servers.status, NsSerialStatus::Unknown);
    let mut survey = Survey::new(
        DomainName::parse("mail.example.co.jp").expect("valid"),
        SurveyOptions::default(),
    );
    for _ in 0..10 {
        for query in survey.wanted() {
            assert_eq!(query.server, None, "{query:?}");
            let outcome = zone.answer(&query);
            survey.answer(query, outcome);
        }
    }
    assert!(survey.is_done());
}

#[test]
fn one_name_server_or_one_network_is_a_single_point_of_failure() {
    let (report, _) = run("example.co.jp", &google_zone(), SurveyOptions::default());
    assert!(codes(&report).contains(&"ns-single-server"), "one host");
    let mut zone = two_servers();
    zone.records
        .remove(&("ns2.example-dns.jp".to_owned(), RecordType::A));
    zone.add(
        "ns2.example-dns.jp",
        RecordData::A {
            address: Ipv4Addr::new(127, 0, 0, 54),
        },
    );
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(
        report.ns_servers.shared_network.as_deref(),
        Some("127.0.0.0/24")
    );
    assert!(codes(&report).contains(&"ns-single-server"), "one /24");
    let (report, _) = run("example.co.jp", &two_servers(), SurveyOptions::default());
    assert!(!codes(&report).contains(&"ns-single-server"), "apart");
}

#[test]
fn an_unknown_address_is_not_one_network() {
    // ns2's addresses could not be looked up: where it is is unknown.
    let mut zone = two_servers();
    zone.timeouts
        .push(("ns2.example-dns.jp".into(), RecordType::A));
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(report.ns_servers.shared_network, None);
    assert!(!codes(&report).contains(&"ns-single-server"));
}
