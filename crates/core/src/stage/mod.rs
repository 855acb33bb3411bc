//! Where a domain stands in a mail move, and the next thing to do, from the survey
//! alone: not started, the target added and its ownership proven, the target's
//! records ready, MX switched with the old exchanger still listed, done with old
//! remnants left, done. Each stage names the planner step it leads to
//! ([`StepId`]), and a short verdict list (mail delivered, authentication, ready for
//! the target) says the same for people who read nothing else.
//!
//! **Invariant:** a stage before the switch always says "do not change MX yet"
//! ([`Stage::hold_mx`]): mailboxes must exist at the target before mail goes there,
//! or mail to an address without one bounces.
//!
//! Without a chosen target the stage says what it can: the catalog target the MX
//! already points at, or "not started".

mod next_step;
mod remnants;
pub(crate) mod sides;
pub mod step_of;
#[cfg(test)]
pub(crate) mod tests;
mod verdicts;

use std::collections::BTreeMap;

use serde::Serialize;

pub use remnants::Remnant;
pub use sides::{Sides, is_exchanger_of, sides};
pub use verdicts::{Verdict, VerdictStatus};

use crate::catalog::{MailProvider, VerificationMethod};
use crate::dns::{Query, RecordType};
use crate::plan::StepId;
use crate::survey::{DomainState, Report};
use crate::{Lang, Text};

/// The stages, in the order a move goes through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageId {
    /// The domain does not exist, does not answer, or its MX could not be read.
    CannotTell,
    /// A null MX: the domain receives no mail.
    NoMail,
    /// Nothing of the target is in DNS yet (or no target is chosen).
    NotStarted,
    /// The target's ownership proof (or one of its records) is published.
    TargetVerified,
    /// SPF, DKIM and DMARC for the target are in place; MX is not switched.
    RecordsReady,
    /// MX names the target and still an old exchanger: mail lands on both.
    Switching,
    /// MX names only the target; the old provider's entries are still in DNS.
    DoneWithRemnants,
    /// MX names only the target, and nothing of the old provider is left.
    Done,
}

impl StageId {
    /// The stable kebab-case id.
    pub fn as_str(self) -> &'static str {
        match self {
            StageId::CannotTell => "cannot-tell",
            StageId::NoMail => "no-mail",
            StageId::NotStarted => "not-started",
            StageId::TargetVerified => "target-verified",
            StageId::RecordsReady => "records-ready",
            StageId::Switching => "switching",
            StageId::DoneWithRemnants => "done-with-remnants",
            StageId::Done => "done",
        }
    }

    /// Whether MX still points away from the target (or nowhere yet).
    pub fn is_before_switch(self) -> bool {
        matches!(
            self,
            StageId::NotStarted | StageId::TargetVerified | StageId::RecordsReady
        )
    }
}

/// Words with `{name}` placeholders and their values, like a finding's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    /// The template.
    pub text: Text,
    /// The values.
    pub params: BTreeMap<&'static str, String>,
}

impl Phrase {
    pub(crate) fn new(ja: &'static str, en: &'static str) -> Phrase {
        Phrase {
            text: Text { ja, en },
            params: BTreeMap::new(),
        }
    }

    #[expect(
        clippy::needless_pass_by_value,
        reason = "by value so that numbers and strings read alike, as in `Finding::param`"
    )]
    pub(crate) fn param(mut self, name: &'static str, value: impl ToString) -> Phrase {
        self.params.insert(name, value.to_string());
        self
    }

    /// The words in `lang`, values filled in.
    pub fn get(&self, lang: Lang) -> String {
        let mut text = self.text.get(lang).to_owned();
        for (name, value) in &self.params {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// The next thing to do, and the planner step it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextStep {
    /// The planner step.
    pub step: StepId,
    /// What to do.
    pub message: Phrase,
}

/// Where the domain stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// Which stage.
    pub id: StageId,
    /// The target it was judged for: the chosen one, else the catalog target the MX
    /// points at.
    pub target: Option<&'static MailProvider>,
    /// Whether the user chose the target.
    pub target_chosen: bool,
    /// The stage in one sentence.
    pub title: Phrase,
    /// What to do next; `None` when nothing is left (or nothing can be said).
    pub next_step: Option<NextStep>,
    /// Before the switch: "do not change MX yet", and why.
    pub hold_mx: Option<Phrase>,
    /// What the old provider left in DNS, once MX names only the target.
    pub remnants: Vec<Remnant>,
    /// Mail delivered, authentication, ready for the target.
    pub verdicts: Vec<Verdict>,
}

/// The "do not change MX yet" sentence.
pub const HOLD_MX: Text = Text {
    ja: "MX はまだ変えないでください。MXを切り替えた瞬間から、メールは移行先に届きます。移行先に全員のアカウント(メールボックス・エイリアス・グループ)を作ってから切り替えないと、アカウントのない宛先へのメールは送信者にエラーで戻ります。",
    en: "Do not change MX yet. The moment MX changes, mail goes to the target: unless every account (mailboxes, aliases, groups) exists there first, mail to an address without one bounces back to its sender.",
};

/// Where the reviewed domain stands (the verdicts read the findings too).
pub fn stage(reviewed: &crate::findings::Reviewed) -> Stage {
    let report = &reviewed.report;
    let sides = sides(report);
    let id = stage_id(report, &sides);
    let remnants = if matches!(id, StageId::DoneWithRemnants | StageId::Done) {
        remnants::remnants(report, &sides)
    } else {
        Vec::new()
    };
    let title = title(id, report, &sides);
    Stage {
        id,
        target: sides.target,
        target_chosen: sides.target_chosen,
        next_step: next_step::next_step(id, report, &sides, &remnants),
        hold_mx: id
            .is_before_switch()
            .then(|| Phrase::new(HOLD_MX.ja, HOLD_MX.en)),
        verdicts: verdicts::verdicts(id, report, &reviewed.findings, &sides),
        title,
        remnants,
    }
}

