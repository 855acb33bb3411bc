//! The dated schedule: the seed's steps (add the domain, verify it with MX untouched,
//! lower the MX TTL early enough, create every account, cut over, test at once, watch
//! the old inbox, move old mail, restore the TTL, tighten SPF/DMARC, keep the old
//! service until a computed date), ordered by their dependencies, each on a moment
//! that follows from the cutover and the TTLs; and what is wrong with the user's
//! choices.

use serde::{Deserialize, Serialize};

use super::Plan;
use super::acceptance::acceptance_issues;
use super::checks::{
    accounts_issues, check_order, clock_change_issue, depends_on, issue, past_step_issues,
    risk_issue, ttl_lead_issue,
};
use super::placement::{
    at_morning_before, business_morning_on_or_after, business_morning_on_or_before,
    keep_needs_first,
};
use super::step_text::{details, title};
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
pub(super) const SENDER_QUEUE_DAYS: i64 = 5;

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
    /// Whether the step must wait (the MX switch, while the new server refuses an
    /// address that must exist: `mx-held-address-refused`).
    pub held: bool,
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
    /// `cutover-clock-change`, `accounts-undecided`, `mx-held-address-refused`,
    /// `address-acceptance-unknown`, `address-acceptance-outdated`.
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
    let mut issues = Vec::new();
    let current_ttl = current_mx_ttl(plan, &mut issues);
    // The lowered TTL must be published a whole old TTL before the cutover, so that
    // no resolver still holds the old MX with the long TTL when MX changes. TTLs run in
    // real time, so durations from them go through the zone (`Plan::later`); days and
    // weeks are calendar days.
    let lower_by = plan.later(plan.cutover, -(i64::from(current_ttl) / 60 + 60));
    let mut steps = Steps {
        plan,
        list: Vec::new(),
    };
    steps.until_cutover(lower_by);
    let actual_cutover = plan
        .overrides
        .get(&StepId::Cutover)
        .copied()
        .unwrap_or(plan.cutover);
    steps.push(
        StepId::TestMail,
        plan.later(actual_cutover, 15),
        Some(plan.later(actual_cutover, 60)),
        None,
    );
    let old_mx = OldMx::after(plan, &steps.list, actual_cutover, lower_by, current_ttl);
    steps.after_cutover(actual_cutover, &old_mx);
    let mut steps = steps.list;

    let lowered_ttl = plan.lowered_mx_ttl();
    for step in &mut steps {
        step.details = details(
            step.id,
            plan,
            current_ttl,
            lowered_ttl,
            old_mx.effective_ttl,
        );
    }
    check_order(&steps, &mut issues);
    if !old_mx.in_time {
        issues.push(ttl_lead_issue(old_mx.lead_minutes, current_ttl, lower_by));
    }
    let earliest_safe_cutover = now.and_then(|now| {
        past_step_issues(plan, &steps, now, actual_cutover, current_ttl, &mut issues)
    });
    accounts_issues(plan, &mut issues);
    if acceptance_issues(plan, &mut issues) {
        for step in steps.iter_mut().filter(|step| step.id == StepId::Cutover) {
            step.held = true;
        }
    }
    clock_change_issue(plan, actual_cutover, &mut issues);
    let risk = assess(actual_cutover, &plan.busy);
    // Offered as moments to switch to, so none already past.
    let mut better = better_slots(actual_cutover, &plan.busy, usize::MAX);
    better.retain(|(at, _)| now.is_none_or(|now| *at > now));
    better.truncate(3);
    issues.extend(risk_issue(&risk));
    crate::sort::sort_by_key(&mut steps, |step| (step.at, step.id));
    let years_shown = shows_years(now, actual_cutover, &steps, &better);
    Schedule {
        steps,
        issues,
        risk,
        better_slots: better,
        old_mx_possible_until: old_mx.possible_until,
        safe_from: old_mx.safe_from,
        earliest_safe_cutover,
        years_shown,
    }
}

/// Today's MX TTL; when it is unknown, [`ASSUMED_TTL`] and an issue that says so.
fn current_mx_ttl(plan: &Plan, issues: &mut Vec<ScheduleIssue>) -> u32 {
    plan.current_mx_ttl.unwrap_or_else(|| {
        issues.push(issue(
            "ttl-unknown",
            Severity::Warning,
            format!("今の MX の TTL が分からないため、{ASSUMED_TTL} 秒(1 日)と仮定しています。ドメインチェックで確認すると日程が短くなることがあります。"),
            format!("Today's MX TTL is unknown, so {ASSUMED_TTL} s (a day) is assumed. Checking the domain may shorten the schedule."),
        ));
        ASSUMED_TTL
    })
}

