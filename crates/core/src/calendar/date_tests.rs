use jpholiday::chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::date::{DateParseError, days_in_month, is_leap_year};
use super::{Date, DateTime, Weekday};

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap_or_else(|| panic!("bad test date {y}-{m}-{day}"))
}

fn dt(s: &str) -> DateTime {
    s.parse().unwrap()
}

#[test]
fn epoch_and_known_weekdays() {
    assert_eq!(d(1970, 1, 1).days_since_epoch(), 0);
    assert_eq!(d(1970, 1, 1).weekday(), Weekday::Thursday);
    assert_eq!(d(1969, 12, 31).days_since_epoch(), -1);
    assert_eq!(d(2000, 3, 1).days_since_epoch(), 11_017);
    assert_eq!(d(2026, 6, 16).weekday(), Weekday::Tuesday);
    assert_eq!(d(2027, 3, 21).weekday(), Weekday::Sunday);
    assert_eq!(Date::from_days_since_epoch(0), Some(d(1970, 1, 1)));
}

/// chrono (through jpholiday's re-export) as an oracle for every day of 1600–2400:
/// day numbers, weekdays and round trips, across leap centuries.
#[test]
fn matches_chrono_for_every_day_1600_to_2400() {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let mut ours = d(1600, 1, 1);
    let mut theirs = NaiveDate::from_ymd_opt(1600, 1, 1).unwrap();
    while ours.year <= 2400 {
        assert_eq!(
            (ours.year, u32::from(ours.month), u32::from(ours.day)),
            (theirs.year(), theirs.month(), theirs.day())
        );
        let days = ours.days_since_epoch();
        assert_eq!(days, (theirs - epoch).num_days());
        assert_eq!(Date::from_days_since_epoch(days), Some(ours));
        assert_eq!(
            ours.weekday() as u32,
            theirs.weekday().num_days_from_monday()
        );
        ours = ours.add_days(1);
        theirs = theirs.succ_opt().unwrap();
    }
}

#[test]
fn validation_and_month_lengths() {
    assert!(is_leap_year(2000) && is_leap_year(2024));
    assert!(!is_leap_year(1900) && !is_leap_year(2026) && !is_leap_year(2100));
    assert_eq!(days_in_month(2024, 2), Some(29));
    assert_eq!(days_in_month(2026, 2), Some(28));
    assert_eq!(days_in_month(2026, 4), Some(30));
    assert_eq!(days_in_month(2026, 12), Some(31));
    assert_eq!(days_in_month(2026, 13), None);
    assert!(Date::new(2024, 2, 29).is_some());
    assert_eq!(Date::new(2026, 2, 29), None);
    assert_eq!(Date::new(2026, 0, 1), None);
    assert_eq!(Date::new(2026, 4, 31), None);
    assert_eq!(Date::new(2026, 1, 0), None);
    assert_eq!(Date::new(10_000, 1, 1), None);
    assert_eq!(Date::new(-1, 1, 1), None);
    assert_eq!(d(2024, 2, 10).last_of_month(), d(2024, 2, 29));
}

#[test]
fn arithmetic_crosses_months_years_and_range_ends() {
    assert_eq!(d(2026, 12, 31).add_days(1), d(2027, 1, 1));
    assert_eq!(d(2024, 3, 1).add_days(-1), d(2024, 2, 29));
    assert_eq!(d(2026, 6, 16).add_days(-365), d(2025, 6, 16));
    assert_eq!(Date::MAX.checked_add_days(1), None);
    assert_eq!(Date::MIN.checked_add_days(-1), None);
    assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
    assert_eq!(d(2026, 1, 1).checked_add_days(i64::MAX), None);
}

#[test]
#[should_panic(expected = "leaves years 0000-9999")]
fn add_days_past_the_range_panics() {
    let _ = Date::MAX.add_days(1);
}

#[test]
fn date_string_round_trip_and_errors() {
    assert_eq!(d(2026, 6, 5).to_string(), "2026-06-05");
    assert_eq!(d(7, 1, 2).to_string(), "0007-01-02");
    assert_eq!("2026-06-05".parse::<Date>(), Ok(d(2026, 6, 5)));
    for bad in [
        "2026-6-5",
        "2026/06/05",
        "+026-06-05",
        "2026-06-05 ",
        "２０２６-06-05",
        "",
    ] {
        assert_eq!(
            bad.parse::<Date>(),
            Err(DateParseError::DateFormat {
                input: bad.to_owned()
            }),
            "{bad:?}"
        );
    }
    let err = "2026-02-30".parse::<Date>().unwrap_err();
    assert!(matches!(err, DateParseError::NoSuchDate { .. }));
    assert!(err.to_string().contains("2026-02-30"));
    assert!(err.message(crate::Lang::Ja).contains("存在しません"));
    assert!(err.message(crate::Lang::En).contains("no such date"));
}

#[test]
fn date_serde_is_the_string_form() {
    let json = serde_json::to_string(&d(2026, 6, 16)).unwrap();
    assert_eq!(json, "\"2026-06-16\"");
    assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), d(2026, 6, 16));
    assert!(serde_json::from_str::<Date>("\"2026-13-01\"").is_err());
    assert!(serde_json::from_str::<Date>("20260616").is_err());
}

