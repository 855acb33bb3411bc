//! Will the new service take the mail? The planner asks the target's exchangers
//! about every address that must exist after the switch (`POST /api/probe/addresses`,
//! the same probe as `mailmove probe`), keeps what they said with the plan, and the
//! schedule reads it: a refused address holds the MX switch, an address the probe
//! could not tell about is a warning.
//!
//! **Invariant:** a result counts only for the target it was taken against (the same
//! catalog id, custom MX set and region): after the target changes it says nothing,
//! and the schedule says to check again instead of holding or clearing anything.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Plan;
use super::checks::issue;
use super::schedule::ScheduleIssue;
use crate::Message;
use crate::accounts::Destination;
use crate::api::AddressProbeRequest;
use crate::findings::Severity;
use crate::records::CustomMx;

/// What a held step says beside its title (the page, the Markdown checklist).
pub const STEP_HELD: crate::Text = crate::Text {
    ja: "保留中: 移行先が受け取れないアドレスがあります",
    en: "On hold: the new server refuses some addresses",
};

/// What the target's exchangers said about the plan's addresses, saved with the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    /// The target asked (catalog id or `custom`).
    pub target: String,
    /// With `custom`: the MX set asked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mx: Vec<CustomMx>,
    /// The region asked, for targets whose hosts name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Each address asked.
    pub addresses: Vec<AddressAcceptance>,
}

/// One address's verdict over every exchanger asked, as the plan keeps it: the words
/// for people rather than the probe's whole reply, so the planner's bundle carries no
/// SMTP types.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressAcceptance {
    /// The address.
    pub address: String,
    /// Accepted, refused or could not tell.
    pub verdict: AcceptanceVerdict,
    /// What it means and what to do; for "could not tell", why (greylisting, a
    /// timeout, a catch-all, OP25B …): the probe's own explanation.
    pub message: Message,
    /// For a refusal, the server's own words (its reply without the codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

/// What the exchangers said about one address (`smtp::Verdict` without its details).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptanceVerdict {
    /// They would take its mail.
    Accepted,
    /// They refuse it: mail to it would bounce.
    Refused,
    /// No yes or no.
    CouldNotTell,
}

/// The part of the probe's answer (`api::ProbeJson`) the plan keeps: unknown fields
/// are skipped, so the page decodes no more than this.
#[derive(Deserialize)]
struct Answer {
    addresses: Vec<AnswerAddress>,
}

#[derive(Deserialize)]
struct AnswerAddress {
    address: String,
    verdict: AcceptanceVerdict,
    message: Message,
    #[serde(default)]
    reply: Option<AnswerReply>,
}

#[derive(Deserialize)]
struct AnswerReply {
    #[serde(default)]
    lines: Vec<String>,
}

impl Acceptance {
    /// The result of `request` from the probe's JSON answer (`api::ProbeJson`).
    pub fn from_answer(
        request: &AddressProbeRequest,
        answer: &str,
    ) -> Result<Acceptance, serde_json::Error> {
        let answer: Answer = serde_json::from_str(answer)?;
        let addresses = answer
            .addresses
            .into_iter()
            .map(|raw| AddressAcceptance {
                words: raw
                    .reply
                    .filter(|_| raw.verdict == AcceptanceVerdict::Refused)
                    .map(|reply| {
                        let lines = reply.lines.iter();
                        let lines = lines.map(|line| crate::smtp::strip_enhanced(line).trim());
                        lines.collect::<Vec<_>>().join(" ")
                    }),
                address: raw.address,
                verdict: raw.verdict,
                message: raw.message,
            })
            .collect();
        Ok(Acceptance {
            target: request.target.clone().unwrap_or_default(),
            mx: request.mx.clone(),
            region: request.region.clone(),
            addresses,
        })
    }

    /// Whether it was taken against `plan`'s target as it is now.
    pub fn applies_to(&self, plan: &Plan) -> bool {
        self.target == plan.target
            && self.mx == custom_mx(plan)
            && self.region == plan.records.region
    }
}

/// With the `custom` target, its MX set; otherwise none (the catalog has the target's).
fn custom_mx(plan: &Plan) -> Vec<CustomMx> {
    match &plan.records.custom {
        Some(custom) if plan.target == crate::records::CUSTOM_TARGET => custom.mx.clone(),
        _ => Vec::new(),
    }
}

