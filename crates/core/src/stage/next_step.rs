//! The next thing to do at each stage, and the planner step it belongs to.

use super::{NextStep, Phrase, Remnant, Sides, StageId, TargetParts, verifies_before_switch};
use crate::plan::StepId;
use crate::survey::Report;

/// An MX TTL above this must be lowered before the switch (as readiness says).
const SHORT_MX_TTL: u32 = 3600;

pub(super) fn next_step(
    id: StageId,
    report: &Report,
    sides: &Sides<'_>,
    remnants: &[Remnant],
) -> Option<NextStep> {
    let (ja_name, en_name) = sides.target.map_or(("移行先", "the target"), |target| {
        (target.name.ja, target.name.en)
    });
    let (step, message) = match id {
        StageId::CannotTell | StageId::NoMail => return None,
        StageId::NotStarted if sides.target.is_none() => (
            StepId::AddDomain,
            Phrase::new(
                "まず移行先を決めて選んでください。次に、移行先の管理画面でこのドメインを追加します。",
                "First choose the target. Then add this domain in the target's admin console.",
            ),
        ),
        StageId::NotStarted => {
            let target = sides.target?;
            if verifies_before_switch(target) {
                (
                    StepId::AddDomain,
                    Phrase::new(
                        "{target_ja}の管理画面でこのドメインを追加し、表示される所有権確認のレコードをDNSに登録してください。MXには触れません。",
                        "Add this domain in {target_en}'s admin console and publish the ownership record it shows. MX stays as it is.",
                    ),
                )
            } else {
                (
                    StepId::PrepareRecords,
                    Phrase::new(
                        "{target_ja}の管理画面でこのドメインを追加し、SPF・DKIM・DMARCのレコードを準備してください({target_ja}は所有権をMXの切り替えで確認します)。",
                        "Add this domain in {target_en}'s admin console and prepare SPF, DKIM and DMARC ({target_en} confirms ownership through the MX switch).",
                    ),
                )
            }
        }
        StageId::TargetVerified => (
            StepId::PrepareRecords,
            missing_records(report, sides),
        ),
        StageId::RecordsReady => match report.mx_ttl {
            Some(ttl) if ttl > SHORT_MX_TTL => (
                StepId::LowerTtl,
                Phrase::new(
                    "MXのTTL({ttl}秒)を300秒に下げ、{target_ja}に全員のアカウントを作ってください。",
                    "Lower the MX TTL ({ttl} s) to 300 s, and create every account at {target_en}.",
                )
                .param("ttl", ttl),
            ),
            _ => (
                StepId::CreateAccounts,
                Phrase::new(
                    "{target_ja}に全員のアカウント(メールボックス・エイリアス・グループ)を作ってください。それが済んでからMXを切り替えます。",
                    "Create every account (mailboxes, aliases, groups) at {target_en}. Switch MX only after that.",
                ),
            ),
        },
        StageId::Switching => (
            StepId::Cutover,
            Phrase::new(
                "MXに{target_ja}と旧サーバー({old})が並んでいるため、メールがどちらに届くか分かりません。{target_ja}に全員のアカウントがあることを確かめてから、旧サーバーのMXを削除してください。",
                "MX lists both {target_en} and the old server ({old}), so mail may land on either. Make sure every account exists at {target_en}, then delete the old server's MX.",
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
        ),
        StageId::DoneWithRemnants => (
            StepId::CancelOldService,
            Phrase::new(
                "旧メールサーバーでの受信が終わったら、旧サービスの設定を削除してください: {remnants}。",
                "Once no mail reaches the old server any more, delete the old service's entries: {remnants}.",
            )
            .param(
                "remnants",
                remnants
                    .iter()
                    .map(|remnant| remnant.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
        StageId::Done => {
            let dmarc_none = report
                .dmarc
                .as_ref()
                .is_none_or(|fact| {
                    crate::dmarc::parse(&fact.record).0.policy
                        == Some(crate::dmarc::Policy::None)
                });
            if !dmarc_none {
                return None;
            }
            (
                StepId::TightenDmarc,
                Phrase::new(
                    "DMARCのレポートで正規の送信元がすべて認証に通っていることを確かめ、ポリシーを p=quarantine、p=reject へ段階的に強めてください。",
                    "Check in the DMARC reports that every legitimate sender passes, then tighten the policy step by step to p=quarantine and p=reject.",
                ),
            )
        }
    };
    Some(NextStep {
        step,
        message: message
            .param("target_ja", ja_name)
            .param("target_en", en_name),
    })
}

/// What of SPF, DKIM and DMARC is still missing for the target.
fn missing_records(report: &Report, sides: &Sides<'_>) -> Phrase {
    let Some(target) = sides.target else {
        return Phrase::new("", "");
    };
    let parts = TargetParts::of(report, target);
    let mut missing = Vec::new();
    if parts.spf == Some(false) {
        let include = target
            .setup
            .and_then(|setup| setup.spf)
            .map_or("", |spf| spf.include);
        missing.push(format!("SPF (include:{include})"));
    }
    if parts.dkim == Some(false) {
        missing.push("DKIM".to_owned());
    }
    if !parts.dmarc {
        missing.push("DMARC".to_owned());
    }
    Phrase::new(
        "{target_ja}用のレコードを追加してください: {missing}。MXはまだ変えません。",
        "Add the records for {target_en}: {missing}. MX stays as it is.",
    )
    .param("missing", missing.join(", "))
}
