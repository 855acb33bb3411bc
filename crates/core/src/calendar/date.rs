//! Civil dates and local wall-clock moments, without a clock or a time zone.
//!
//! Core may not read the clock (the crate invariant), and the holiday and risk rules
//! only need calendar arithmetic, so a tiny proleptic Gregorian date is enough and
//! keeps chrono/jiff out of the wasm bundle. The string forms are RFC 3339's
//! `full-date` (`2026-06-16`) and HTML's `<input type="datetime-local">` value
//! (`2026-06-16T19:00`), so the page can bind them directly.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Lang, Text};

/// Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar: the offset
/// of the civil-from-days algorithm (H. Hinnant, "chrono-Compatible Low-Level Date
/// Algorithms"), which counts from a March epoch so that leap days fall at year end.
const DAYS_0000_03_01_TO_EPOCH: i64 = 719_468;
/// Days in one 400-year Gregorian cycle.
const DAYS_PER_ERA: i64 = 146_097;
/// Minutes in a day.
const MINUTES_PER_DAY: i64 = 24 * 60;

/// A day in the proleptic Gregorian calendar, years 0000–9999.
///
/// The year range is what the four-digit string form (RFC 3339 `date-fullyear`) can
/// hold; [`Date::new`] and the arithmetic refuse anything outside it, so
/// `parse(display(d)) == d` always holds for dates built through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year (0–9999).
    pub year: i32,
    /// The month (1–12).
    pub month: u8,
    /// The day of the month (1–31).
    pub day: u8,
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// 月曜日.
    Monday,
    /// 火曜日.
    Tuesday,
    /// 水曜日.
    Wednesday,
    /// 木曜日.
    Thursday,
    /// 金曜日.
    Friday,
    /// 土曜日.
    Saturday,
    /// 日曜日.
    Sunday,
}

impl Weekday {
    /// Monday first, as ISO 8601 and Japanese business calendars count.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The short label shown next to a date: `月`/`Mon` … `日`/`Sun`.
    pub fn label(self) -> Text {
        let (ja, en) = match self {
            Weekday::Monday => ("月", "Mon"),
            Weekday::Tuesday => ("火", "Tue"),
            Weekday::Wednesday => ("水", "Wed"),
            Weekday::Thursday => ("木", "Thu"),
            Weekday::Friday => ("金", "Fri"),
            Weekday::Saturday => ("土", "Sat"),
            Weekday::Sunday => ("日", "Sun"),
        };
        Text { ja, en }
    }

    /// Saturday or Sunday: the days most Japanese offices are closed.
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Saturday | Weekday::Sunday)
    }
}

/// Whether `year` has a 29 February (Gregorian rule: every 4th year, except
/// centuries not divisible by 400).
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in `month` (1–12) of `year`; `None` for a month outside 1–12.
pub fn days_in_month(year: i32, month: u8) -> Option<u8> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => return None,
    })
}

