//! The dated schedule: the seed's steps (add the domain, verify it with MX untouched,
//! lower the MX TTL early enough, create every account, cut over, test at once, watch
//! the old inbox, move old mail, restore the TTL, tighten SPF/DMARC, keep the old
//! service until a computed date), ordered by their dependencies, each on a moment
//! that follows from the cutover and the TTLs; and what is wrong with the user's
//! choices.

use serde::{Deserialize, Serialize};

use super::Plan;
use super::checks::{accounts_issues, check_order, clock_change_issue, depends_on, issue};
use super::placement::{
    at_morning_before, business_morning_on_or_after, business_morning_on_or_before,
    earliest_cutover, keep_needs_first,
};
use crate::Message;
use crate::calendar::{DateTime, Risk, assess, better_slots};
use crate::findings::Severity;
use crate::monitor::WATCH_MARGIN;
use crate::records::Step as RecordStep;
use crate::{Lang, Text};

/// When a TTL is unknown, assume a day: the longest TTL common for MX (Google's own
/// legacy records used 86400), so the lead is never too short.
pub(super) const ASSUMED_TTL: u32 = 86_400;
/// Senders give up on a message after 4–5 days (Postfix `maximal_queue_lifetime` 5d,
/// Sendmail 5d, Exim 4d: providers.md §5): mail queued for the old server can arrive
/// that long after the last old answer, so the old service stays at least that long.
const SENDER_QUEUE_DAYS: i64 = 5;

/// A step of the move, by a stable id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepId {
    /// Add the domain to the target's admin console.
    AddDomain,
    /// Publish the verification record (MX untouched).
    Verify,
    /// SPF include, DKIM, DMARC with reports.
    PrepareRecords,
    /// Lower the MX TTL.
    LowerTtl,
    /// Create every mailbox, alias and group.
    CreateAccounts,
    /// Tell people when mail moves.
    NotifyUsers,
    /// Change MX.
    Cutover,
    /// Send and receive test mail.
    TestMail,
    /// Start moving old mail.
    MoveOldMail,
    /// Keep reading the old inbox.
    WatchOldInbox,
    /// The last sync of old mail.
    FinalSync,
    /// Restore the MX TTL.
    RestoreTtl,
    /// Tighten DMARC.
    TightenDmarc,
    /// Cancel the old service, and take its entries out of SPF.
    CancelOldService,
}

/// One dated step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    /// Which.
    pub id: StepId,
    /// When (local time in the plan's zone).
    pub at: DateTime,
    /// Until when, for steps that last.
    pub until: Option<DateTime>,
    /// Whether the user set the moment by hand.
    pub overridden: bool,
    /// The step's title.
    #[serde(serialize_with = "crate::plan::schedule::text_as_message")]
    pub title: Text,
    /// What to do, and why then.
    pub details: Vec<Message>,
    /// Steps that must be done first.
    pub depends_on: Vec<StepId>,
    /// The record changes made in this step, if any.
    pub records: Option<RecordStep>,
}

/// Something wrong with the plan, keyed by a stable code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleIssue {
    /// `mx-before-accounts`, `mx-before-verification`, `ttl-lead-too-short`,
    /// `ttl-unknown`, `cutover-risk`, `cutover-too-close`, `out-of-order`, `in-the-past`,
    /// `cutover-clock-change`, `accounts-undecided`.
    pub code: &'static str,
    /// `Error` (mail can be lost) or `Warning`; `error` and `warning` in JSON, as a
    /// finding's.
    pub severity: Severity,
    /// For people.
    pub message: Message,
}

/// The computed schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// Every step, in time order.
    pub steps: Vec<PlanStep>,
    /// What is wrong.
    pub issues: Vec<ScheduleIssue>,
    /// The cutover moment's risk.
    pub risk: Risk,
    /// Better moments within two weeks, best first.
    pub better_slots: Vec<(DateTime, Risk)>,
    /// The last moment a resolver may still hand out the old MX.
    pub old_mx_possible_until: DateTime,
    /// From when the old inbox may be left: that moment plus the monitor's margin.
    pub safe_from: DateTime,
    /// When the cutover is too close for the preparation (`cutover-too-close`), the
    /// earliest cutover that leaves time for it.
    pub earliest_safe_cutover: Option<DateTime>,
    /// Whether [`Schedule::when`] writes the year: see [`shows_years`].
    #[serde(skip)]
    pub years_shown: bool,
}

