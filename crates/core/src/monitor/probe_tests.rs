use std::net::{IpAddr, Ipv4Addr};

use super::*;
use crate::dns::{Record, RecordType};

fn record(name: &str, ttl: u32, data: RecordData) -> Record {
    Record {
        name: name.into(),
        ttl,
        data,
    }
}

fn mx(host: &str, ttl: u32) -> Outcome {
    Outcome::Records {
        records: vec![record(
            "example.jp",
            ttl,
            RecordData::Mx {
                preference: 10,
                exchange: host.into(),
            },
        )],
    }
}

fn soa(serial: u32) -> Outcome {
    Outcome::Records {
        records: vec![record(
            "example.jp",
            3600,
            RecordData::Soa {
                mname: "ns1.example.jp".into(),
                rname: "hostmaster.example.jp".into(),
                serial,
                refresh: 3600,
                retry: 600,
                expire: 604_800,
                minimum: 300,
            },
        )],
    }
}

/// A world mid-switch: `hosts` name servers at 192.0.2.1…; the one at `lagging` still
/// serves the old MX with serial 1, the others the new MX with serial 2. Resolver 0
/// has switched, resolver 1 has not, resolver 2 never answers.
fn world(hosts: usize, lagging: Option<u8>) -> impl Fn(&Ask) -> Outcome {
    move |ask: &Ask| match ask {
        Ask::Resolver { index: 0, .. } => mx("smtp.google.com", 120),
        Ask::Resolver { index: 1, .. } => mx("mail.example.jp", 2400),
        Ask::Resolver { .. } => Outcome::Timeout,
        Ask::Dns(query) => match (query.server, query.rtype) {
            (None, RecordType::Ns) => Outcome::Records {
                records: (1..=hosts)
                    .map(|at| {
                        record(
                            "example.jp",
                            3600,
                            RecordData::Ns {
                                host: format!("ns{at}.example.jp"),
                            },
                        )
                    })
                    .collect(),
            },
            (None, RecordType::Soa) => soa(2),
            (None, RecordType::A) => {
                let at: u8 = query.name[2..query.name.find('.').unwrap()]
                    .parse()
                    .unwrap();
                Outcome::Records {
                    records: vec![record(
                        &query.name,
                        3600,
                        RecordData::A {
                            address: Ipv4Addr::new(192, 0, 2, at),
                        },
                    )],
                }
            }
            (None, _) => Outcome::NoData { negative_ttl: None },
            (Some(IpAddr::V4(v4)), rtype) => {
                let old = Some(v4.octets()[3]) == lagging;
                match (rtype, old) {
                    (RecordType::Mx, true) => mx("mail.example.jp", 3600),
                    (RecordType::Mx, false) => mx("smtp.google.com", 3600),
                    (_, true) => soa(1),
                    (_, false) => soa(2),
                }
            }
            (Some(_), _) => Outcome::Refused,
        },
    }
}

fn resolvers(count: usize) -> Vec<ResolverName> {
    (0..count)
        .map(|at| ResolverName {
            label: format!("resolver {at}"),
            address: format!("198.51.100.{at}"),
        })
        .collect()
}

/// Runs the probe to the end against `answer`; returns it and how many questions it
/// asked.
fn run(mut probe: Probe, answer: impl Fn(&Ask) -> Outcome) -> (Probe, usize) {
    let mut asked = 0;
    loop {
        let wanted = probe.wanted();
        if wanted.is_empty() {
            return (probe, asked);
        }
        for ask in wanted {
            asked += 1;
            let outcome = answer(&ask);
            probe.answer(ask, outcome);
        }
    }
}

fn domain() -> crate::DomainName {
    crate::DomainName::parse("example.jp").unwrap()
}

