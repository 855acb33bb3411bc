//! Where the planner puts steps: 10:00 on days the company works (no weekend, public
//! holiday, 12/29–1/3 or busy period), each after the steps it needs, and the earliest
//! cutover that leaves the preparation its lead time.

use super::Plan;
use super::schedule::{PlanStep, StepId};
use crate::calendar::{BusyPeriod, Date, DateTime, assess, is_business_day};

/// Staff steps happen at 10:00 on a business day.
const MORNING: u8 = 10;

/// Moves each step the planner placed (not one set by hand) to half an hour after
/// the steps it needs, when it landed before them. `steps` are in the order they were
/// placed, every step after the ones it needs, so one pass suffices.
pub(super) fn keep_needs_first(steps: &mut [PlanStep]) {
    for index in 0..steps.len() {
        if steps[index].overridden || steps[index].id == StepId::Cutover {
            continue;
        }
        let needs_done_by = steps[index]
            .depends_on
            .iter()
            .filter_map(|need| steps[..index].iter().find(|step| step.id == *need))
            .map(|need| need.at.add_minutes(30))
            .max();
        if let Some(after) = needs_done_by
            && steps[index].at < after
        {
            steps[index].at = after;
        }
    }
}

/// The first preparation moment the planner places for a cutover at `cutover`: adding
/// the domain a week before, or lowering the TTL a whole TTL before, whichever is
/// earlier.
fn first_preparation(plan: &Plan, cutover: DateTime, current_ttl: u32) -> DateTime {
    let busy = plan.busy.as_slice();
    let add_domain = business_morning_on_or_before(cutover.date.add_days(-7), busy);
    let lower_by = plan.later(cutover, -(i64::from(current_ttl) / 60 + 60));
    add_domain.min(at_morning_before(lower_by, busy))
}

/// The earliest cutover, at the plan's time of day, whose preparation starts after
/// `now`: a low-risk one within four months if there is one, else the first with
/// enough lead time.
pub(super) fn earliest_cutover(plan: &Plan, now: DateTime, current_ttl: u32) -> Option<DateTime> {
    let candidates = (0..120).filter_map(|offset| {
        DateTime::new(
            now.date.add_days(offset),
            plan.cutover.hour,
            plan.cutover.minute,
        )
        .filter(|at| first_preparation(plan, *at, current_ttl) >= now)
    });
    let mut first = None;
    for at in candidates {
        first.get_or_insert(at);
        if assess(at, &plan.busy).level == crate::calendar::RiskLevel::Low {
            return Some(at);
        }
    }
    first
}

/// Whether the company works on `day`: a business day (no weekend, public holiday or
/// 12/29–1/3) outside the user's busy periods.
fn open_day(day: Date, busy: &[BusyPeriod]) -> bool {
    is_business_day(day)
        && !busy
            .iter()
            .any(|period| period.start <= day && day <= period.end)
}

/// The nearest open day from `date` in the direction `step` (−1 or +1). Busy periods
/// longer than the search are given up on rather than the schedule: then only
/// business days count.
fn nearest_open_day(date: Date, step: i64, busy: &[BusyPeriod]) -> Date {
    let search = |busy: &[BusyPeriod], days: i64| {
        (0..days)
            .map(|offset| date.add_days(offset * step))
            .find(|day| open_day(*day, busy))
    };
    search(busy, 90).or_else(|| search(&[], 30)).unwrap_or(date)
}

/// 10:00 on the last open day on or before `date`.
pub(super) fn business_morning_on_or_before(date: Date, busy: &[BusyPeriod]) -> DateTime {
    DateTime {
        date: nearest_open_day(date, -1, busy),
        hour: MORNING,
        minute: 0,
    }
}

/// The last open-day 10:00 not after `moment`.
pub(super) fn at_morning_before(moment: DateTime, busy: &[BusyPeriod]) -> DateTime {
    let same_day = business_morning_on_or_before(moment.date, busy);
    if same_day <= moment {
        same_day
    } else {
        business_morning_on_or_before(moment.date.add_days(-1), busy)
    }
}

/// The first open-day 10:00 not before `moment`.
pub(super) fn business_morning_on_or_after(moment: DateTime, busy: &[BusyPeriod]) -> DateTime {
    let mut day = moment.date;
    if moment.hour > MORNING || (moment.hour == MORNING && moment.minute > 0) {
        day = day.add_days(1);
    }
    DateTime {
        date: nearest_open_day(day, 1, busy),
        hour: MORNING,
        minute: 0,
    }
}