impl Schedule {
    /// `at` as people write it (`1月19日(火) 18:00`, `Tue 19 Jan 18:00`), with the year
    /// when the schedule shows years.
    pub fn when(&self, at: DateTime, lang: Lang) -> String {
        at.human(lang, self.years_shown)
    }

    /// A step's moment, or its span (`… – …`), as people write it.
    pub fn step_when(&self, step: &PlanStep, lang: Lang) -> String {
        match step.until {
            Some(until) => format!("{} – {}", self.when(step.at, lang), self.when(until, lang)),
            None => self.when(step.at, lang),
        }
    }
}

/// Whether a schedule's dates carry their year: on every date or on none, so a table
/// reads evenly. The year is left out only when every moment shown (the steps, their
/// ends, the better moments) falls in the year of `now` (the cutover's year when `now`
/// is unknown); a schedule spanning two years, or a plan for another year, shows it.
fn shows_years(
    now: Option<DateTime>,
    cutover: DateTime,
    steps: &[PlanStep],
    better: &[(DateTime, Risk)],
) -> bool {
    let year = now.unwrap_or(cutover).date.year;
    let mut moments = steps
        .iter()
        .flat_map(|step| std::iter::once(step.at).chain(step.until))
        .chain(better.iter().map(|(at, _)| *at))
        .chain(std::iter::once(cutover));
    moments.any(|at| at.date.year != year)
}

