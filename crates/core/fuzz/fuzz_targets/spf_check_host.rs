#![no_main]
//! `check_host()` over arbitrary zone data: the input's lines are TXT records of a
//! handful of names. The evaluator must finish, never panic, never ask twice, and keep
//! within its limits.

use std::net::{IpAddr, Ipv4Addr};

use libfuzzer_sys::fuzz_target;
use mailmove_core::dns::{Answers, Outcome, Record, RecordData, RecordType};
use mailmove_core::spf::{CheckHost, Progress};

const NAMES: [&str; 4] = ["example.com", "a.example.com", "b.example.com", "mx.example.com"];

fuzz_target!(|text: &str| {
    let lines: Vec<&str> = text.lines().collect();
    let check = CheckHost::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)), "user@example.com", "mx.example.com");
    let mut answers = Answers::new();
    for _ in 0..500 {
        match check.step(&answers) {
            Progress::Done(outcome) => {
                assert!(outcome.lookups <= 11 && outcome.void_lookups <= 3);
                return;
            }
            Progress::Need(queries) => {
                assert!(!queries.is_empty());
                for query in queries {
                    assert!(!answers.contains_key(&query));
                    let outcome = answer(&lines, &query.name, query.rtype);
                    answers.insert(query, outcome);
                }
            }
        }
    }
    panic!("check_host did not finish in 500 steps");
});

/// Line `i` is the TXT record of `NAMES[i % 4]`; every name has A 192.0.2.1 and an MX.
fn answer(lines: &[&str], name: &str, rtype: RecordType) -> Outcome {
    let Some(index) = NAMES.iter().position(|known| *known == name) else {
        return Outcome::NxDomain { negative_ttl: None };
    };
    let data: Vec<RecordData> = match rtype {
        RecordType::Txt => lines
            .iter()
            .enumerate()
            .filter(|(line_index, _)| line_index % NAMES.len() == index)
            .map(|(_, line)| RecordData::Txt { strings: vec![(*line).to_owned()] })
            .collect(),
        RecordType::A => vec![RecordData::A { address: Ipv4Addr::new(192, 0, 2, 1) }],
        RecordType::Mx => vec![RecordData::Mx { preference: 10, exchange: "mx.example.com".into() }],
        _ => Vec::new(),
    };
    if data.is_empty() {
        return Outcome::NoData { negative_ttl: None };
    }
    let records = data.into_iter().map(|data| Record { name: name.to_owned(), ttl: 300, data }).collect();
    Outcome::Records { records }
}
