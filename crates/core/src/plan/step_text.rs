//! The words of each step of the schedule: its title, and what to do then and why.
//! Split from `schedule.rs`, which computes the dates.

use super::Plan;
use super::schedule::{SENDER_QUEUE_DAYS, StepId};
use crate::{Message, Text};

/// The step's title.
pub(super) fn title(id: StepId) -> Text {
    let (ja, en) = match id {
        StepId::AddDomain => (
            "移行先にドメインを追加する",
            "Add the domain to the new service",
        ),
        StepId::Verify => (
            "ドメインの所有権を確認する(MX はまだ変えない)",
            "Verify the domain (MX untouched)",
        ),
        StepId::PrepareRecords => ("SPF・DKIM・DMARC を準備する", "Prepare SPF, DKIM and DMARC"),
        StepId::LowerTtl => ("MX の TTL を下げる", "Lower the MX TTL"),
        StepId::CreateAccounts => (
            "すべてのアカウント・エイリアス・グループを作る",
            "Create every account, alias and group",
        ),
        StepId::NotifyUsers => (
            "利用者と主な取引先に切り替え日時を知らせる",
            "Tell users and key contacts when mail moves",
        ),
        StepId::Cutover => ("MX を切り替える", "Switch MX"),
        StepId::TestMail => ("送受信をすぐに試す", "Test sending and receiving at once"),
        StepId::MoveOldMail => ("過去のメールを移す", "Move old mail"),
        StepId::WatchOldInbox => (
            "旧メールボックスも確認し続ける",
            "Keep checking the old inbox",
        ),
        StepId::FinalSync => ("最後の同期をする", "Run the final sync"),
        StepId::RestoreTtl => ("MX の TTL を元に戻す", "Restore the MX TTL"),
        StepId::TightenDmarc => ("DMARC を強化する", "Tighten DMARC"),
        StepId::CancelOldService => (
            "旧サービスを解約し、SPF から外す",
            "Cancel the old service and take it out of SPF",
        ),
    };
    Text { ja, en }
}

/// What to do in the step, and why then; most steps need no more than their title.
pub(super) fn details(
    id: StepId,
    plan: &Plan,
    current_ttl: u32,
    lowered_ttl: u32,
    effective_ttl: u32,
) -> Vec<Message> {
    let m = |ja: String, en: String| Message { ja, en };
    match id {
        StepId::Verify => vec![m(
            "確認用の TXT レコードだけを追加します。MX はまだ変えません。反映に最大 72 時間かかることがあるため、切り替えの 1 週間前に行います。".into(),
            "Add only the verification TXT record; MX stays as it is. It can take up to 72 hours to be seen, hence a week before the cutover.".into(),
        )],
        StepId::LowerTtl => vec![m(
            format!("MX の TTL を {current_ttl} 秒から {lowered_ttl} 秒に下げます。今の TTL の間は古い値が残るため、切り替えの {current_ttl} 秒以上前に済ませます。"),
            format!("Lower the MX TTL from {current_ttl} s to {lowered_ttl} s, at least {current_ttl} s before the cutover: resolvers keep the old value for the old TTL."),
        )],
        StepId::CreateAccounts => vec![m(
            "旧サーバーのすべてのアドレス(共有アドレス・エイリアス・メーリングリストを含む)を作ります。作り忘れたアドレス宛てのメールは切り替え後に失われます。".into(),
            "Create every address of the old server, shared addresses, aliases and lists included: mail to a forgotten address is lost after the cutover.".into(),
        )],
        StepId::Cutover => vec![m(
            "MX を新しいサービスの値に変え、旧 MX は同じ編集で削除します。".into(),
            "Change MX to the new service's values and delete the old MX in the same edit.".into(),
        )],
        StepId::TestMail => vec![m(
            "社外のアドレス(個人の Gmail など)から新しいメールボックスに送り、返信も試します。".into(),
            "Send from an outside address (a personal Gmail, say) to the new mailbox, and reply.".into(),
        )],
        StepId::WatchOldInbox => vec![m(
            format!("切り替え後 {effective_ttl} 秒までは旧 MX を返すリゾルバーが残り、さらに送信側は旧サーバー宛てに溜めたメールを再送するため、24 時間の余裕を加えた時刻まで旧メールボックスも確認します。切り替え監視で実際の状況を確かめられます。"),
            format!("Resolvers may hand out the old MX for {effective_ttl} s after the change, and senders retry mail they queued for the old server: keep checking the old inbox until then plus a 24-hour margin. The cutover monitor shows the real state."),
        )],
        StepId::RestoreTtl => vec![m(
            format!("MX の TTL を {} 秒に戻します。", plan.options.restored_ttl),
            format!("Set the MX TTL back to {} s.", plan.options.restored_ttl),
        )],
        StepId::CancelOldService => vec![m(
            format!("送信側は最大 {SENDER_QUEUE_DAYS} 日再送を続けるため、最後に旧 MX が返され得る時刻から少なくとも {SENDER_QUEUE_DAYS} 日、かつ切り替えから {} 日は解約しません。", plan.options.keep_old_days),
            format!("Senders retry for up to {SENDER_QUEUE_DAYS} days: keep the old service at least that long after the last possible old answer, and {} days after the cutover.", plan.options.keep_old_days),
        )],
        StepId::TightenDmarc => vec![m(
            format!("{} 週間分の DMARC レポートで正規の送信元だけが認証に通っていることを確かめてから、p=quarantine にします。", plan.options.dmarc_weeks),
            format!("After {} weeks of DMARC reports show only legitimate senders passing, move to p=quarantine.", plan.options.dmarc_weeks),
        )],
        _ => Vec::new(),
    }
}
