//! The RFC 7208 test suite (openspf.org release 2014.04, vendored with its licence in
//! `tests/fixtures/conformance/spf/`), run through the sans-IO `check_host()`.
//!
//! Each scenario's `zonedata` becomes the DNS: this file is the "shell" that answers
//! the evaluator's queries from it, with the conventions of the suite's reference
//! driver (pyspf's `testspf.py`): SPF-type records are copied to TXT unless the name
//! has TXT records or `TXT: NONE`; `TIMEOUT` times out every query that found no
//! record of its type before it; CNAMEs are followed.

use std::collections::BTreeMap;
use std::net::IpAddr;

use mailmove_core::dns::{Answers, Outcome, Query, Record, RecordData, RecordType};
use mailmove_core::spf::{CheckHost, Progress, SpfOutcome};
use yaml_rust2::{Yaml, YamlLoader};

const SUITE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/conformance/spf/rfc7208-tests.yml"
);

#[derive(Debug)]
enum Entry {
    Timeout,
    Record(RecordData),
}

struct Zone(BTreeMap<String, Vec<Entry>>);

impl Zone {
    fn from_yaml(zonedata: &Yaml) -> Zone {
        let mut zone = BTreeMap::new();
        for (name, entries) in zonedata.as_hash().expect("zonedata is a map") {
            let name = name.as_str().expect("name").to_ascii_lowercase();
            let mut spf = Vec::new();
            let mut has_txt = false;
            let mut list = Vec::new();
            for entry in entries.as_vec().expect("entries are a list") {
                if entry.as_str() == Some("TIMEOUT") {
                    list.push(Entry::Timeout);
                    continue;
                }
                let (rtype, value) = entry
                    .as_hash()
                    .expect("entry")
                    .iter()
                    .next()
                    .expect("one key");
                let rtype = rtype.as_str().expect("type");
                let data = match rtype {
                    "SPF" => {
                        spf.push(strings(value));
                        continue;
                    }
                    "TXT" => {
                        has_txt = true;
                        if value.as_str() == Some("NONE") {
                            continue;
                        }
                        RecordData::Txt {
                            strings: strings(value),
                        }
                    }
                    "A" => RecordData::A {
                        address: text(value).parse().expect("A"),
                    },
                    "AAAA" => RecordData::Aaaa {
                        address: text(value).parse().expect("AAAA"),
                    },
                    "MX" => {
                        let pair = value.as_vec().expect("MX is [pref, host]");
                        let preference =
                            u16::try_from(pair[0].as_i64().expect("pref")).expect("u16");
                        let exchange = text(&pair[1]).trim_end_matches('.').to_owned();
                        RecordData::Mx {
                            preference,
                            exchange,
                        }
                    }
                    "PTR" => RecordData::Ptr {
                        target: text(value),
                    },
                    "CNAME" => RecordData::Cname {
                        target: text(value),
                    },
                    other => panic!("unexpected record type {other} at {name}"),
                };
                list.push(Entry::Record(data));
            }
            if !has_txt {
                list.extend(
                    spf.into_iter()
                        .map(|strings| Entry::Record(RecordData::Txt { strings })),
                );
            }
            zone.insert(name, list);
        }
        Zone(zone)
    }

    fn answer(&self, query: &Query, depth: u32) -> Outcome {
        let Some(entries) = self.0.get(&query.name) else {
            return Outcome::NxDomain { negative_ttl: None };
        };
        let mut records = Vec::new();
        for entry in entries {
            match entry {
                Entry::Timeout if records.is_empty() => return Outcome::Timeout,
                Entry::Timeout => {}
                Entry::Record(RecordData::Cname { target }) if query.rtype != RecordType::Cname => {
                    if depth > 8 {
                        return Outcome::ServFail;
                    }
                    return self.answer(&Query::new(target, query.rtype), depth + 1);
                }
                Entry::Record(data) => {
                    if record_type(data) == query.rtype {
                        records.push(Record {
                            name: query.name.clone(),
                            ttl: 300,
                            data: data.clone(),
                        });
                    }
                }
            }
        }
        if records.is_empty() {
            Outcome::NoData { negative_ttl: None }
        } else {
            Outcome::Records { records }
        }
    }
}

fn record_type(data: &RecordData) -> RecordType {
    match data {
        RecordData::A { .. } => RecordType::A,
        RecordData::Aaaa { .. } => RecordType::Aaaa,
        RecordData::Cname { .. } => RecordType::Cname,
        RecordData::Mx { .. } => RecordType::Mx,
        RecordData::Ns { .. } => RecordType::Ns,
        RecordData::Soa { .. } => RecordType::Soa,
        RecordData::Txt { .. } => RecordType::Txt,
        RecordData::Ptr { .. } => RecordType::Ptr,
    }
}

fn text(value: &Yaml) -> String {
    match value {
        Yaml::String(text) | Yaml::Real(text) => text.clone(),
        Yaml::Integer(number) => number.to_string(),
        other => panic!("expected text, got {other:?}"),
    }
}

fn strings(value: &Yaml) -> Vec<String> {
    match value {
        Yaml::Array(items) => items.iter().map(text).collect(),
        other => vec![text(other)],
    }
}

/// Runs `check` against `zone` like a resolver shell would.
fn run(check: &CheckHost, zone: &Zone) -> SpfOutcome {
    let mut answers = Answers::new();
    for _ in 0..1_000 {
        match check.step(&answers) {
            Progress::Done(outcome) => return outcome,
            Progress::Need(queries) => {
                assert!(!queries.is_empty(), "asked for nothing");
                for query in queries {
                    assert!(!answers.contains_key(&query), "asked twice for {query:?}");
                    let outcome = zone.answer(&query, 0);
                    answers.insert(query, outcome);
                }
            }
        }
    }
    panic!("no result after 1000 steps")
}

#[test]
fn rfc7208_suite() {
    let suite = std::fs::read_to_string(SUITE).expect("suite is vendored");
    let scenarios = YamlLoader::load_from_str(&suite).expect("suite parses");
    let mut passed = 0;
    let mut failures = Vec::new();
    for scenario in &scenarios {
        let zone = Zone::from_yaml(&scenario["zonedata"]);
        for (name, test) in scenario["tests"].as_hash().expect("tests") {
            let name = name.as_str().expect("test name");
            let ip: IpAddr = text(&test["host"]).parse().expect("host is an IP");
            let mut check = CheckHost::new(ip, &text(&test["mailfrom"]), &text(&test["helo"]));
            check.receiver = "receiver.example".into();
            let outcome = run(&check, &zone);
            let expected: Vec<String> = strings(&test["result"]);
            let result_ok = expected
                .iter()
                .any(|result| result == outcome.result.as_str());
            let explanation_ok = match test["explanation"].as_str() {
                None => true,
                Some("DEFAULT") => outcome.explanation.is_none(),
                Some(text) => outcome.explanation.as_deref() == Some(text),
            };
            if result_ok && explanation_ok {
                passed += 1;
            } else {
                let trace: Vec<String> = outcome
                    .trace
                    .iter()
                    .map(|step| format!("{} {}", step.domain, step.event))
                    .collect();
                failures.push(format!(
                    "{name}: expected {expected:?} {:?}, got {} {:?}\n    trace: {trace:?}",
                    test["explanation"].as_str(),
                    outcome.result.as_str(),
                    outcome.explanation,
                ));
            }
        }
    }
    let total = passed + failures.len();
    eprintln!("RFC 7208 suite: {passed} of {total} passed");
    assert_eq!(total, 203, "the suite has 203 tests");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