/// How long resolvers may still hand out the old MX after the cutover.
struct OldMx {
    /// Minutes from lowering the TTL to the cutover.
    lead_minutes: i64,
    /// Whether the TTL was lowered a whole old TTL before the cutover.
    in_time: bool,
    /// The TTL resolvers hold the old MX for: the lowered one when it was lowered in
    /// time, else today's.
    effective_ttl: u32,
    /// The last moment a resolver may hand out the old MX.
    possible_until: DateTime,
    /// That moment plus the monitor's margin.
    safe_from: DateTime,
}

impl OldMx {
    /// Resolvers hand out the old MX at most one TTL after the change: the lowered TTL
    /// when it was lowered in time, else the old one.
    fn after(
        plan: &Plan,
        steps: &[PlanStep],
        actual_cutover: DateTime,
        lower_by: DateTime,
        current_ttl: u32,
    ) -> OldMx {
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
        let effective_ttl = if in_time {
            plan.lowered_mx_ttl()
        } else {
            current_ttl
        };
        let possible_until = plan.later(actual_cutover, i64::from(effective_ttl.div_ceil(60)));
        OldMx {
            lead_minutes,
            in_time,
            effective_ttl,
            possible_until,
            safe_from: plan.later(possible_until, (WATCH_MARGIN / 60) as i64),
        }
    }
}

/// The steps as they are placed, before their details and their order in time.
struct Steps<'a> {
    plan: &'a Plan,
    list: Vec<PlanStep>,
}

impl Steps<'_> {
    /// Adds a step at `at`, or at the moment the user set for it.
    fn push(
        &mut self,
        id: StepId,
        at: DateTime,
        until: Option<DateTime>,
        records: Option<RecordStep>,
    ) {
        let overridden = self.plan.overrides.get(&id).copied();
        self.list.push(PlanStep {
            id,
            at: overridden.unwrap_or(at),
            until,
            overridden: overridden.is_some(),
            held: false,
            title: title(id),
            details: Vec::new(),
            depends_on: depends_on(id).to_vec(),
            records,
        });
    }

    /// The preparation, counted back from the planned cutover, and the cutover.
    fn until_cutover(&mut self, lower_by: DateTime) {
        let cutover = self.plan.cutover;
        let busy = self.plan.busy.as_slice();
        let before = |days: i64| business_morning_on_or_before(cutover.date.add_days(-days), busy);
        let verify_day = before(7);
        self.push(StepId::AddDomain, verify_day, None, None);
        self.push(
            StepId::Verify,
            verify_day.add_minutes(30),
            None,
            Some(RecordStep::Verification),
        );
        self.push(
            StepId::PrepareRecords,
            before(5),
            None,
            Some(RecordStep::BeforeCutover),
        );
        self.push(
            StepId::LowerTtl,
            at_morning_before(lower_by, busy),
            None,
            Some(RecordStep::LowerTtl),
        );
        self.push(StepId::CreateAccounts, before(3), None, None);
        self.push(StepId::NotifyUsers, before(2), None, None);
        self.push(StepId::Cutover, cutover, None, Some(RecordStep::Cutover));
        // Closed days move the steps earlier by different amounts, so one can land
        // before what it needs (records before the verification): it then follows
        // half an hour after it, the same day.
        keep_needs_first(&mut self.list);
    }

    /// What follows the cutover that took place, counted from it and from the old
    /// MX's last possible answer.
    fn after_cutover(&mut self, actual_cutover: DateTime, old_mx: &OldMx) {
        let plan = self.plan;
        let busy = plan.busy.as_slice();
        self.push(
            StepId::MoveOldMail,
            plan.later(actual_cutover, 60),
            Some(old_mx.safe_from),
            None,
        );
        self.push(
            StepId::WatchOldInbox,
            actual_cutover,
            Some(old_mx.safe_from),
            None,
        );
        let after_safe = business_morning_on_or_after(old_mx.safe_from, busy);
        self.push(StepId::FinalSync, after_safe, None, None);
        self.push(
            StepId::RestoreTtl,
            after_safe.add_minutes(30),
            None,
            Some(RecordStep::RestoreTtl),
        );
        self.push(
            StepId::TightenDmarc,
            business_morning_on_or_after(
                actual_cutover.add_minutes(i64::from(plan.options.dmarc_weeks) * 7 * 24 * 60),
                busy,
            ),
            None,
            Some(RecordStep::Tighten),
        );
        let keep_until = plan
            .later(old_mx.possible_until, SENDER_QUEUE_DAYS * 24 * 60)
            .max(actual_cutover.add_minutes(i64::from(plan.options.keep_old_days) * 24 * 60));
        self.push(
            StepId::CancelOldService,
            business_morning_on_or_after(keep_until, busy),
            None,
            Some(RecordStep::AfterOldService),
        );
    }
}

/// A static `Text` on the wire, as the `Message` every other text is.
fn text_as_message<S: serde::Serializer>(text: &Text, serializer: S) -> Result<S::Ok, S::Error> {
    Message::from(*text).serialize(serializer)
}