impl Date {
    /// The earliest date the four-digit string form can hold.
    pub const MIN: Date = Date {
        year: 0,
        month: 1,
        day: 1,
    };
    /// The latest date the four-digit string form can hold.
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// The date `year-month-day`, or `None` if it does not exist (2026-02-29, month 13,
    /// a year outside 0–9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(Date::MIN.year..=Date::MAX.year).contains(&year) {
            return None;
        }
        let last = days_in_month(year, month)?;
        (1..=last)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (which is 0); negative before it. This is the one
    /// arithmetic primitive: adding days and weekdays go through it.
    pub fn days_since_epoch(self) -> i64 {
        // Count years from March so February's leap day is the last day of the year.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * DAYS_PER_ERA + day_of_era - DAYS_0000_03_01_TO_EPOCH
    }

    /// The date `days` after 1970-01-01, or `None` outside 0000-01-01 ..= 9999-12-31.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        if !(Date::MIN.days_since_epoch()..=Date::MAX.days_since_epoch()).contains(&days) {
            return None;
        }
        let z = days + DAYS_0000_03_01_TO_EPOCH;
        let era = z.div_euclid(DAYS_PER_ERA);
        let day_of_era = z - era * DAYS_PER_ERA;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        // The range check above keeps every component small, so these casts are exact.
        Some(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The date `days` later (earlier if negative), or `None` past 0000–9999.
    pub fn checked_add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// The date `days` later (earlier if negative).
    ///
    /// # Panics
    ///
    /// If the result leaves years 0000–9999. Planning code works within a few years of
    /// today, so reaching this is a bug; use [`Date::checked_add_days`] for user input.
    pub fn add_days(self, days: i64) -> Date {
        self.checked_add_days(days)
            .unwrap_or_else(|| panic!("{self} + {days} days leaves years 0000-9999"))
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday, index 3 counting from Monday.
        Weekday::ALL[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }

    /// The last day of this date's month.
    pub fn last_of_month(self) -> Date {
        Date {
            day: days_in_month(self.year, self.month).unwrap_or(self.day),
            ..self
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a date or date-time string was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateParseError {
    /// Not `YYYY-MM-DD` (four, two and two ASCII digits).
    #[error("{input:?} is not a date of the form YYYY-MM-DD")]
    DateFormat {
        /// What was given.
        input: String,
    },
    /// Not `YYYY-MM-DDTHH:MM`.
    #[error("{input:?} is not a date and time of the form YYYY-MM-DDTHH:MM")]
    DateTimeFormat {
        /// What was given.
        input: String,
    },
    /// Well formed, but no such day or time (2026-02-30, month 13, 24:00).
    #[error("{input:?} does not exist (month 1-12, day within the month, hour 0-23, minute 0-59)")]
    NoSuchDate {
        /// What was given.
        input: String,
    },
}

impl DateParseError {
    /// A short explanation for the user, in `lang`.
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, Ja};
        match (self, lang) {
            (DateParseError::DateFormat { input }, Ja) => {
                format!("「{input}」は日付ではありません。YYYY-MM-DD の形で入力してください。")
            }
            (DateParseError::DateFormat { input }, En) => {
                format!("“{input}” is not a date. Please use the form YYYY-MM-DD.")
            }
            (DateParseError::DateTimeFormat { input }, Ja) => format!(
                "「{input}」は日時ではありません。YYYY-MM-DDTHH:MM の形で入力してください。"
            ),
            (DateParseError::DateTimeFormat { input }, En) => {
                format!("“{input}” is not a date and time. Please use the form YYYY-MM-DDTHH:MM.")
            }
            (DateParseError::NoSuchDate { input }, Ja) => {
                format!("「{input}」という日時は存在しません。")
            }
            (DateParseError::NoSuchDate { input }, En) => {
                format!("There is no such date or time as “{input}”.")
            }
        }
    }
}

/// The value of a run of ASCII digits; `None` if any byte is not a digit. Strict on
/// purpose: `str::parse` would accept `+1` and the string form has one spelling only.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Parses exactly `YYYY-MM-DD` into its numbers, without checking the calendar.
fn split_date(b: &[u8]) -> Option<(u32, u32, u32)> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?))
}

impl FromStr for Date {
    type Err = DateParseError;

