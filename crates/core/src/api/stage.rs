//! The `stage` of `GET /api/survey` and `mailmove check --json` (`stage::Stage` on the
//! wire), and why each could-not-check question failed.

use serde::{Deserialize, Serialize};

use crate::Message;
use crate::catalog::CatalogEntry as _;
use crate::dns::Query;
use crate::plan::StepId;
use crate::stage::{Phrase, Stage};
use crate::survey::{Failure, Report};
use crate::{Lang, Text};

/// Where the domain stands in the move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageJson {
    /// `cannot-tell`, `no-mail`, `not-started`, `target-verified`, `records-ready`,
    /// `switching`, `done-with-remnants`, `done`.
    pub id: String,
    /// The stage in one sentence.
    pub title: Message,
    /// The target's catalog id: the chosen one, else the target the MX points at.
    pub target: Option<String>,
    /// Whether the user chose the target.
    pub target_chosen: bool,
    /// What to do next, and the planner step it is; absent when nothing is left.
    pub next_step: Option<NextStepJson>,
    /// Before the switch: "MX はまだ変えないでください" and why; absent after it.
    pub hold_mx: Option<Message>,
    /// What the old provider left in DNS once MX names only the target.
    pub remnants: Vec<RemnantJson>,
    /// `delivery`, `authentication`, `target`, in that order.
    pub verdicts: Vec<VerdictJson>,
}

/// The next thing to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStepJson {
    /// The planner step id (`add-domain`, `prepare-records`, `create-accounts` …).
    pub id: StepId,
    /// What to do.
    pub message: Message,
}

/// An entry the old provider left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemnantJson {
    /// `spf`, `client-config` or `verification`.
    pub kind: String,
    /// The entry as found.
    pub value: String,
    /// The provider's catalog id.
    pub provider: String,
}

/// One verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictJson {
    /// `delivery`, `authentication` or `target`.
    pub id: String,
    /// `ok`, `problem` or `unknown`.
    pub status: String,
    /// Why.
    pub message: Message,
}

/// A question that got no usable answer, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouldNotCheckJson {
    /// The question.
    #[serde(flatten)]
    pub query: Query,
    /// `timeout`, `serv-fail`, `refused` or `not-asked`.
    pub failure: String,
    /// Why, in words.
    pub reason: Message,
}

fn phrase(phrase: &Phrase) -> Message {
    Message {
        ja: phrase.get(Lang::Ja),
        en: phrase.get(Lang::En),
    }
}

/// The stage of `report` on the wire.
pub fn stage_json(reviewed: &crate::findings::Reviewed) -> StageJson {
    let stage: Stage = crate::stage::stage(reviewed);
    StageJson {
        id: stage.id.as_str().to_owned(),
        title: phrase(&stage.title),
        target: stage.target.map(|target| target.id().to_owned()),
        target_chosen: stage.target_chosen,
        next_step: stage.next_step.as_ref().map(|next| NextStepJson {
            id: next.step,
            message: phrase(&next.message),
        }),
        hold_mx: stage.hold_mx.as_ref().map(phrase),
        remnants: stage
            .remnants
            .iter()
            .map(|remnant| RemnantJson {
                kind: remnant.kind.to_owned(),
                value: remnant.value.clone(),
                provider: remnant.provider.to_owned(),
            })
            .collect(),
        verdicts: stage
            .verdicts
            .iter()
            .map(|verdict| VerdictJson {
                id: verdict.id.to_owned(),
                status: match verdict.status {
                    crate::stage::VerdictStatus::Ok => "ok",
                    crate::stage::VerdictStatus::Problem => "problem",
                    crate::stage::VerdictStatus::Unknown => "unknown",
                }
                .to_owned(),
                message: phrase(&verdict.message),
            })
            .collect(),
    }
}

/// Each of `report.could_not_check` with its failure, in the same order.
pub fn could_not_check_reasons(report: &Report) -> Vec<CouldNotCheckJson> {
    report
        .could_not_check
        .iter()
        .zip(&report.failures)
        .map(|(query, failure)| {
            let (ja, en) = failure.reason();
            CouldNotCheckJson {
                query: query.clone(),
                failure: failure_tag(*failure).to_owned(),
                reason: Text { ja, en }.into(),
            }
        })
        .collect()
}

/// The failure's kebab-case tag, as its serde form spells it.
fn failure_tag(failure: Failure) -> &'static str {
    match failure {
        Failure::Timeout => "timeout",
        Failure::ServFail => "serv-fail",
        Failure::Refused => "refused",
        Failure::NotAsked => "not-asked",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::RecordType;
    use crate::stage::tests::report;

    #[test]
    fn the_stage_has_its_documented_shape() {
        let json = serde_json::to_value(stage_json(&crate::findings::review(report(&[
            "mail.example.jp",
        ]))))
        .expect("serialisable");
        assert_eq!(json["id"], "not-started");
        assert_eq!(json["target"], serde_json::Value::Null);
        assert_eq!(json["target_chosen"], false);
        assert_eq!(json["next_step"]["id"], "add-domain");
        assert!(json["next_step"]["message"]["ja"].is_string());
        assert!(
            json["hold_mx"]["ja"]
                .as_str()
                .is_some_and(|text| text.starts_with("MX はまだ変えないでください"))
        );
        let verdicts: Vec<&str> = json["verdicts"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|verdict| verdict["id"].as_str().expect("an id"))
            .collect();
        assert_eq!(verdicts, ["delivery", "authentication", "target"]);
        assert_eq!(json["verdicts"][1]["status"], "problem");
        let back: StageJson = serde_json::from_value(json).expect("deserialisable");
        assert_eq!(back.id, "not-started");
    }

    #[test]
    fn could_not_check_questions_carry_their_reason() {
        let mut report = report(&[]);
        report
            .could_not_check
            .push(Query::new("_dmarc.example.jp", RecordType::Txt));
        report.failures.push(Failure::ServFail);
        let reasons = could_not_check_reasons(&report);
        let json = serde_json::to_value(&reasons).expect("serialisable");
        assert_eq!(json[0]["name"], "_dmarc.example.jp");
        assert_eq!(json[0]["type"], "TXT");
        assert_eq!(json[0]["failure"], "serv-fail");
        assert!(
            json[0]["reason"]["en"]
                .as_str()
                .is_some_and(|text| text.contains("SERVFAIL"))
        );
    }
}
