use std::net::Ipv4Addr;

use super::*;
use crate::dns::Record;

fn txt(name: &str, text: &str) -> (Query, Outcome) {
    let record = Record {
        name: name.into(),
        ttl: 300,
        data: RecordData::Txt {
            strings: vec![text.into()],
        },
    };
    (
        Query::new(name, RecordType::Txt),
        Outcome::Records {
            records: vec![record],
        },
    )
}

#[test]
fn the_targets_of_a_record_are_asked_together() {
    let check = CheckHost::new(
        IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9)),
        "a@example.jp",
        "mx.example.jp",
    );
    let mut answers = Answers::new();
    let (query, outcome) = txt(
        "example.jp",
        "v=spf1 include:a.example.jp include:b.example.jp a:c.example.jp mx -all",
    );
    answers.insert(query, outcome);
    let Progress::Need(queries) = check.step(&answers) else {
        panic!("needs more")
    };
    let names: Vec<String> = queries
        .iter()
        .map(|query| format!("{} {}", query.name, query.rtype))
        .collect();
    assert_eq!(
        names,
        [
            "a.example.jp TXT",
            "b.example.jp TXT",
            "c.example.jp A",
            "example.jp MX"
        ]
    );
}
