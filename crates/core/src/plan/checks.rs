//! What is wrong with a schedule: steps out of their dependency order, accounts
//! that lose mail at the cutover, a cutover at a clock change, a TTL lowered too
//! late, steps already past, a risky cutover moment. Split from `schedule.rs`, which
//! computes the dates.

use super::Plan;
use super::placement::earliest_cutover;
use super::schedule::{PlanStep, ScheduleIssue, StepId};
use super::step_text::title;
use crate::calendar::{DateTime, LocalResult, Risk, RiskLevel};
use crate::findings::Severity;
use crate::{Lang, Message};

/// The accounts' problems that lose mail at the cutover: an address nobody decided
/// on (the seed's forgotten address) bounces once MX moves.
pub(super) fn accounts_issues(plan: &Plan, issues: &mut Vec<ScheduleIssue>) {
    let Ok(domain) = super::plan_domain(&plan.domain) else {
        return;
    };
    let undecided: Vec<String> = crate::accounts::check(&plan.accounts, &domain)
        .into_iter()
        .filter(|issue| issue.kind == crate::accounts::AccountIssueKind::NoDestination)
        .filter_map(|issue| issue.address)
        .collect();
    if !undecided.is_empty() {
        let list = undecided.join(", ");
        issues.push(issue(
            "accounts-undecided",
            Severity::Error,
            format!("移行先での宛先が決まっていないアドレスが {} 件あります: {list}。切り替え後、これらの宛先のメールは戻されます(バウンス)。", undecided.len()),
            format!("{} addresses have no destination on the new service: {list}. After the cutover, mail to them bounces.", undecided.len()),
        ));
    }
}

/// A cutover at a moment the zone's clocks skip or pass twice: the user may mean
/// another instant than the one the calendar and the monitor will use.
pub(super) fn clock_change_issue(plan: &Plan, cutover: DateTime, issues: &mut Vec<ScheduleIssue>) {
    let Ok(zone) = plan.zone() else {
        return;
    };
    let (ja, en) = match zone.local_to_unix(cutover) {
        LocalResult::Unique(_) => return,
        LocalResult::Gap {
            unix,
            skipped_minutes,
        } => {
            let taken = zone.to_local(unix).unwrap_or(cutover);
            (
                format!(
                    "切り替え日時 {cutover} は、時計が {skipped_minutes} 分進められるため存在しません。{taken} として扱います。別の時刻を選んでください。"
                ),
                format!(
                    "The cutover moment {cutover} does not exist: clocks skip {skipped_minutes} minutes then. It is taken as {taken}; better pick another time."
                ),
            )
        }
        LocalResult::Fold { .. } => (
            format!(
                "切り替え日時 {cutover} は、時計が戻るため 2 回あります。1 回目として扱います。紛らわしくない時刻を選んでください。"
            ),
            format!(
                "The cutover moment {cutover} happens twice, as clocks go back then. The first is taken; better pick an unambiguous time."
            ),
        ),
    };
    issues.push(issue("cutover-clock-change", Severity::Warning, ja, en));
}

/// What must come before what. Only the orders that lose mail are errors.
pub(super) fn depends_on(id: StepId) -> &'static [StepId] {
    use StepId::*;
    match id {
        AddDomain => &[],
        Verify => &[AddDomain],
        PrepareRecords => &[Verify],
        LowerTtl => &[],
        CreateAccounts => &[Verify],
        NotifyUsers => &[],
        Cutover => &[Verify, CreateAccounts, LowerTtl, PrepareRecords],
        TestMail | MoveOldMail | WatchOldInbox => &[Cutover],
        FinalSync | RestoreTtl => &[WatchOldInbox],
        TightenDmarc => &[Cutover],
        CancelOldService => &[FinalSync],
    }
}

pub(super) fn check_order(steps: &[PlanStep], issues: &mut Vec<ScheduleIssue>) {
    let at = |id: StepId| steps.iter().find(|step| step.id == id).map(|step| step.at);
    let cutover = at(StepId::Cutover);
    for (first, code, ja, en) in [
        (
            StepId::CreateAccounts,
            "mx-before-accounts",
            "アカウントを作る前に MX を切り替えることになっています。存在しないアドレス宛てのメールは送信者に戻され(バウンス)、失われます。",
            "MX changes before the accounts exist: mail to addresses that do not exist yet bounces and is lost.",
        ),
        (
            StepId::Verify,
            "mx-before-verification",
            "ドメインの所有権を確認する前に MX を切り替えることになっています。確認が終わるまで新しいサービスはメールを受け取りません。",
            "MX changes before the domain is verified: the new service does not accept its mail until then.",
        ),
    ] {
        if let (Some(first), Some(cutover)) = (at(first), cutover)
            && first >= cutover
        {
            issues.push(issue(code, Severity::Error, ja.to_owned(), en.to_owned()));
        }
    }
    for step in steps {
        for before in &step.depends_on {
            if let Some(before_at) = at(*before)
                && before_at > step.at
                && !(step.id == StepId::Cutover
                    && matches!(before, StepId::CreateAccounts | StepId::Verify))
            {
                issues.push(issue(
                    "out-of-order",
                    if step.id == StepId::Cutover {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    format!(
                        "「{}」({})が「{}」({})より後になっています。「{}」の日時を「{}」より後にしてください。",
                        title(*before).ja,
                        before_at.human(crate::Lang::Ja, false),
                        step.title.ja,
                        step.at.human(crate::Lang::Ja, false),
                        step.title.ja,
                        title(*before).ja,
                    ),
                    format!(
                        "“{}” ({}) comes after “{}” ({}): move “{}” after “{}”.",
                        title(*before).en,
                        before_at.human(crate::Lang::En, false),
                        step.title.en,
                        step.at.human(crate::Lang::En, false),
                        step.title.en,
                        title(*before).en,
                    ),
                ));
            }
        }
    }
}

pub(super) fn issue(
    code: &'static str,
    severity: Severity,
    ja: String,
    en: String,
) -> ScheduleIssue {
    ScheduleIssue {
        code,
        severity,
        message: Message { ja, en },
    }
}

/// The TTL was lowered too late: resolvers keep the old MX for today's TTL after the
/// cutover.
pub(super) fn ttl_lead_issue(
    lead_minutes: i64,
    current_ttl: u32,
    lower_by: DateTime,
) -> ScheduleIssue {
    issue(
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
    )
}

/// Steps before `now`. A step the planner placed in the past means the cutover is too
/// close for the lead time: one error naming the earliest cutover that leaves it (which
/// is returned), not a warning per step. A moment the user set by hand is theirs to
/// move: a warning each.
pub(super) fn past_step_issues(
    plan: &Plan,
    steps: &[PlanStep],
    now: DateTime,
    actual_cutover: DateTime,
    current_ttl: u32,
    issues: &mut Vec<ScheduleIssue>,
) -> Option<DateTime> {
    let mut earliest_safe_cutover = None;
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
    earliest_safe_cutover
}

/// The cutover moment's risk, unless it is low.
pub(super) fn risk_issue(risk: &Risk) -> Option<ScheduleIssue> {
    if risk.level == RiskLevel::Low {
        return None;
    }
    Some(issue(
        "cutover-risk",
        if risk.level == RiskLevel::High {
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
    ))
}
