//! How risky a moment is for the MX cutover, in a Japanese business calendar.
//!
//! A cutover is best done when little mail is in flight but someone is in the office
//! the next business day to test and fix: a weekday evening (18:00–21:00), a Friday
//! evening or a Saturday morning. Each rule below adds a weighted [`RiskReason`]; the
//! score is their sum capped at 100, so the reasons explain the score exactly.
//!
//! Everything here is local wall-clock time (the caller converts from its zone), and
//! holidays are known only for 2000–2099 ([`super::holidays`]).

use serde::{Deserialize, Serialize};

use super::date::{Date, DateTime, Weekday};
use super::holidays::holiday;
use crate::Message;
use crate::Text;

// Weights. Medium starts at 30 and High at 60, so a weight says on its own how bad a
// rule is: 60+ alone makes a moment High, 30+ alone Medium.

/// Nobody is in the office on the day, so a broken route is found only after the
/// holiday, with the senders' retries already piling up: High on its own.
const W_PUBLIC_HOLIDAY: u8 = 60;
/// 年末年始 (12-28..01-04): most offices are closed for about a week. Problems go
/// unseen for days, long enough for some senders to give up retrying and bounce.
const W_YEAR_END: u8 = 50;
/// ゴールデンウィーク (04-29..05-06): the same effect, usually a little shorter.
const W_GOLDEN_WEEK: u8 = 40;
/// お盆 (08-13..08-16): many companies close, but not all, so less than the others.
const W_OBON: u8 = 30;
/// 年度末 (03-25..03-30): the Japanese fiscal year ends 31 March; closing the books,
/// invoices and personnel changes all travel by mail in the last week.
const W_FISCAL_YEAR_END: u8 = 35;
/// 03-31 itself: the busiest closing day, and 1 April brings new staff and accounts.
const W_FISCAL_YEAR_LAST_DAY: u8 = 50;
/// 月末 (the last two business days of a month): invoices and payment notices are due
/// then, and a lost one costs money; Medium on its own.
const W_MONTH_END: u8 = 30;
/// Sunday: quiet, but nobody is around until Monday morning, when the backlog and
/// any problem arrive together.
const W_SUNDAY: u8 = 20;
/// Saturday afternoon or evening: less buffer than Saturday morning before the week
/// starts, and whoever did the cutover has gone home; minor.
const W_SATURDAY_LATE: u8 = 10;
/// 9:00–18:00 on a business day: mail is flowing, so messages are in flight during
/// the switch and users see the change while they work.
const W_BUSINESS_HOURS: u8 = 35;
/// 0:00–6:00: little mail, but no one is awake to notice or fix a problem.
const W_LATE_NIGHT: u8 = 30;
/// The cutover is followed by three or more days nobody works (a long weekend, a
/// holiday bridge): problems surface when no one is there to fix them.
const W_BEFORE_LONG_WEEKEND: u8 = 30;
/// The user told us this period is busy for them; staff will not have time to test.
const W_BUSY_PERIOD: u8 = 40;

/// How many consecutive days off after a cutover make a "long weekend": a normal
/// Saturday and Sunday is fine, one more day is not.
const LONG_WEEKEND_DAYS: u32 = 3;
/// A new plan's cutover is at least this many days after "now" ([`default_cutover`]):
/// a week leaves time to lower the TTL and prepare the accounts.
pub const DEFAULT_CUTOVER_LEAD_DAYS: i64 = 7;
/// The hour of a default cutover: the middle of the 18:00–20:00 evening slot.
const DEFAULT_CUTOVER_HOUR: u8 = 19;
/// How far [`default_cutover`] looks for a clean evening before it settles for the
/// least risky one: longer than the longest run of closed or flagged days in a year.
const DEFAULT_SEARCH_DAYS: i64 = 120;
/// The seasons many offices close for: a default cutover is never on the eve of one.
const SEASONS: [&str; 3] = ["year-end", "golden-week", "obon"];
/// How far [`better_slots`] looks either side of the moment, in days.
const SEARCH_DAYS: i64 = 14;

/// A period the user says is busy (inclusive of both ends).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusyPeriod {
    /// The first busy day.
    pub start: Date,
    /// The last busy day (inclusive). A period ending before it starts covers nothing.
    pub end: Date,
    /// The user's name for it ("決算", "Trade show"), quoted back in the reason.
    pub label: String,
}

/// How bad a moment is, bucketed for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskLevel {
    /// Score below 30: a good moment.
    Low,
    /// Score 30–59: workable, with care.
    Medium,
    /// Score 60 or more: choose another moment if at all possible.
    High,
}