#[test]
fn asks_every_authority_and_resolver_and_derives_the_new_set() {
    let (probe, asked) = run(Probe::new(&domain(), resolvers(3)), world(3, Some(2)));
    // NS + SOA, 3 resolvers, A + AAAA of 3 hosts, MX + SOA at 3 addresses.
    assert_eq!(asked, 2 + 3 + 6 + 6);
    let observations = probe.observations();
    let servers: Vec<(&str, &str, Role)> = observations
        .iter()
        .map(|seen| (seen.server.as_str(), seen.address.as_str(), seen.role))
        .collect();
    assert_eq!(
        servers,
        [
            ("ns1.example.jp", "192.0.2.1", Role::Authoritative),
            ("ns2.example.jp", "192.0.2.2", Role::Authoritative),
            ("ns3.example.jp", "192.0.2.3", Role::Authoritative),
            ("resolver 0", "198.51.100.0", Role::Resolver),
            ("resolver 1", "198.51.100.1", Role::Resolver),
            ("resolver 2", "198.51.100.2", Role::Resolver),
        ]
    );
    let status = judge(&observations, &Expectation::default(), 1_000);
    assert!(status.new_mx_from_authorities);
    assert_eq!(
        status.new_mx.iter().collect::<Vec<_>>(),
        ["smtp.google.com"]
    );
    assert!(!status.authoritative_switched);
    let lagging: Vec<(&str, Option<u32>)> = status
        .lagging_authoritative
        .iter()
        .map(|server| (server.server.as_str(), server.soa_serial))
        .collect();
    assert_eq!(lagging, [("ns2.example.jp", Some(1))]);
    assert_eq!(status.newest_serial, Some(2));
    // While an authority lags, no moment is safe.
    assert_eq!(status.safe_from, None);
    assert_eq!(
        (status.resolvers_switched, status.resolvers_answered),
        (1, 2)
    );
    assert_eq!(status.servers[5].view, View::Unreachable);
    let headline = headline(&status, &jst);
    for text in [&headline.ja, &headline.en] {
        assert!(text.contains("ns2.example.jp (192.0.2.2)"), "{text}");
    }
    assert!(
        headline.ja.contains("シリアル 1、最新 2"),
        "{}",
        headline.ja
    );
}

#[test]
fn with_every_authority_switched_the_cached_old_answer_sets_the_moment() {
    let (probe, _) = run(Probe::new(&domain(), resolvers(3)), world(2, None));
    let expect = Expectation::new(["smtp.google.com"], ["mail.example.jp"], None, None);
    let status = judge(&probe.observations(), &expect, 1_000);
    assert!(status.authoritative_switched);
    assert!(!status.new_mx_from_authorities);
    // Resolver 1 still holds the old set for 2,400 s.
    assert_eq!(status.old_mx_possible_until, Some(3_400));
    assert_eq!(status.safe_from, Some(3_400 + WATCH_MARGIN));
    assert!(!status.all_switched);
    // 3,400 + 86,400 = 89,800 s: 1970-01-02T00:56:40Z, a Friday, 09:56 in Japan.
    let headline = headline(&status, &jst);
    assert!(headline.ja.contains("2 台のうち 1 台"), "{}", headline.ja);
    assert!(headline.ja.contains("1月2日(金) 09:56"), "{}", headline.ja);
    assert!(headline.en.contains("Fri 2 Jan 09:56"), "{}", headline.en);
    assert!(
        headline
            .en
            .contains("Of 2 resolvers that answered, 1 return only the new MX"),
        "{}",
        headline.en
    );
}

#[test]
fn packets_per_run_are_capped_whatever_the_zone_lists() {
    let (probe, asked) = run(Probe::new(&domain(), resolvers(40)), world(30, None));
    assert_eq!(probe.resolvers().len(), MAX_RESOLVERS);
    let direct = crate::survey::MAX_DIRECT_QUERIES;
    // NS + SOA, the capped resolvers, A + AAAA of 10 hosts, MX + SOA at the capped
    // number of addresses.
    assert_eq!(asked, 2 + MAX_RESOLVERS + 2 * 10 + 2 * direct);
    let authorities = probe
        .observations()
        .iter()
        .filter(|seen| seen.role == Role::Authoritative)
        .count();
    assert_eq!(authorities, direct);
}

#[test]
fn unanswered_questions_read_as_unreachable_never_as_old() {
    let mut probe = Probe::new(&domain(), resolvers(2));
    let answer = world(2, None);
    // Answer the discovery only: the direct and resolver questions stay out.
    for _ in 0..3 {
        for ask in probe.wanted() {
            if matches!(&ask, Ask::Dns(query) if query.server.is_none()) {
                let outcome = answer(&ask);
                probe.answer(ask, outcome);
            }
        }
    }
    let status = judge(&probe.observations(), &Expectation::default(), 0);
    assert_eq!(status.servers.len(), 4);
    assert!(
        status
            .servers
            .iter()
            .all(|server| server.view == View::Unreachable)
    );
    assert!(!status.authoritative_switched);
    assert!(!status.all_switched);
}
