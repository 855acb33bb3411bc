//! The blocklist check, round by round, with answers written by hand.

use std::net::{IpAddr, Ipv4Addr};

use super::*;
use crate::dns::{Outcome, Query, Record, RecordData, RecordType};

fn records(name: &str, data: Vec<RecordData>) -> Outcome {
    Outcome::Records {
        records: data
            .into_iter()
            .map(|data| Record {
                name: name.to_owned(),
                ttl: 300,
                data,
            })
            .collect(),
    }
}

fn a(octets: [u8; 4]) -> RecordData {
    RecordData::A {
        address: Ipv4Addr::from(octets),
    }
}

fn nx() -> Outcome {
    Outcome::NxDomain { negative_ttl: None }
}

/// Answers every wanted question with `answer`, until nothing is wanted; returns the
/// rounds it took.
fn run(check: &mut BlocklistCheck, answer: impl Fn(&Query) -> Outcome) -> usize {
    let mut rounds = 0;
    loop {
        let wanted = check.wanted();
        if wanted.is_empty() {
            return rounds;
        }
        rounds += 1;
        assert!(rounds < 10, "the check keeps asking: {wanted:?}");
        for query in wanted {
            let outcome = answer(&query);
            check.answer(query, outcome);
        }
    }
}

const SPF: &str = "v=spf1 ip4:192.0.2.10 ip4:192.0.2.0/24 ip6:2001:db8::25 a a:out.example.jp a:%{d}.example.net include:_spf.example.com -all";

/// example.jp: MX mx1 (192.0.2.1, 2001:db8::1) and mx2 (192.0.2.2), SPF as above;
/// the target's MX is new-mx.example.net (198.51.100.5). The list lists 192.0.2.2
/// (127.0.0.4) and its test entries answer as RFC 5782 says.
fn zone(query: &Query) -> Outcome {
    let name = query.name.as_str();
    match (name, query.rtype) {
        ("example.jp", RecordType::Mx) => records(
            name,
            vec![
                RecordData::Mx {
                    preference: 10,
                    exchange: "mx1.example.jp".into(),
                },
                RecordData::Mx {
                    preference: 20,
                    exchange: "mx2.example.jp.".into(),
                },
            ],
        ),
        ("example.jp", RecordType::Txt) => records(
            name,
            vec![RecordData::Txt {
                strings: vec![SPF.into()],
            }],
        ),
        ("example.jp", RecordType::A) => records(name, vec![a([192, 0, 2, 1])]),
        ("mx1.example.jp", RecordType::A) => records(name, vec![a([192, 0, 2, 1])]),
        ("mx1.example.jp", RecordType::Aaaa) => records(
            name,
            vec![RecordData::Aaaa {
                address: "2001:db8::1".parse().unwrap(),
            }],
        ),
        ("mx2.example.jp", RecordType::A) => records(name, vec![a([192, 0, 2, 2])]),
        ("new-mx.example.net", RecordType::A) => records(name, vec![a([198, 51, 100, 5])]),
        ("out.example.jp", RecordType::A) => Outcome::Timeout,
        ("2.0.0.127.bl.test", RecordType::A) => records(name, vec![a([127, 0, 0, 2])]),
        ("2.2.0.192.bl.test", RecordType::A) => records(name, vec![a([127, 0, 0, 4])]),
        (_, RecordType::Aaaa) => Outcome::NoData { negative_ttl: None },
        _ => nx(),
    }
}

fn check() -> BlocklistCheck {
    BlocklistCheck::new(
        "Example.JP.",
        vec!["new-mx.example.net".into()],
        vec!["bl.test".into(), "BL.test.".into()],
    )
}

fn result<'a>(report: &'a BlocklistReport, ip: &str) -> &'a AddressReport {
    let ip: IpAddr = ip.parse().unwrap();
    report
        .addresses
        .iter()
        .find(|address| address.address == ip)
        .unwrap_or_else(|| panic!("{ip} not checked: {report:#?}"))
}

#[test]
fn query_names_follow_rfc_5782() {
    assert_eq!(
        query_name("192.0.2.99".parse().unwrap(), "bl.example."),
        "99.2.0.192.bl.example"
    );
    // RFC 5782 §2.4's example, for 2001:db8:1:2:3:4:567:89ab.
    assert_eq!(
        query_name(
            "2001:db8:1:2:3:4:567:89ab".parse().unwrap(),
            "ugly.example.com"
        ),
        "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ugly.example.com"
    );
}