fn stage_id(report: &Report, sides: &Sides<'_>) -> StageId {
    let mx_unknown = report
        .could_not_check
        .contains(&Query::new(&report.domain, RecordType::Mx));
    if report.state != DomainState::Answering || mx_unknown {
        return StageId::CannotTell;
    }
    if report.null_mx {
        return StageId::NoMail;
    }
    let Some(target) = sides.target else {
        return StageId::NotStarted;
    };
    if sides.mx_at_target {
        if !sides.old_exchangers.is_empty() {
            return StageId::Switching;
        }
        return if remnants::remnants(report, sides).is_empty() {
            StageId::Done
        } else {
            StageId::DoneWithRemnants
        };
    }
    let parts = TargetParts::of(report, target);
    if !parts.started() {
        StageId::NotStarted
    } else if parts.records_ready() {
        StageId::RecordsReady
    } else {
        StageId::TargetVerified
    }
}

/// What of the target is already in DNS. `None`: the catalog cannot tell (no fixed
/// SPF include, no fixed DKIM selectors), so that part neither helps nor blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TargetParts {
    pub verified: bool,
    pub spf: Option<bool>,
    pub dkim: Option<bool>,
    pub dmarc: bool,
}

impl TargetParts {
    pub(crate) fn of(report: &Report, target: &MailProvider) -> TargetParts {
        let verified = sides::with_observed(report, |observed| {
            !target.verification_evidence(observed).is_empty()
        });
        let spf = target
            .setup
            .and_then(|setup| setup.spf)
            .map(|spf| crate::survey::spf_tree::contains(&report.spf_tree, spf.include));
        let dkim = target_dkim_selectors(target).map(|selectors| {
            report
                .dkim
                .iter()
                .any(|fact| selectors.contains(&fact.selector.as_str()))
        });
        TargetParts {
            verified,
            spf,
            dkim,
            dmarc: report.dmarc.is_some(),
        }
    }

    /// Whether anything of the target is there: its proof, its include, its key.
    fn started(self) -> bool {
        self.verified || self.spf == Some(true) || self.dkim == Some(true)
    }

    /// Whether SPF, DKIM and DMARC are ready (parts the catalog cannot judge aside).
    fn records_ready(self) -> bool {
        self.spf != Some(false) && self.dkim != Some(false) && self.dmarc
    }
}

/// The target's DKIM selectors when the catalog knows them; `None` when the admin or
/// the service picks them per domain.
pub(crate) fn target_dkim_selectors(target: &MailProvider) -> Option<&'static [&'static str]> {
    use crate::catalog::SelectorChoice::{Default, Fixed};
    let scheme = target.dkim?;
    (matches!(scheme.choice, Fixed | Default) && !scheme.selectors.is_empty())
        .then_some(scheme.selectors)
}

/// Whether the target can be verified before the switch at all.
pub(crate) fn verifies_before_switch(target: &MailProvider) -> bool {
    target
        .verification
        .iter()
        .any(|method| *method != VerificationMethod::ActivatesOnMx)
}

fn title(id: StageId, report: &Report, sides: &Sides<'_>) -> Phrase {
    let target = sides.target.map_or(
        Text {
            ja: "移行先",
            en: "the target",
        },
        |target| target.name,
    );
    let phrase = match id {
        StageId::CannotTell => {
            let words = report.state.words().unwrap_or(Text {
                ja: "MXを確認できなかったため、移行の段階は判断できません",
                en: "The MX could not be checked, so the stage of the move cannot be told",
            });
            Phrase::new(words.ja, words.en)
        }
        StageId::NoMail => Phrase::new(
            "このドメインはメールを受け取らない設定です(null MX)",
            "This domain is set to receive no mail (null MX)",
        ),
        StageId::NotStarted if sides.target.is_none() => Phrase::new(
            "移行はまだ始まっていません(移行先が選ばれていません)",
            "The move has not started (no target chosen)",
        ),
        StageId::NotStarted => Phrase::new(
            "移行はまだ始まっていません: {target_ja}のレコードはまだDNSにありません",
            "The move has not started: none of {target_en}'s records is in DNS yet",
        ),
        StageId::TargetVerified => Phrase::new(
            "{target_ja}にドメインが追加されています(所有権確認のレコードがあります)",
            "The domain has been added to {target_en} (its ownership record is published)",
        ),
        StageId::RecordsReady => Phrase::new(
            "{target_ja}のSPF・DKIM・DMARCが準備できています。MXはまだ切り替えていません",
            "{target_en}'s SPF, DKIM and DMARC are ready; MX has not been switched",
        ),
        StageId::Switching => Phrase::new(
            "MXは{target_ja}に切り替わりつつありますが、旧サーバー({old})もまだMXに残っています",
            "MX points to {target_en}, but the old server ({old}) is still listed",
        )
        .param(
            "old",
            sides
                .old_exchangers
                .iter()
                .map(|host| host.host.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        StageId::DoneWithRemnants => Phrase::new(
            "移行は完了しています({target_ja})。旧サービスの設定がDNSに残っています",
            "The move is done ({target_en}); the old service's entries are still in DNS",
        ),
        StageId::Done => Phrase::new(
            "移行は完了しています: メールは{target_ja}に届きます",
            "The move is done: mail goes to {target_en}",
        ),
    };
    phrase
        .param("target_ja", target.ja)
        .param("target_en", target.en)
}