/// The plan's addresses that must exist on the new service after the switch, in the
/// list's order: every address at the plan's domain except those retired (meant to
/// bounce), as `mailmove probe` reads an accounts list. An undecided address is
/// asked too: until it is created, its mail bounces.
pub fn addresses_to_probe(plan: &Plan) -> Vec<String> {
    let suffix = format!("@{}", plan.domain.trim().trim_end_matches('.')).to_ascii_lowercase();
    let mut seen = std::collections::BTreeSet::new();
    plan.accounts
        .accounts
        .iter()
        .filter(|account| !matches!(account.destination, Destination::Retire { .. }))
        .map(|account| account.address.to_ascii_lowercase())
        .filter(|address| address.ends_with(&suffix) && seen.insert(address.clone()))
        .collect()
}

/// The probe request for `plan`: its target's exchangers, its addresses.
pub fn acceptance_request(plan: &Plan) -> AddressProbeRequest {
    AddressProbeRequest {
        domain: plan.domain.clone(),
        target: Some(plan.target.clone()),
        mx: custom_mx(plan),
        region: plan.records.region.clone(),
        current_mx: false,
        addresses: addresses_to_probe(plan),
    }
}

impl Plan {
    /// What the target's exchangers said about each address, when the saved result
    /// was taken against the plan's target as it is now; empty otherwise. One map for
    /// the whole list: a page row or the schedule looks its address up in it.
    pub fn acceptance_verdicts(&self) -> BTreeMap<String, AddressAcceptance> {
        self.acceptance
            .as_ref()
            .filter(|acceptance| acceptance.applies_to(self))
            .map(|acceptance| {
                acceptance
                    .addresses
                    .iter()
                    .map(|result| (result.address.clone(), result.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// What the saved result means for the schedule; `true` when the MX switch is held
/// (an address that must exist was refused).
pub(super) fn acceptance_issues(plan: &Plan, issues: &mut Vec<ScheduleIssue>) -> bool {
    let Some(acceptance) = &plan.acceptance else {
        return false;
    };
    if !acceptance.applies_to(plan) {
        issues.push(issue(
            "address-acceptance-outdated",
            Severity::Warning,
            "受信できるかの確認は、今とは別の移行先の設定で行ったものです。アカウントの手順でもう一度確認してください。".into(),
            "The check that the new server accepts the addresses was made for other target settings: check again in the accounts step.".into(),
        ));
        return false;
    }
    let verdicts = plan.acceptance_verdicts();
    let (mut refused, mut unknown) = (Vec::new(), Vec::new());
    for address in addresses_to_probe(plan) {
        match verdicts.get(&address).map(|result| result.verdict) {
            Some(AcceptanceVerdict::Refused) => refused.push(address),
            Some(AcceptanceVerdict::CouldNotTell) => unknown.push(address),
            Some(AcceptanceVerdict::Accepted) | None => {}
        }
    }
    if !unknown.is_empty() {
        let list = unknown.join(", ");
        issues.push(issue(
            "address-acceptance-unknown",
            Severity::Warning,
            format!("次の {} 件のアドレスは、移行先のサーバーが受け取れるか確かめられませんでした: {list}。理由はアカウントの一覧に出ています。時間をおいてもう一度確認してください。", unknown.len()),
            format!("Could not tell whether the new server accepts {} addresses: {list}. The accounts list says why; check again later.", unknown.len()),
        ));
    }
    if refused.is_empty() {
        return false;
    }
    let list = refused.join(", ");
    issues.push(issue(
        "mx-held-address-refused",
        Severity::Error,
        format!("移行先のサーバーが次の {} 件のアドレス宛てのメールを受け取れないと答えました: {list}。このまま MX を切り替えると、これらの宛先のメールは送信者に戻されます(バウンス)。MX の切り替えは保留です。移行先でアカウント・エイリアス・グループを作ってから、もう一度確認してください。", refused.len()),
        format!("The new server refuses mail for {} addresses: {list}. Switched now, mail to them would bounce. Switching MX is on hold: create the accounts, aliases or groups on the new service, then check again.", refused.len()),
    ));
    true
}
