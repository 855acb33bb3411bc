//! What is wrong with a schedule: steps out of their dependency order, accounts
//! that lose mail at the cutover, a cutover at a clock change. Split from
//! `schedule.rs`, which computes the dates.

use super::Plan;
use super::schedule::{PlanStep, ScheduleIssue, StepId, title};
use crate::Message;
use crate::calendar::{DateTime, LocalResult};
use crate::findings::Severity;

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