impl RiskLevel {
    /// The level of a 0–100 score: Low < 30 ≤ Medium < 60 ≤ High.
    pub fn from_score(score: u8) -> RiskLevel {
        match score {
            0..30 => RiskLevel::Low,
            30..60 => RiskLevel::Medium,
            _ => RiskLevel::High,
        }
    }

    /// The level's label.
    pub fn label(self) -> Text {
        match self {
            RiskLevel::Low => Text {
                ja: "低",
                en: "Low",
            },
            RiskLevel::Medium => Text {
                ja: "中",
                en: "Medium",
            },
            RiskLevel::High => Text {
                ja: "高",
                en: "High",
            },
        }
    }

    /// The level in words, for a moment offered to the user: `リスク低` / `Low risk`.
    pub fn in_words(self) -> Text {
        match self {
            RiskLevel::Low => Text {
                ja: "リスク低",
                en: "Low risk",
            },
            RiskLevel::Medium => Text {
                ja: "リスク中",
                en: "Medium risk",
            },
            RiskLevel::High => Text {
                ja: "リスク高",
                en: "High risk",
            },
        }
    }
}

/// One thing that makes a moment worse, and by how much.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RiskReason {
    /// A stable kebab-case key (`public-holiday`, `year-end`, `golden-week`, `obon`,
    /// `fiscal-year-end`, `month-end`, `weekend`, `business-hours`, `late-night`,
    /// `busy-period`, `before-long-weekend`). Tests and the UI key on this, never on
    /// the message.
    pub code: &'static str,
    /// Points added to the score.
    pub weight: u8,
    /// The explanation, naming the holiday or busy period where there is one.
    pub message: Message,
}

/// The assessment of one moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// 0 (ideal) to 100 (worst): the sum of the reasons' weights, capped at 100.
    pub score: u8,
    /// The score's bucket.
    pub level: RiskLevel,
    /// Why, heaviest first.
    pub reasons: Vec<RiskReason>,
}

/// Whether people are at work on `date`: a weekday that is not a public holiday and
/// not in 12-29..01-03, the year-end closure most companies keep (it is the legal
/// closure of government offices, 行政機関の休日に関する法律 第1条).
pub fn is_business_day(date: Date) -> bool {
    let year_end_closure =
        (date.month == 12 && date.day >= 29) || (date.month == 1 && date.day <= 3);
    !date.weekday().is_weekend() && !year_end_closure && holiday(date).is_none()
}

fn message(ja: String, en: String) -> Message {
    Message { ja, en }
}

/// Assesses `moment` (local time) for a cutover, given the user's busy periods.
pub fn assess(moment: DateTime, busy: &[BusyPeriod]) -> Risk {
    let mut reasons = Vec::new();
    let date = moment.date;
    let business_day = is_business_day(date);
    calendar_reasons(date, business_day, &mut reasons);
    time_of_week_reasons(moment, business_day, &mut reasons);
    let days_off = days_off_after(date, business_day);
    if days_off >= LONG_WEEKEND_DAYS {
        reasons.push(RiskReason {
            code: "before-long-weekend",
            weight: W_BEFORE_LONG_WEEKEND,
            message: message(
                format!("切り替え後、{days_off}日間の連休が続きます。問題が起きても休み明けまで対応できません。"),
                format!("{days_off} days off follow the cutover: problems would wait until everyone is back."),
            ),
        });
    }
    for period in busy.iter().filter(|p| p.start <= date && date <= p.end) {
        reasons.push(RiskReason {
            code: "busy-period",
            weight: W_BUSY_PERIOD,
            message: message(
                format!(
                    "ご指定の繁忙期「{}」（{}〜{}）に当たります。",
                    period.label, period.start, period.end
                ),
                format!(
                    "It falls in your busy period “{}” ({} to {}).",
                    period.label, period.start, period.end
                ),
            ),
        });
    }

    // Stable: equal weights keep the order above, so the output is deterministic.
    crate::sort::sort_by_key(&mut reasons, |r| std::cmp::Reverse(r.weight));
    let total: u32 = reasons.iter().map(|r| u32::from(r.weight)).sum();
    let score = total.min(100) as u8;
    Risk {
        score,
        level: RiskLevel::from_score(score),
        reasons,
    }
}

