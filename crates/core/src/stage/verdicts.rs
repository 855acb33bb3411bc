//! Three verdicts for people who read nothing else: is mail delivered, is it
//! authenticated, is the domain ready for the target. Each is ok, a problem, or
//! unknown (a lookup failed, or nothing to judge against), with words.

use serde::Serialize;

use super::{Phrase, Sides, StageId};
use crate::dns::{Query, RecordType};
use crate::findings::{Finding, Severity, Topic};
use crate::survey::{DomainState, ReadinessStatus, Report};

/// How a verdict came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictStatus {
    /// Fine.
    Ok,
    /// Something needs doing.
    Problem,
    /// Could not be judged.
    Unknown,
}

/// One verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// `delivery`, `authentication` or `target`.
    pub id: &'static str,
    /// How it came out.
    pub status: VerdictStatus,
    /// Why, in words.
    pub message: Phrase,
}

pub(super) fn verdicts(
    id: StageId,
    report: &Report,
    findings: &[Finding],
    sides: &Sides<'_>,
) -> Vec<Verdict> {
    vec![
        verdict("delivery", delivery(report, findings)),
        verdict("authentication", authentication(report, findings)),
        verdict("target", target(id, report, sides)),
    ]
}

fn verdict(id: &'static str, (status, message): (VerdictStatus, Phrase)) -> Verdict {
    Verdict {
        id,
        status,
        message,
    }
}

/// What the domain's state says instead of a verdict, when it does not answer.
fn state_verdict(report: &Report) -> Option<(VerdictStatus, Phrase)> {
    let words = report.state.words()?;
    let status = match report.state {
        DomainState::NoAnswers => VerdictStatus::Unknown,
        _ => VerdictStatus::Problem,
    };
    Some((status, Phrase::new(words.ja, words.en)))
}

fn failed(report: &Report, name: &str, rtype: RecordType) -> bool {
    report.could_not_check.contains(&Query::new(name, rtype))
}

fn first_error(findings: &[Finding], topics: &[Topic]) -> Option<Phrase> {
    let finding = findings
        .iter()
        .find(|finding| finding.severity == Severity::Error && topics.contains(&finding.topic))?;
    Some(
        Phrase::new("{title_ja}", "{title_en}")
            .param("title_ja", finding.title(crate::Lang::Ja))
            .param("title_en", finding.title(crate::Lang::En)),
    )
}

fn delivery(report: &Report, findings: &[Finding]) -> (VerdictStatus, Phrase) {
    use VerdictStatus::{Ok, Problem, Unknown};
    if let Some(verdict) = state_verdict(report) {
        return verdict;
    }
    if failed(report, &report.domain, RecordType::Mx) {
        return (
            Unknown,
            Phrase::new(
                "MXを確認できませんでした(DNSの応答がありません)。",
                "The MX could not be checked (no DNS answer).",
            ),
        );
    }
    if report.null_mx {
        return (
            Problem,
            Phrase::new(
                "このドメインはメールを受け取らない設定です(null MX)。",
                "This domain is set to receive no mail (null MX).",
            ),
        );
    }
    if report.mx.is_empty() {
        return (
            Problem,
            Phrase::new(
                "MXレコードがありません。多くの送信サーバーはこのドメイン宛てのメールを配送できません。",
                "There is no MX record: most senders cannot deliver mail to this domain.",
            ),
        );
    }
    if let Some(error) = first_error(findings, &[Topic::Mx]) {
        return (Problem, error);
    }
    if report.mx.iter().any(|host| !host.addresses_known) {
        return (
            Unknown,
            Phrase::new(
                "メールサーバー({hosts})のアドレスを確認できませんでした。",
                "The mail servers' addresses ({hosts}) could not be checked.",
            )
            .param("hosts", hosts(report)),
        );
    }
    (
        Ok,
        Phrase::new(
            "メールは {hosts} に届きます。",
            "Mail is delivered to {hosts}.",
        )
        .param("hosts", hosts(report)),
    )
}

