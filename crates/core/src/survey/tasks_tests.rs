//! Driving a survey the way the shells do: one list of tasks, feeding, the deadline.

use super::tests::google_zone;
use super::*;
use crate::dns::RecordData;
use crate::mta_sts::{FetchError, PolicyFetch};

fn survey(domain: &str) -> Survey {
    Survey::new(
        DomainName::parse(domain).expect("valid"),
        SurveyOptions::default(),
    )
}

fn lookups(tasks: &[Task]) -> Vec<Query> {
    tasks
        .iter()
        .filter_map(|task| match task {
            Task::Lookup(query) => Some(query.clone()),
            Task::FetchPolicy { .. } => None,
        })
        .collect()
}

#[test]
fn the_policy_fetch_is_a_task_once_the_record_announces_it() {
    let mut zone = google_zone();
    zone.txt("_mta-sts.example.co.jp", "v=STSv1; id=20261201");
    let mut survey = survey("example.co.jp");
    let mut fetches = Vec::new();
    // Every question is answered at once, so once a round hands out nothing, only
    // the fetch can be out.
    loop {
        let tasks = survey.next_tasks();
        if tasks.is_empty() {
            break;
        }
        for task in tasks {
            match task {
                Task::Lookup(query) => {
                    let outcome = zone.answer(&query);
                    survey.feed(Finished::Lookup(query, outcome));
                }
                Task::FetchPolicy { domain, url } => fetches.push((domain, url)),
            }
        }
    }
    assert_eq!(
        fetches,
        [(
            "example.co.jp".to_owned(),
            "https://mta-sts.example.co.jp/.well-known/mta-sts.txt".to_owned()
        )]
    );
    // Out until fed; handed out once.
    assert!(survey.is_waiting());
    assert!(
        !survey
            .next_tasks()
            .iter()
            .any(|task| matches!(task, Task::FetchPolicy { .. }))
    );
    let fetch = PolicyFetch::Failed {
        url: fetches[0].1.clone(),
        error: FetchError::NoAddress,
    };
    survey.feed(Finished::Policy(fetch.clone()));
    assert!(!survey.is_waiting());
    assert!(survey.is_done());
    assert_eq!(survey.report().mta_sts_policy, Some(fetch));
}

#[test]
fn the_deadline_turns_what_is_out_into_timeouts_and_keeps_the_counts() {
    let zone = google_zone();
    let mut survey = survey("example.co.jp");
    let first = lookups(&survey.next_tasks());
    assert_eq!(survey.asked(), first.len());
    // Half the first round comes back; the rest is still out at the deadline.
    let (answered, out) = first.split_at(first.len() / 2);
    for query in answered {
        survey.feed(Finished::Lookup(query.clone(), zone.answer(query)));
    }
    assert_eq!(survey.answered(), answered.len());
    assert!(survey.is_waiting());
    survey.expire();
    assert!(!survey.is_waiting());
    assert_eq!(survey.answered(), answered.len(), "a timeout is no answer");
    assert_eq!(survey.asked(), first.len());
    let report = survey.report();
    for query in out {
        assert!(report.could_not_check.contains(query), "{query:?}");
    }
    assert_eq!(report.queries, first.len());
}

#[test]
fn a_policy_fetch_still_running_at_the_deadline_timed_out() {
    let mut survey = survey("example.co.jp");
    let query = Query::new("_mta-sts.example.co.jp", RecordType::Txt);
    survey.answer(
        query,
        Outcome::Records {
            records: vec![crate::dns::Record {
                name: "_mta-sts.example.co.jp".into(),
                ttl: 300,
                data: RecordData::Txt {
                    strings: vec!["v=STSv1; id=1".into()],
                },
            }],
        },
    );
    assert!(
        survey
            .next_tasks()
            .iter()
            .any(|task| matches!(task, Task::FetchPolicy { .. }))
    );
    survey.expire();
    assert_eq!(
        survey.policy(),
        Some(&PolicyFetch::Failed {
            url: "https://mta-sts.example.co.jp/.well-known/mta-sts.txt".into(),
            error: FetchError::Timeout,
        })
    );
}