/// What the day is: a public holiday, a holiday season, the end of the fiscal year or
/// of a month.
fn calendar_reasons(date: Date, business_day: bool, reasons: &mut Vec<RiskReason>) {
    let (month, day) = (date.month, date.day);
    if let Some(h) = holiday(date) {
        let name = h.name();
        reasons.push(RiskReason {
            code: "public-holiday",
            weight: W_PUBLIC_HOLIDAY,
            message: message(
                format!("{}（祝日）です。社内に人がおらず、問題が起きても休み明けまで対応できません。", name.ja),
                format!(
                    "It is {}, a public holiday: nobody is in the office to fix problems until it is over.",
                    name.en
                ),
            ),
        });
    }
    if (month == 12 && day >= 28) || (month == 1 && day <= 4) {
        reasons.push(RiskReason {
            code: "year-end",
            weight: W_YEAR_END,
            message: message(
                "年末年始です。休業中に問題が起きると数日間気づかれず、送信側の再送も滞留します。".into(),
                "It is the year-end holiday season: a problem may go unnoticed for days while senders' retries pile up.".into(),
            ),
        });
    }
    if (month == 4 && day >= 29) || (month == 5 && day <= 6) {
        reasons.push(RiskReason {
            code: "golden-week",
            weight: W_GOLDEN_WEEK,
            message: message(
                "ゴールデンウィークです。休業中の会社が多く、問題への対応が遅れます。".into(),
                "It is Golden Week: many offices are closed, so problems wait.".into(),
            ),
        });
    }
    if month == 8 && (13..=16).contains(&day) {
        reasons.push(RiskReason {
            code: "obon",
            weight: W_OBON,
            message: message(
                "お盆休みの時期です。休業中の会社が多く、問題への対応が遅れます。".into(),
                "It is Obon: many offices are closed, so problems wait.".into(),
            ),
        });
    }
    let fiscal_year_end = month == 3 && day >= 25;
    if fiscal_year_end {
        let last_day = day == 31;
        reasons.push(RiskReason {
            code: "fiscal-year-end",
            weight: if last_day { W_FISCAL_YEAR_LAST_DAY } else { W_FISCAL_YEAR_END },
            message: if last_day {
                message(
                    "年度末の最終日です。決算や請求のメールが集中し、翌日から新年度の人事異動も始まります。".into(),
                    "It is the last day of the fiscal year: closing and invoice mail peaks, and the new year's staff changes start tomorrow.".into(),
                )
            } else {
                message(
                    "年度末です。決算や請求のメールが集中します。".into(),
                    "It is the end of the fiscal year: closing and invoice mail peaks.".into(),
                )
            },
        });
    }
    // In late March the fiscal-year-end reason already covers the month end.
    if !fiscal_year_end && business_day && is_last_two_business_days(date) {
        reasons.push(RiskReason {
            code: "month-end",
            weight: W_MONTH_END,
            message: message(
                "月末の最終2営業日です。請求書や支払通知のメールが集中します。".into(),
                "It is one of the last two business days of the month, when invoices and payment notices arrive.".into(),
            ),
        });
    }
}

/// What the hour and the weekday are: a weekend, business hours, late at night.
fn time_of_week_reasons(moment: DateTime, business_day: bool, reasons: &mut Vec<RiskReason>) {
    let hour = moment.hour;
    match moment.date.weekday() {
        Weekday::Sunday => reasons.push(RiskReason {
            code: "weekend",
            weight: W_SUNDAY,
            message: message(
                "日曜日です。問題が起きても月曜の朝まで誰も気づきません。".into(),
                "It is a Sunday: nobody will notice a problem until Monday morning.".into(),
            ),
        }),
        Weekday::Saturday if hour >= 12 => reasons.push(RiskReason {
            code: "weekend",
            weight: W_SATURDAY_LATE,
            message: message(
                "土曜の午後以降です。土曜の朝か平日の夜のほうが、確認の時間を取れます。".into(),
                "It is Saturday afternoon or later: a Saturday morning or a weekday evening leaves more time to check.".into(),
            ),
        }),
        _ => {}
    }
    if business_day && (9..18).contains(&hour) {
        reasons.push(RiskReason {
            code: "business-hours",
            weight: W_BUSINESS_HOURS,
            message: message(
                "業務時間中（9〜18時）です。切り替え中に送受信中のメールがあり、利用者にも影響が見えます。".into(),
                "It is during business hours (9:00–18:00): mail is in flight during the switch and users see the change.".into(),
            ),
        });
    }
    if hour < 6 {
        reasons.push(RiskReason {
            code: "late-night",
            weight: W_LATE_NIGHT,
            message: message(
                "深夜（0〜6時）です。問題が起きても気づいて対応できる人がいません。".into(),
                "It is late at night (0:00–6:00): nobody is awake to notice or fix a problem."
                    .into(),
            ),
        });
    }
}

/// Whether `date` (a business day) is one of the last two business days of its month.
fn is_last_two_business_days(date: Date) -> bool {
    let mut day = date.last_of_month();
    let mut found = 0;
    // A month always has two business days in its last ten days, so this is bounded.
    while found < 2 && day.month == date.month {
        if is_business_day(day) {
            if day == date {
                return true;
            }
            found += 1;
        }
        match day.checked_add_days(-1) {
            Some(previous) => day = previous,
            None => break,
        }
    }
    false
}