#[test]
fn three_rounds_find_every_sender_and_exchanger_and_read_the_list() {
    let mut check = check();
    assert_eq!(check.zones(), ["bl.test"], "duplicates dropped");
    assert_eq!(run(&mut check, zone), 3);
    let report = check.report();
    // mx1 and the `a` of the domain itself share 192.0.2.1.
    let mx1 = result(&report, "192.0.2.1");
    assert_eq!(
        mx1.roles,
        [
            Role::CurrentMx {
                host: "mx1.example.jp".into()
            },
            Role::SpfA {
                host: "example.jp".into()
            }
        ]
    );
    assert_eq!(mx1.results[0].listing, Listing::NotListed);
    let Listing::Listed { codes } = &result(&report, "192.0.2.2").results[0].listing else {
        panic!("mx2 listed")
    };
    assert_eq!(codes[0].code, Ipv4Addr::new(127, 0, 0, 4));
    assert_eq!(codes[0].meaning, None, "bl.test is not a list we know");
    assert_eq!(
        result(&report, "198.51.100.5").roles,
        [Role::TargetMx {
            host: "new-mx.example.net".into()
        }]
    );
    assert_eq!(result(&report, "192.0.2.10").roles, [Role::SpfIp]);
    // The list has no IPv6 test entry: IPv6 addresses are not covered, not "clean".
    assert_eq!(report.lists[0].ipv4_test, ZoneTest::Working);
    assert_eq!(report.lists[0].ipv6_test, Some(ZoneTest::NoTestEntry));
    for ip in ["2001:db8::1", "2001:db8::25"] {
        assert_eq!(
            result(&report, ip).results[0].listing,
            Listing::CouldNotCheck {
                why: NotChecked::NotCovered
            }
        );
    }
    // The range, the macro and the failed lookup are said; the include is not ours.
    let kinds: Vec<String> = report
        .notes
        .iter()
        .map(|note| {
            serde_json::to_value(note).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(kinds.contains(&"range-not-checked".to_owned()), "{kinds:?}");
    assert!(
        kinds.contains(&"macro-not-followed".to_owned()),
        "{kinds:?}"
    );
    assert!(kinds.contains(&"lookup-failed".to_owned()), "{kinds:?}");
    assert_eq!(report.summary(), Summary::Listed);
}

#[test]
fn a_public_resolver_refusal_is_could_not_check_for_every_address() {
    let mut check = BlocklistCheck::new("example.jp", Vec::new(), vec!["zen.spamhaus.org".into()]);
    run(&mut check, |query| {
        if query.name.ends_with("zen.spamhaus.org") {
            // What Spamhaus answers every query that comes through a public resolver.
            records(&query.name, vec![a([127, 255, 255, 254])])
        } else {
            zone(query)
        }
    });
    let report = check.report();
    assert!(!report.addresses.is_empty());
    for address in &report.addresses {
        let Listing::CouldNotCheck { why } = &address.results[0].listing else {
            panic!("{address:?}")
        };
        assert!(matches!(why, NotChecked::Refused { .. }), "{why:?}");
    }
    assert_eq!(report.summary(), Summary::CouldNotCheck);
    assert_eq!(report.lists[0].name.as_deref(), Some("Spamhaus ZEN"));
}

#[test]
fn a_list_that_lists_everything_is_not_believed() {
    let mut check = BlocklistCheck::new("example.jp", Vec::new(), vec!["dead.test".into()]);
    run(&mut check, |query| {
        if query.name.ends_with("dead.test") {
            records(&query.name, vec![a([127, 0, 0, 2])])
        } else {
            zone(query)
        }
    });
    let report = check.report();
    assert_eq!(report.lists[0].ipv4_test, ZoneTest::ListsEverything);
    assert_eq!(report.summary(), Summary::CouldNotCheck);
}

#[test]
fn nothing_answered_is_not_asked_never_not_listed() {
    let mut check = check();
    // Two rounds only: mx2's address is known, its list question never answered.
    for query in check.wanted() {
        let outcome = zone(&query);
        check.answer(query, outcome);
    }
    for query in check.wanted() {
        let outcome = zone(&query);
        check.answer(query, outcome);
    }
    let report = check.report();
    assert_eq!(
        result(&report, "192.0.2.2").results[0].listing,
        Listing::CouldNotCheck {
            why: NotChecked::NotAsked
        }
    );
    assert_eq!(report.summary(), Summary::CouldNotCheck);
}

#[test]
fn the_work_is_bounded() {
    let many: Vec<String> = (0..50).map(|n| format!("bl{n}.test")).collect();
    let mut check = BlocklistCheck::new("example.jp", Vec::new(), many);
    assert_eq!(check.zones().len(), MAX_ZONES);
    let spf: String = std::iter::once("v=spf1".to_owned())
        .chain((0..60).map(|n| format!("ip4:203.0.113.{n}")))
        .collect::<Vec<_>>()
        .join(" ");
    run(&mut check, |query| {
        if query.rtype == RecordType::Txt {
            records(
                &query.name,
                vec![RecordData::Txt {
                    strings: vec![spf.clone()],
                }],
            )
        } else {
            nx()
        }
    });
    let report = check.report();
    assert_eq!(report.addresses.len(), MAX_ADDRESSES);
    assert!(report.notes.contains(&Note::AddressesLeftOut {
        count: 60 - MAX_ADDRESSES
    }));
}