/// The schedule for `plan`; `now` (local, in the plan's zone) flags steps already past.
pub fn schedule(plan: &Plan, now: Option<DateTime>) -> Schedule {
    let cutover = plan.cutover;
    let busy = plan.busy.as_slice();
    let mut issues = Vec::new();
    let current_ttl = plan.current_mx_ttl.unwrap_or_else(|| {
        issues.push(issue(
            "ttl-unknown",
            Severity::Warning,
            format!("今の MX の TTL が分からないため、{ASSUMED_TTL} 秒(1 日)と仮定しています。ドメインチェックで確認すると日程が短くなることがあります。"),
            format!("Today's MX TTL is unknown, so {ASSUMED_TTL} s (a day) is assumed. Checking the domain may shorten the schedule."),
        ));
        ASSUMED_TTL
    });
    let lowered_ttl = plan.lowered_mx_ttl();
    // The lowered TTL must be published a whole old TTL before the cutover, so that
    // no resolver still holds the old MX with the long TTL when MX changes. TTLs run in
    // real time, so durations from them go through the zone (`Plan::later`); days and
    // weeks are calendar days.
    let lower_by = plan.later(cutover, -(i64::from(current_ttl) / 60 + 60));
    let mut steps: Vec<PlanStep> = Vec::new();
    let push = |steps: &mut Vec<PlanStep>,
                id: StepId,
                at: DateTime,
                until: Option<DateTime>,
                records: Option<RecordStep>| {
        let overridden = plan.overrides.get(&id).copied();
        steps.push(PlanStep {
            id,
            at: overridden.unwrap_or(at),
            until,
            overridden: overridden.is_some(),
            title: title(id),
            details: Vec::new(),
            depends_on: depends_on(id).to_vec(),
            records,
        });
    };
    let verify_day = business_morning_on_or_before(cutover.date.add_days(-7), busy);
    push(&mut steps, StepId::AddDomain, verify_day, None, None);
    push(
        &mut steps,
        StepId::Verify,
        verify_day.add_minutes(30),
        None,
        Some(RecordStep::Verification),
    );
    push(
        &mut steps,
        StepId::PrepareRecords,
        business_morning_on_or_before(cutover.date.add_days(-5), busy),
        None,
        Some(RecordStep::BeforeCutover),
    );
    push(
        &mut steps,
        StepId::LowerTtl,
        at_morning_before(lower_by, busy),
        None,
        Some(RecordStep::LowerTtl),
    );
    push(
        &mut steps,
        StepId::CreateAccounts,
        business_morning_on_or_before(cutover.date.add_days(-3), busy),
        None,
        None,
    );
    push(
        &mut steps,
        StepId::NotifyUsers,
        business_morning_on_or_before(cutover.date.add_days(-2), busy),
        None,
        None,
    );
    push(
        &mut steps,
        StepId::Cutover,
        cutover,
        None,
        Some(RecordStep::Cutover),
    );
    // Closed days move the steps earlier by different amounts, so one can land before
    // what it needs (records before the verification): it then follows half an hour
    // after it, the same day.
    keep_needs_first(&mut steps);
    let actual_cutover = plan
        .overrides
        .get(&StepId::Cutover)
        .copied()
        .unwrap_or(cutover);
    push(
        &mut steps,
        StepId::TestMail,
        plan.later(actual_cutover, 15),
        Some(plan.later(actual_cutover, 60)),
        None,
    );

    // Resolvers hand out the old MX at most one TTL after the change: the lowered TTL
    // when it was lowered in time, else the old one.
    let lowered_at = plan.overrides.get(&StepId::LowerTtl).copied().unwrap_or(
        steps
            .iter()
            .find(|step| step.id == StepId::LowerTtl)
            .map_or(lower_by, |step| step.at),
    );
    let lead_minutes = match (
        plan.unix_seconds(actual_cutover),
        plan.unix_seconds(lowered_at),
    ) {
        (Some(cutover), Some(lowered)) => (cutover - lowered).div_euclid(60),
        _ => actual_cutover.minutes_since_epoch() - lowered_at.minutes_since_epoch(),
    };
    let in_time = lead_minutes * 60 >= i64::from(current_ttl);
    let effective_ttl = if in_time { lowered_ttl } else { current_ttl };
    let old_mx_possible_until = plan.later(actual_cutover, i64::from(effective_ttl.div_ceil(60)));
    let safe_from = plan.later(old_mx_possible_until, (WATCH_MARGIN / 60) as i64);
    push(
        &mut steps,
        StepId::MoveOldMail,
        plan.later(actual_cutover, 60),
        Some(safe_from),
        None,
    );
    push(
        &mut steps,
        StepId::WatchOldInbox,
        actual_cutover,
        Some(safe_from),
        None,
    );
    let after_safe = business_morning_on_or_after(safe_from, busy);
    push(&mut steps, StepId::FinalSync, after_safe, None, None);
    push(
        &mut steps,
        StepId::RestoreTtl,
        after_safe.add_minutes(30),
        None,
        Some(RecordStep::RestoreTtl),
    );
    push(
        &mut steps,
        StepId::TightenDmarc,
        business_morning_on_or_after(
            actual_cutover.add_minutes(i64::from(plan.options.dmarc_weeks) * 7 * 24 * 60),
            busy,
        ),
        None,
        Some(RecordStep::Tighten),
    );
    let keep_until = plan
        .later(old_mx_possible_until, SENDER_QUEUE_DAYS * 24 * 60)
        .max(actual_cutover.add_minutes(i64::from(plan.options.keep_old_days) * 24 * 60));
    push(
        &mut steps,
        StepId::CancelOldService,
        business_morning_on_or_after(keep_until, busy),
        None,
        Some(RecordStep::AfterOldService),
    );

    for step in &mut steps {
        step.details = details(step.id, plan, current_ttl, lowered_ttl, effective_ttl);
    }
    check_order(&steps, &mut issues);
    if !in_time {
        issues.push(issue(
            "ttl-lead-too-short",
            Severity::Error,
            format!(
                "TTL を下げてから切り替えまでが {lead_minutes} 分しかありません。今の TTL({current_ttl} 秒)の間は古い TTL の MX が残るため、切り替え後も最大 {current_ttl} 秒、旧サーバーにメールが届きます。TTL は {} までに下げてください。",
                lower_by.human(Lang::Ja, false)
            ),
            format!(
                "Only {lead_minutes} minutes between lowering the TTL and the cutover. Resolvers keep the old MX for its old TTL ({current_ttl} s), so mail keeps reaching the old server for up to {current_ttl} s after the cutover. Lower the TTL by {}.",
                lower_by.human(Lang::En, false)
            ),
        ));
    }
    let mut earliest_safe_cutover = None;
    if let Some(now) = now {
        // A step the planner placed in the past means the cutover is too close for the
        // lead time: one error naming the earliest cutover that leaves it, not a
        // warning per step. A moment the user set by hand is theirs to move.
        let placed_past: Vec<&PlanStep> = steps
            .iter()
            .filter(|step| step.at < now && step.id < StepId::Cutover && !step.overridden)
            .collect();
        if let Some(first) = placed_past.first()
            && actual_cutover > now
        {
            let earliest = earliest_cutover(plan, now, current_ttl);
            earliest_safe_cutover = earliest;
            let (ja_when, en_when) = match earliest {
                Some(at) => (
                    format!(
                        "最も早く安全に切り替えられるのは {} です。",
                        at.human(Lang::Ja, false)
                    ),
                    format!(
                        "The earliest cutover that leaves time for it is {}.",
                        at.human(Lang::En, false)
                    ),
                ),
                None => (
                    "切り替え日時を後ろにずらしてください。".to_owned(),
                    "Move the cutover later.".to_owned(),
                ),
            };
            issues.push(issue(
                "cutover-too-close",
                Severity::Error,
                format!(
                    "切り替えまでの準備期間が足りません。「{}」は {} に行う必要がありましたが、もう過ぎています。{ja_when}",
                    first.title.ja,
                    first.at.human(Lang::Ja, false)
                ),
                format!(
                    "The cutover is too close for the preparation: “{}” was due on {}, which has passed. {en_when}",
                    first.title.en,
                    first.at.human(Lang::En, false)
                ),
            ));
        }
        for step in steps
            .iter()
            .filter(|step| step.at < now && step.id <= StepId::Cutover && step.overridden)
        {
            issues.push(issue(
                "in-the-past",
                Severity::Warning,
                format!(
                    "「{}」の予定 {} はもう過ぎています。日時を設定し直してください。",
                    step.title.ja,
                    step.at.human(Lang::Ja, false)
                ),
                format!(
                    "“{}” was due on {}, which has passed: set it again.",
                    step.title.en,
                    step.at.human(Lang::En, false)
                ),
            ));
        }
    }
    accounts_issues(plan, &mut issues);
    clock_change_issue(plan, actual_cutover, &mut issues);
    let risk = assess(actual_cutover, &plan.busy);
    // Offered as moments to switch to, so none already past.
    let mut better = better_slots(actual_cutover, &plan.busy, usize::MAX);
    better.retain(|(at, _)| now.is_none_or(|now| *at > now));
    better.truncate(3);
    if risk.level != crate::calendar::RiskLevel::Low {
        issues.push(issue(
            "cutover-risk",
            if risk.level == crate::calendar::RiskLevel::High {
                Severity::Error
            } else {
                Severity::Warning
            },
            format!(
                "切り替えの日時のリスクは「{}」です。理由は上のとおりです。「よりよい日時」のボタンで切り替え日時を変えられます。",
                risk.level.label().ja,
            ),
            format!(
                "The cutover moment's risk is {}, for the reasons above. The better moments' buttons move the cutover.",
                risk.level.label().en,
            ),
        ));
    }
    crate::sort::sort_by_key(&mut steps, |step| (step.at, step.id));
    let years_shown = shows_years(now, actual_cutover, &steps, &better);
    Schedule {
        steps,
        issues,
        risk,
        better_slots: better,
        old_mx_possible_until,
        safe_from,
        earliest_safe_cutover,
        years_shown,
    }
}

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

fn details(
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

/// A static `Text` on the wire, as the `Message` every other text is.
fn text_as_message<S: serde::Serializer>(text: &Text, serializer: S) -> Result<S::Ok, S::Error> {
    Message::from(*text).serialize(serializer)
}