/// How many days in a row nobody works, from the cutover until the next business day:
/// counted from the day after a business day (its staff are there on the day), and
/// from the day itself when it is a day off.
fn days_off_after(date: Date, business_day: bool) -> u32 {
    let mut day = if business_day {
        date.checked_add_days(1)
    } else {
        Some(date)
    };
    let mut count = 0;
    // The longest real run is the year-end closure plus a weekend (about ten days);
    // the cap only guards the loop. Past 9999-12-31 there is nothing left to count.
    while let Some(d) = day.filter(|&d| count < 31 && !is_business_day(d)) {
        count += 1;
        day = d.checked_add_days(1);
    }
    count
}

/// The `count` best alternatives to `moment`, strictly better than it.
///
/// Candidates are every day within ±14 days at 18:00, 19:00 and 20:00 (after business
/// hours, while staff are still reachable), plus 09:00 on Saturdays (low volume, and
/// the rest of the weekend to check), and only those within 14 × 24 hours of `moment`.
/// That is at most 29 × 3 + 5 = 92 assessments. Candidates before `moment` are
/// included: the caller knows whether they are already past.
///
/// Sorted by score, then by closeness to `moment` (a nearby slot disturbs the plan
/// least), then chronologically.
pub fn better_slots(moment: DateTime, busy: &[BusyPeriod], count: usize) -> Vec<(DateTime, Risk)> {
    if count == 0 {
        return Vec::new();
    }
    let current = assess(moment, busy).score;
    let origin = moment.minutes_since_epoch();
    let limit = SEARCH_DAYS * 24 * 60;
    let mut found = Vec::new();
    for offset in -SEARCH_DAYS..=SEARCH_DAYS {
        let Some(date) = moment.date.checked_add_days(offset) else {
            continue;
        };
        let saturday_morning = (date.weekday() == Weekday::Saturday).then_some(9);
        for hour in [18, 19, 20].into_iter().chain(saturday_morning) {
            let slot = DateTime {
                date,
                hour,
                minute: 0,
            };
            let distance = (slot.minutes_since_epoch() - origin).abs();
            if distance > limit {
                continue;
            }
            let risk = assess(slot, busy);
            if risk.score < current {
                found.push((distance, slot, risk));
            }
        }
    }
    crate::sort::sort_by_key(&mut found, |(distance, slot, risk)| {
        (risk.score, *distance, *slot)
    });
    found
        .into_iter()
        .take(count)
        .map(|(_, slot, risk)| (slot, risk))
        .collect()
}

/// The cutover a new plan proposes: the first Tuesday, Wednesday or Thursday at 19:00
/// at least [`DEFAULT_CUTOVER_LEAD_DAYS`] after `now` (local time) that [`assess`]
/// finds nothing against (no holiday, year-end, Golden Week, Obon, month or fiscal
/// year end, busy period, long weekend after) and whose next day is a business day
/// outside those seasons, so someone is at work the morning after. Should none be found within
/// `DEFAULT_SEARCH_DAYS`, the least risky such evening, the earliest of equals.
pub fn default_cutover(now: DateTime, busy: &[BusyPeriod]) -> DateTime {
    let earliest = now.checked_add_minutes(DEFAULT_CUTOVER_LEAD_DAYS * 24 * 60);
    let Some(earliest) = earliest else {
        return now;
    };
    let mut best: Option<(u8, DateTime)> = None;
    for offset in 0..=DEFAULT_SEARCH_DAYS {
        let Some(date) = earliest.date.checked_add_days(offset) else {
            break;
        };
        let slot = DateTime {
            date,
            hour: DEFAULT_CUTOVER_HOUR,
            minute: 0,
        };
        let midweek = matches!(
            date.weekday(),
            Weekday::Tuesday | Weekday::Wednesday | Weekday::Thursday
        );
        if slot < earliest || !midweek {
            continue;
        }
        let next_day_at_work = date.checked_add_days(1).is_some_and(|next| {
            is_business_day(next)
                && !assess(DateTime { date: next, ..slot }, busy)
                    .reasons
                    .iter()
                    .any(|reason| SEASONS.contains(&reason.code))
        });
        let score = assess(slot, busy).score;
        if score == 0 && next_day_at_work {
            return slot;
        }
        // The fallback: a next day off counts as the before-a-holiday risk.
        let score = score.saturating_add(if next_day_at_work {
            0
        } else {
            W_BEFORE_LONG_WEEKEND
        });
        if best.is_none_or(|(least, _)| score < least) {
            best = Some((score, slot));
        }
    }
    best.map_or(earliest, |(_, slot)| slot)
}