#[test]
fn weekday_labels_and_order() {
    assert_eq!(Weekday::Monday.label().ja, "月");
    assert_eq!(Weekday::Sunday.label().en, "Sun");
    assert!(Weekday::Saturday.is_weekend() && !Weekday::Friday.is_weekend());
    assert!(Weekday::Monday < Weekday::Sunday);
}

#[test]
fn date_time_string_forms() {
    let moment = dt("2026-06-16T19:05");
    assert_eq!(moment.date, d(2026, 6, 16));
    assert_eq!((moment.hour, moment.minute), (19, 5));
    assert_eq!(moment.to_string(), "2026-06-16T19:05");
    for bad in [
        "2026-06-16 19:05",
        "2026-06-16T19:5",
        "2026-06-16T1905",
        "2026-06-16",
    ] {
        assert!(
            matches!(
                bad.parse::<DateTime>(),
                Err(DateParseError::DateTimeFormat { .. })
            ),
            "{bad:?}"
        );
    }
    for bad in ["2026-06-16T24:00", "2026-06-16T12:60", "2026-06-31T12:00"] {
        assert!(
            matches!(
                bad.parse::<DateTime>(),
                Err(DateParseError::NoSuchDate { .. })
            ),
            "{bad:?}"
        );
    }
    let json = serde_json::to_string(&moment).unwrap();
    assert_eq!(json, "\"2026-06-16T19:05\"");
    assert_eq!(serde_json::from_str::<DateTime>(&json).unwrap(), moment);
}

#[test]
fn date_time_arithmetic_and_order() {
    assert_eq!(
        dt("2026-12-31T23:30").add_minutes(45),
        dt("2027-01-01T00:15")
    );
    assert_eq!(
        dt("2024-03-01T00:00").add_minutes(-1),
        dt("2024-02-29T23:59")
    );
    assert_eq!(
        dt("2026-06-16T19:00").add_minutes(14 * 24 * 60),
        dt("2026-06-30T19:00")
    );
    assert_eq!(
        dt("2026-06-16T19:00").minutes_since_epoch() - dt("2026-06-15T18:30").minutes_since_epoch(),
        24 * 60 + 30
    );
    assert!(dt("2026-06-16T09:59") < dt("2026-06-16T10:00"));
    assert!(dt("2026-06-16T23:59") < dt("2026-06-17T00:00"));
    assert_eq!(DateTime::new(d(2026, 1, 1), 24, 0), None);
    assert_eq!(
        DateTime::new(Date::MAX, 23, 59)
            .unwrap()
            .checked_add_minutes(1),
        None
    );
}

/// chrono as an oracle for minute arithmetic over a span with leap days.
#[test]
fn add_minutes_matches_chrono() {
    let start = dt("2023-12-31T22:17");
    let chrono_start = NaiveDateTime::parse_from_str("2023-12-31T22:17", "%Y-%m-%dT%H:%M").unwrap();
    for step in (-1_000_000i64..1_000_000).step_by(9_973) {
        let ours = start.add_minutes(step).to_string();
        let theirs = (chrono_start + jpholiday::chrono::Duration::minutes(step))
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        assert_eq!(ours, theirs, "{step} minutes");
    }
}

#[test]
fn moments_as_people_write_them() {
    use crate::Lang;
    let evening = dt("2027-01-19T18:00");
    assert_eq!(evening.human(Lang::Ja, false), "1月19日(火) 18:00");
    assert_eq!(evening.human(Lang::En, false), "Tue 19 Jan 18:00");
    assert_eq!(evening.human(Lang::Ja, true), "2027年1月19日(火) 18:00");
    assert_eq!(evening.human(Lang::En, true), "Tue 19 Jan 2027 18:00");
    // The weekday comes from the date, across the year boundary too.
    let last = dt("2026-12-31T09:05");
    assert_eq!(last.human(Lang::Ja, true), "2026年12月31日(木) 09:05");
    assert_eq!(last.human(Lang::En, true), "Thu 31 Dec 2026 09:05");
    let first = dt("2027-01-01T00:00");
    assert_eq!(first.human(Lang::Ja, true), "2027年1月1日(金) 00:00");
    assert_eq!(first.human(Lang::En, false), "Fri 1 Jan 00:00");
    // Every month's English name.
    let months: Vec<String> = (1..=12)
        .map(|month| {
            DateTime::new(d(2028, month, 1), 7, 30)
                .unwrap()
                .human(Lang::En, false)
        })
        .collect();
    assert_eq!(
        months.iter().map(|text| &text[6..9]).collect::<Vec<_>>(),
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
        ]
    );
    // Never the machine form, and one line.
    for lang in Lang::ALL {
        let text = dt("2026-12-28T10:00").human(lang, false);
        assert!(
            !text.contains("2026-12-28") && !text.contains("T10"),
            "{text}"
        );
        assert!(!text.contains('\n'), "{text}");
    }
}