fn hosts(report: &Report) -> String {
    report
        .mx
        .iter()
        .map(|host| host.host.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn authentication(report: &Report, findings: &[Finding]) -> (VerdictStatus, Phrase) {
    use VerdictStatus::{Ok, Problem, Unknown};
    if let Some(verdict) = state_verdict(report) {
        return verdict;
    }
    if let Some(error) = first_error(findings, &[Topic::Spf, Topic::Dmarc, Topic::Dkim]) {
        return (Problem, error);
    }
    let dmarc_name = format!("_dmarc.{}", report.domain);
    let spf_unknown = failed(report, &report.domain, RecordType::Txt);
    let dmarc_unknown = failed(report, &dmarc_name, RecordType::Txt);
    match (report.spf_records.is_empty(), report.dmarc.is_none()) {
        (true, _) if spf_unknown => (
            Unknown,
            Phrase::new(
                "SPFを確認できませんでした(DNSの応答がありません)。",
                "SPF could not be checked (no DNS answer).",
            ),
        ),
        (_, true) if dmarc_unknown => (
            Unknown,
            Phrase::new(
                "DMARCを確認できませんでした(DNSの応答がありません)。",
                "DMARC could not be checked (no DNS answer).",
            ),
        ),
        (true, true) => (
            Problem,
            Phrase::new(
                "SPFもDMARCもありません。このドメインを名乗るなりすましメールを受信側が見分けられず、正規のメールも迷惑メール扱いされやすくなります。",
                "There is neither SPF nor DMARC: receivers cannot tell forged mail in this domain's name, and genuine mail is more likely to be marked as spam.",
            ),
        ),
        (true, false) => (
            Problem,
            Phrase::new(
                "SPFがありません。受信側は送信元が正規か確かめられません。",
                "There is no SPF: receivers cannot check that a sender is genuine.",
            ),
        ),
        (false, true) => (
            Problem,
            Phrase::new(
                "DMARCがありません。なりすましメールへの対処を受信側に伝えられず、レポートも届きません。",
                "There is no DMARC: receivers are not told what to do with forged mail, and no reports arrive.",
            ),
        ),
        (false, false) => (
            Ok,
            Phrase::new(
                "SPFとDMARCがあります。DKIM鍵: {dkim}。",
                "SPF and DMARC are published. DKIM keys: {dkim_en}.",
            )
            .param("dkim", dkim_words(report, crate::Lang::Ja))
            .param("dkim_en", dkim_words(report, crate::Lang::En)),
        ),
    }
}

fn dkim_words(report: &Report, lang: crate::Lang) -> String {
    if report.dkim.is_empty() {
        return match lang {
            crate::Lang::Ja => "試したセレクターでは見つかりませんでした".to_owned(),
            crate::Lang::En => "none found at the selectors tried".to_owned(),
        };
    }
    report
        .dkim
        .iter()
        .map(|fact| fact.selector.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn target(id: StageId, report: &Report, sides: &Sides<'_>) -> (VerdictStatus, Phrase) {
    use VerdictStatus::{Ok, Problem, Unknown};
    if let Some(verdict) = state_verdict(report) {
        return verdict;
    }
    let Some(target) = sides.target else {
        return (
            Unknown,
            Phrase::new(
                "移行先が選ばれていません。選ぶと、準備ができているかを確認します。",
                "No target is chosen: choose one to see what is ready for it.",
            ),
        );
    };
    let named = |phrase: Phrase| {
        phrase
            .param("target_ja", target.name.ja)
            .param("target_en", target.name.en)
    };
    match id {
        StageId::CannotTell => (
            Unknown,
            named(Phrase::new(
                "{target_ja}への準備状況は判断できません。",
                "Whether the domain is ready for {target_en} cannot be told.",
            )),
        ),
        StageId::Done | StageId::DoneWithRemnants => (
            Ok,
            named(Phrase::new(
                "メールは既に{target_ja}に届いています。",
                "Mail already goes to {target_en}.",
            )),
        ),
        StageId::Switching => (
            Problem,
            named(Phrase::new(
                "MXに{target_ja}と旧サーバーが混在しています。",
                "MX mixes {target_en} and the old server.",
            )),
        ),
        _ => before_switch(report, named),
    }
}

fn before_switch(report: &Report, named: impl Fn(Phrase) -> Phrase) -> (VerdictStatus, Phrase) {
    use VerdictStatus::{Ok, Problem};
    let items = report
        .readiness
        .as_ref()
        .map_or(&[][..], |readiness| readiness.items.as_slice());
    if let Some(blocked) = items
        .iter()
        .find(|item| item.status == ReadinessStatus::Blocked)
    {
        return (
            Problem,
            Phrase::new("{ja}", "{en}")
                .param("ja", blocked.message(crate::Lang::Ja))
                .param("en", blocked.message(crate::Lang::En)),
        );
    }
    let todo = items
        .iter()
        .filter(|item| item.status == ReadinessStatus::Todo)
        .count();
    if items.is_empty() {
        // No readiness list (the target was not chosen): what the stage says.
        return (
            Problem,
            named(Phrase::new(
                "{target_ja}への切り替えの準備はまだです。",
                "Not ready for {target_en} yet.",
            )),
        );
    }
    if todo > 0 {
        return (
            Problem,
            named(
                Phrase::new(
                    "{target_ja}への切り替えの準備はまだです(残り {todo} 件)。",
                    "Not ready for {target_en} yet ({todo} left to do).",
                )
                .param("todo", todo),
            ),
        );
    }
    (
        Ok,
        named(Phrase::new(
            "{target_ja}のDNSの準備はできています。アカウントを作ってからMXを切り替えてください。",
            "DNS is ready for {target_en}: create the accounts, then switch MX.",
        )),
    )
}
