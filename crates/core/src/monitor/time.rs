//! Moments as machines and people read them. Core has no clock: the monitor's times
//! are Unix seconds, written at an offset the caller gives for each moment ([`Offset`]:
//! the browser's zone, `--tz`, or Japan time, which has had no daylight saving time
//! since 1951, so +09:00 is exact for Asia/Tokyo).

use crate::Lang;
use crate::calendar::{Date, DateTime};

/// Asia/Tokyo's offset from UTC, in minutes.
pub const JST_OFFSET_MINUTES: i32 = 9 * 60;

/// The UTC offset (minutes east) in effect at a Unix second: how a shell tells core
/// which zone people read the moments in.
pub type Offset<'a> = &'a dyn Fn(u64) -> i32;

/// Japan time at every moment (the API's and the JSON's words).
pub fn jst(_unix: u64) -> i32 {
    JST_OFFSET_MINUTES
}

/// `unix` as people write it, at the offset `offset` gives for it: `1月19日(火) 18:00`,
/// `Tue 19 Jan 18:00` ([`DateTime::human`]), with the year when `with_year`. A moment
/// past year 9999 (no reading has one) falls back to RFC 3339.
pub fn human_time(unix: u64, offset: Offset<'_>, lang: Lang, with_year: bool) -> String {
    let minutes = i64::try_from(unix / 60)
        .ok()
        .and_then(|minutes| minutes.checked_add(i64::from(offset(unix))));
    let local = minutes.and_then(|minutes| {
        DateTime::new(Date::from_days_since_epoch(0)?, 0, 0)?.checked_add_minutes(minutes)
    });
    match local {
        Some(local) => local.human(lang, with_year),
        None => format_time(unix, offset(unix)),
    }
}

/// A duration in seconds in the largest whole unit: `6 時間` / `6 h`, `5 分` / `5 min`,
/// `90 秒` / `90 s`.
pub fn duration_words(seconds: u64, lang: Lang) -> String {
    let (count, ja, en) = if seconds >= 3600 && seconds.is_multiple_of(3600) {
        (seconds / 3600, "時間", "h")
    } else if seconds >= 60 && seconds.is_multiple_of(60) {
        (seconds / 60, "分", "min")
    } else {
        (seconds, "秒", "s")
    };
    match lang {
        Lang::Ja => format!("{count} {ja}"),
        Lang::En => format!("{count} {en}"),
    }
}

/// `unix` (seconds) as `YYYY-MM-DDTHH:MM:SS±HH:MM` (RFC 3339) at `offset_minutes`
/// east of UTC; `Z` for UTC.
pub fn format_time(unix: u64, offset_minutes: i32) -> String {
    let local = unix as i64 + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let seconds = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let zone = if offset_minutes == 0 {
        "Z".to_owned()
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let minutes = offset_minutes.unsigned_abs();
        format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{zone}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The proleptic Gregorian date of `days` since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, exact for every day a u64 Unix time can name).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_moments() {
        assert_eq!(format_time(0, 0), "1970-01-01T00:00:00Z");
        // 2026-11-28T08:21:26Z, read off `date -u` while writing this.
        assert_eq!(format_time(1_795_854_086, 0), "2026-11-28T08:21:26Z");
        assert_eq!(
            format_time(1_795_854_086, JST_OFFSET_MINUTES),
            "2026-11-28T17:21:26+09:00"
        );
        // Leap day and the day after, across the JST date line.
        assert_eq!(format_time(1_709_164_800, 0), "2024-02-29T00:00:00Z");
        assert_eq!(
            format_time(1_709_218_800, JST_OFFSET_MINUTES),
            "2024-03-01T00:00:00+09:00"
        );
        assert_eq!(format_time(951_782_400, 0), "2000-02-29T00:00:00Z");
        assert_eq!(
            format_time(4_102_444_799, -300),
            "2099-12-31T18:59:59-05:00"
        );
    }

    #[test]
    fn moments_for_people() {
        // 2026-11-28T08:21:26Z is a Saturday; 17:21 in Japan.
        assert_eq!(
            human_time(1_795_854_086, &jst, Lang::Ja, false),
            "11月28日(土) 17:21"
        );
        assert_eq!(
            human_time(1_795_854_086, &jst, Lang::En, true),
            "Sat 28 Nov 2026 17:21"
        );
        // Across the date line: 23:30 UTC on a Monday is Tuesday in Japan.
        let monday_late = 1_705_966_200; // 2024-01-22T23:30:00Z
        assert_eq!(
            human_time(monday_late, &|_| 0, Lang::En, false),
            "Mon 22 Jan 23:30"
        );
        assert_eq!(
            human_time(monday_late, &jst, Lang::Ja, false),
            "1月23日(火) 08:30"
        );
        // West of UTC.
        assert_eq!(
            human_time(monday_late, &|_| -300, Lang::En, false),
            "Mon 22 Jan 18:30"
        );
        // Far beyond any reading: machine form rather than nonsense.
        assert!(human_time(u64::MAX, &jst, Lang::Ja, false).contains('T'));
    }

    #[test]
    fn durations_in_their_largest_unit() {
        for (seconds, ja, en) in [
            (21_600, "6 時間", "6 h"),
            (3600, "1 時間", "1 h"),
            (300, "5 分", "5 min"),
            (5400, "90 分", "90 min"),
            (90, "90 秒", "90 s"),
            (0, "0 秒", "0 s"),
        ] {
            assert_eq!(duration_words(seconds, Lang::Ja), ja);
            assert_eq!(duration_words(seconds, Lang::En), en);
        }
    }

    #[test]
    fn every_day_for_four_centuries_follows_the_previous() {
        // Each day's date is the day after the previous one's: no gaps, no repeats,
        // leap years by the Gregorian rule.
        let mut previous = civil_from_days(-1);
        for days in 0..146_097 {
            let (year, month, day) = civil_from_days(days);
            let (py, pm, pd) = previous;
            let leap = (py % 4 == 0 && py % 100 != 0) || py % 400 == 0;
            let month_length = match pm {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            let expected = if pd < month_length {
                (py, pm, pd + 1)
            } else if pm < 12 {
                (py, pm + 1, 1)
            } else {
                (py + 1, 1, 1)
            };
            assert_eq!((year, month, day), expected, "day {days}");
            previous = (year, month, day);
        }
    }
}
