//! The query budget does not depend on the order answers arrive in: the domain's own
//! records and their follow-ups are asked even when a huge SPF tree is answered first.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use super::tests::Zone;
use super::*;
use crate::dns::{RecordData, RecordType};

/// A domain whose SPF record has 1000 includes, with one exchanger and one name server.
fn fan_out_zone() -> Zone {
    let includes: Vec<String> = (0..1000)
        .map(|idx| format!("include:s{idx}.fan.jp"))
        .collect();
    let mut zone = Zone::default();
    zone.txt("fan.jp", &format!("v=spf1 {} -all", includes.join(" ")))
        .add(
            "fan.jp",
            RecordData::Mx {
                preference: 10,
                exchange: "mx.fan.jp".into(),
            },
        )
        .add(
            "fan.jp",
            RecordData::Ns {
                host: "ns.fan.jp".into(),
            },
        )
        .add(
            "mx.fan.jp",
            RecordData::A {
                address: Ipv4Addr::new(127, 0, 0, 70),
            },
        )
        .add(
            "ns.fan.jp",
            RecordData::A {
                address: Ipv4Addr::new(127, 0, 0, 53),
            },
        );
    zone
}

/// Runs the survey; the queries `slow` picks are answered one round late, after
/// everything else of the next round. Returns every query asked.
fn asked_with_slow(zone: &Zone, slow: impl Fn(&Query) -> bool) -> BTreeSet<Query> {
    let mut survey = Survey::new(
        DomainName::parse("fan.jp").expect("valid"),
        SurveyOptions::default(),
    );
    let mut asked = BTreeSet::new();
    let mut held: Vec<Query> = Vec::new();
    for _ in 0..100 {
        let wanted = survey.wanted();
        if wanted.is_empty() && held.is_empty() {
            assert!(survey.is_done(), "nothing wanted, yet not done");
            return asked;
        }
        let late = std::mem::take(&mut held);
        for query in wanted {
            assert!(asked.insert(query.clone()), "asked twice: {query:?}");
            if slow(&query) {
                held.push(query);
            } else {
                let outcome = zone.answer(&query);
                survey.answer(query, outcome);
            }
        }
        for query in late {
            let outcome = zone.answer(&query);
            survey.answer(query, outcome);
        }
    }
    panic!("survey did not finish in 100 rounds")
}

#[test]
fn a_slow_mx_answer_still_gets_its_exchanger_asked() {
    let zone = fan_out_zone();
    let in_order = asked_with_slow(&zone, |_| false);
    let mx_late = asked_with_slow(&zone, |query| query.rtype == RecordType::Mx);
    let ns_late = asked_with_slow(&zone, |query| query.rtype == RecordType::Ns);
    for asked in [&in_order, &mx_late, &ns_late] {
        assert_eq!(
            asked.len(),
            MAX_QUERIES,
            "the budget is spent, not exceeded"
        );
        assert!(asked.contains(&Query::new("mx.fan.jp", RecordType::A)));
        assert!(asked.contains(&Query::new("ns.fan.jp", RecordType::A)));
    }
    assert_eq!(
        mx_late, in_order,
        "the same questions, whichever answer came first"
    );
    assert_eq!(ns_late, in_order);
}

#[test]
fn the_fan_out_waits_for_the_reserve_only_while_own_records_are_out() {
    let zone = fan_out_zone();
    let mut survey = Survey::new(
        DomainName::parse("fan.jp").expect("valid"),
        SurveyOptions::default(),
    );
    let first = survey.wanted();
    // Only the SPF record is answered: the fan-out may not take the reserve.
    let txt = Query::new("fan.jp", RecordType::Txt);
    assert!(first.contains(&txt));
    survey.answer(txt.clone(), zone.answer(&txt));
    let second = survey.wanted();
    assert!(!second.is_empty());
    assert_eq!(first.len() + second.len(), MAX_QUERIES - OWN_RESERVE);
    // The rest of the own records: their follow-ups, then the fan-out gets the rest.
    for query in first.into_iter().filter(|query| *query != txt) {
        let outcome = zone.answer(&query);
        survey.answer(query, outcome);
    }
    let third = survey.wanted();
    assert!(third.contains(&Query::new("mx.fan.jp", RecordType::A)));
    assert!(
        third
            .iter()
            .all(|query| !query.name.ends_with(".fan.jp") || !query.name.starts_with('s')),
        "no SPF include while the exchanger's addresses are out: {third:?}"
    );
}
