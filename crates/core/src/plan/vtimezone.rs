//! The VTIMEZONE of a plan's zone (RFC 5545 §3.6.5), from the zone's POSIX rule.
//!
//! A zone without daylight saving time gets one STANDARD block. A zone with it gets a
//! STANDARD and a DAYLIGHT block, each the yearly change as an RRULE, with DTSTART
//! the change's local time before it happens (what RFC 5545 asks, and what POSIX rule
//! times already are) in 1970, the year most calendar software starts its zones in.
//! The rule is the zone's current one (see `calendar::zone`), so it only holds for
//! recent and future years, which is all a plan's events use.

use crate::calendar::{Date, RuleDay, TransitionRule, Zone};

/// The year of DTSTART for rules that repeat yearly.
const RRULE_FROM: i32 = 1970;
const DAY: i64 = 86_400;

/// The VTIMEZONE lines for `zone`; `years` are the years the events fall in, used only
/// for a change that an RRULE cannot express (then each year's change is listed).
pub(super) fn vtimezone(zone: &Zone, years: (i32, i32)) -> Vec<String> {
    let rule = zone.rule();
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", zone.name()),
    ];
    match &rule.dst {
        None => observance(
            &mut lines,
            "STANDARD",
            vec!["DTSTART:19700101T000000".to_owned()],
            (rule.std_offset, rule.std_offset),
            &rule.std_name,
        ),
        Some(dst) => {
            let end = onsets(dst.end, years);
            observance(
                &mut lines,
                "STANDARD",
                end,
                (dst.offset, rule.std_offset),
                &rule.std_name,
            );
            let start = onsets(dst.start, years);
            observance(
                &mut lines,
                "DAYLIGHT",
                start,
                (rule.std_offset, dst.offset),
                &dst.name,
            );
        }
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

fn observance(
    lines: &mut Vec<String>,
    kind: &str,
    onset: Vec<String>,
    (from, to): (i32, i32),
    name: &str,
) {
    lines.push(format!("BEGIN:{kind}"));
    lines.extend(onset);
    lines.push(format!("TZOFFSETFROM:{}", utc_offset(from)));
    lines.push(format!("TZOFFSETTO:{}", utc_offset(to)));
    lines.push(format!("TZNAME:{name}"));
    lines.push(format!("END:{kind}"));
}

/// DTSTART and RRULE of a yearly change, or DTSTART and RDATE for each of `years`
/// when no RRULE says it.
fn onsets(change: TransitionRule, years: (i32, i32)) -> Vec<String> {
    if let Some(rrule) = rrule(change) {
        return vec![format!("DTSTART:{}", onset(change, RRULE_FROM)), rrule];
    }
    let (first, last) = (years.0.min(years.1), years.0.max(years.1));
    let mut lines = vec![format!("DTSTART:{}", onset(change, first))];
    if last > first {
        let dates: Vec<String> = (first + 1..=last).map(|year| onset(change, year)).collect();
        lines.push(format!("RDATE:{}", dates.join(",")));
    }
    lines
}

/// The local moment of `change` in `year`, `YYYYMMDDTHHMMSS`.
fn onset(change: TransitionRule, year: i32) -> String {
    let seconds = change.day.days_since_epoch(year) * DAY + i64::from(change.time);
    let date = Date::from_days_since_epoch(seconds.div_euclid(DAY)).unwrap_or(Date::MIN);
    let in_day = seconds.rem_euclid(DAY);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        date.year,
        date.month,
        date.day,
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

/// `FREQ=YEARLY;BYMONTH=m;BYDAY=…` for an `Mm.w.d` change, if one says it.
///
/// A time past midnight either way (`/-1`, `/24`, `/50`) moves the change to another
/// weekday: week `w` of Sunday at `/-1` is the Saturday on days 7w-7 … 7w-1, which
/// RFC 5545 writes as `BYDAY=SA;BYMONTHDAY=…`. When those days leave the month (the
/// Friday after October's last Thursday can be 1 November) there is no RRULE.
fn rrule(change: TransitionRule) -> Option<String> {
    const DAYS: [&str; 7] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
    let RuleDay::MonthWeekDay {
        month,
        week,
        weekday,
    } = change.day
    else {
        return None;
    };
    let shift = i64::from(change.time).div_euclid(DAY);
    let day = DAYS[(i64::from(weekday) + shift).rem_euclid(7) as usize];
    let head = format!("RRULE:FREQ=YEARLY;BYMONTH={month}");
    if shift == 0 {
        let nth = if week == 5 { -1 } else { i64::from(week) };
        return Some(format!("{head};BYDAY={nth}{day}"));
    }
    // The days the shifted change can fall on; from the month's end for the last week
    // (-1 is the last day), so month length does not matter.
    let (first, last) = if week == 5 {
        (-7 + shift, -1 + shift)
    } else {
        (
            7 * (i64::from(week) - 1) + 1 + shift,
            7 * i64::from(week) + shift,
        )
    };
    let fits = if week == 5 {
        first >= -28 && last <= -1
    } else {
        first >= 1 && last <= 28
    };
    fits.then(|| {
        let days: Vec<String> = (first..=last).map(|d| d.to_string()).collect();
        format!("{head};BYDAY={day};BYMONTHDAY={}", days.join(","))
    })
}

/// `+0900`, `-0330`, or `+054500` when there are seconds (RFC 5545 §3.3.14).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    if s.is_multiple_of(60) {
        format!("{sign}{:02}{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}
