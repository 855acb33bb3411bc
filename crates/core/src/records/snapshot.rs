//! Today's DNS as a check read it, kept so the planner can show the difference without
//! asking DNS itself: the check page stores the latest one in the browser, and the
//! planner (same origin) reads it back. Nothing leaves the browser.

use serde::{Deserialize, Serialize};

use super::Current;
use crate::api::{SpfNodeJson, SurveyJson};
use crate::dns::Record;

/// The records and SPF tree of one check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The domain checked (A-labels).
    pub domain: String,
    /// When the check ran, in Unix seconds.
    pub checked_at: u64,
    /// Every record the check read.
    pub records: Vec<Record>,
    /// The SPF include tree, for lookup counts.
    pub spf_tree: Option<SpfNodeJson>,
}

impl Snapshot {
    /// The parts of `survey` the record generator compares with.
    pub fn from_survey(survey: &SurveyJson, checked_at: u64) -> Snapshot {
        Snapshot {
            domain: survey.domain.clone(),
            checked_at,
            records: survey.records.clone(),
            spf_tree: Some(survey.facts.spf.tree.clone()),
        }
    }

    /// As the generator's view of today.
    pub fn current(&self) -> Current<'_> {
        Current::read(&self.records, self.spf_tree.as_ref())
    }

    /// Reads a stored snapshot; anything else (an older shape, a damaged entry) is
    /// `None`, and the planner then simply has no diff.
    pub fn from_json(text: &str) -> Option<Snapshot> {
        serde_json::from_str(text).ok()
    }

    /// For storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{RecordData, RecordType};
    use crate::records::{Action, RecordRequest, Step, generate};

    #[test]
    fn a_stored_snapshot_reads_back_and_feeds_the_diff() {
        let records = vec![Record {
            name: "example.jp".into(),
            ttl: 3600,
            data: RecordData::Mx {
                preference: 10,
                exchange: "mail.example.jp".into(),
            },
        }];
        let snapshot = Snapshot {
            domain: "example.jp".into(),
            checked_at: 1_800_000_000,
            records,
            spf_tree: None,
        };
        let back = Snapshot::from_json(&snapshot.to_json()).expect("reads back");
        assert_eq!(back, snapshot);
        let request = RecordRequest {
            target: "google-workspace".into(),
            ..RecordRequest::default()
        };
        let domain = crate::DomainName::parse("example.jp").unwrap();
        let generated = generate(&domain, &request, back.current());
        let deleted: Vec<&str> = generated
            .changes
            .iter()
            .filter(|change| change.action == Action::Delete)
            .filter(|change| change.record.rtype == RecordType::Mx)
            .map(|change| change.record.data.as_str())
            .collect();
        assert_eq!(deleted, ["10 mail.example.jp."]);
        assert!(
            generated
                .changes
                .iter()
                .filter(|change| change.action == Action::Delete)
                .all(|change| change.record.step == Step::Cutover)
        );
        for bad in ["", "{}", "[1,2]", "{\"domain\":1}"] {
            assert_eq!(Snapshot::from_json(bad), None, "{bad}");
        }
    }
}
