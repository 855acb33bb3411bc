//! Moments as people read them. Core has no clock and no time-zone database: the
//! monitor's times are Unix seconds, written here in a fixed offset (Japan has had no
//! daylight saving time since 1951, so +09:00 is exact for Asia/Tokyo).

/// Asia/Tokyo's offset from UTC, in minutes.
pub const JST_OFFSET_MINUTES: i32 = 9 * 60;

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