    fn from_str(s: &str) -> Result<Date, DateParseError> {
        let (y, m, d) = split_date(s.as_bytes()).ok_or_else(|| DateParseError::DateFormat {
            input: s.to_owned(),
        })?;
        // y < 10_000 and m, d < 100 by construction, so the casts are exact.
        Date::new(y as i32, m as u8, d as u8).ok_or_else(|| DateParseError::NoSuchDate {
            input: s.to_owned(),
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A local wall-clock moment to the minute: a date and a time of day.
///
/// It carries no time zone on purpose: holidays, business hours and office closures
/// are all defined in local time, and converting from an instant is the caller's job
/// (core has no tz database). Derived `Ord` compares date, then hour, then minute,
/// which is chronological order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// The local date.
    pub date: Date,
    /// The hour (0–23).
    pub hour: u8,
    /// The minute (0–59).
    pub minute: u8,
}

impl DateTime {
    /// The moment `hour:minute` on `date`, or `None` for an hour over 23 or a minute
    /// over 59.
    pub fn new(date: Date, hour: u8, minute: u8) -> Option<DateTime> {
        (hour < 24 && minute < 60).then_some(DateTime { date, hour, minute })
    }

    /// Minutes since 1970-01-01T00:00 (local), for distances between moments.
    pub fn minutes_since_epoch(self) -> i64 {
        self.date.days_since_epoch() * MINUTES_PER_DAY
            + i64::from(self.hour) * 60
            + i64::from(self.minute)
    }

    /// The moment `minutes` later (earlier if negative), or `None` past years 0000–9999.
    pub fn checked_add_minutes(self, minutes: i64) -> Option<DateTime> {
        let total = self.minutes_since_epoch().checked_add(minutes)?;
        let date = Date::from_days_since_epoch(total.div_euclid(MINUTES_PER_DAY))?;
        let in_day = total.rem_euclid(MINUTES_PER_DAY);
        Some(DateTime {
            date,
            hour: (in_day / 60) as u8,
            minute: (in_day % 60) as u8,
        })
    }

    /// The moment `minutes` later (earlier if negative), in wall-clock arithmetic
    /// (days are always 24 hours; the caller handles any DST of its zone).
    ///
    /// # Panics
    ///
    /// If the result leaves years 0000–9999, as [`Date::add_days`].
    pub fn add_minutes(self, minutes: i64) -> DateTime {
        self.checked_add_minutes(minutes)
            .unwrap_or_else(|| panic!("{self} + {minutes} minutes leaves years 0000-9999"))
    }

    /// The moment as people write it, with the weekday from the date:
    /// `1月19日(火) 18:00` in Japanese, `Tue 19 Jan 18:00` in English, and with the year
    /// when `with_year` (`2027年1月19日(火) 18:00`, `Tue 19 Jan 2027 18:00`). For pages
    /// and terminal output; files keep the machine forms ([`fmt::Display`], ICS).
    pub fn human(self, lang: Lang, with_year: bool) -> String {
        let Date { year, month, day } = self.date;
        let weekday = self.date.weekday().label().get(lang);
        let (hour, minute) = (self.hour, self.minute);
        match (lang, with_year) {
            (Lang::Ja, false) => format!("{month}月{day}日({weekday}) {hour:02}:{minute:02}"),
            (Lang::Ja, true) => {
                format!("{year}年{month}月{day}日({weekday}) {hour:02}:{minute:02}")
            }
            (Lang::En, with_year) => {
                let month = MONTHS_EN[usize::from(month.clamp(1, 12)) - 1];
                let year = if with_year {
                    format!(" {year}")
                } else {
                    String::new()
                };
                format!("{weekday} {day} {month}{year} {hour:02}:{minute:02}")
            }
        }
    }
}

/// English month abbreviations, January first.
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{:02}:{:02}", self.date, self.hour, self.minute)
    }
}

impl FromStr for DateTime {
    type Err = DateParseError;

    fn from_str(s: &str) -> Result<DateTime, DateParseError> {
        let format_error = || DateParseError::DateTimeFormat {
            input: s.to_owned(),
        };
        let b = s.as_bytes();
        if b.len() != 16 || b[10] != b'T' || b[13] != b':' {
            return Err(format_error());
        }
        let (y, mo, d) = split_date(&b[..10]).ok_or_else(format_error)?;
        let (h, mi) = (
            digits(&b[11..13]).ok_or_else(format_error)?,
            digits(&b[14..16]).ok_or_else(format_error)?,
        );
        Date::new(y as i32, mo as u8, d as u8)
            .and_then(|date| DateTime::new(date, h as u8, mi as u8))
            .ok_or_else(|| DateParseError::NoSuchDate {
                input: s.to_owned(),
            })
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
