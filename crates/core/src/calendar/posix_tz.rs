//! POSIX `TZ` rule strings: a zone's standard offset and, if it has daylight saving
//! time, the yearly rule for it. TZif v2+ files (RFC 8536) end with one of these as
//! their footer, and it says how the zone keeps time after its last listed transition.
//!
//! ```text
//! std offset [dst [offset] [,start[/time],end[/time]]]      (POSIX.1-2017 §8.3)
//! name   = 3+ letters, or <3+ of [A-Za-z0-9+-]>            ("EST", "<+09>")
//! offset = [+-]hh[:mm[:ss]], hh 0-24, WEST of Greenwich positive ("JST-9" is +09:00)
//! date   = Jn (1-365, 29 Feb never counted) | n (0-365) | Mm.w.d (week 5 = last, d 0 = Sunday)
//! time   = [+-]hhh[:mm[:ss]], hhh -167..167 (RFC 8536 §3.3.1), local time before the change
//! ```
//!
//! The parser takes any string and never panics; errors name the byte where the
//! string stopped making sense.

use super::date::Date;

/// Seconds in a day.
const DAY: i64 = 86_400;
/// POSIX's default transition time, 02:00 local.
const DEFAULT_TIME: i32 = 2 * 3600;

/// A parsed POSIX `TZ` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PosixTz {
    /// The abbreviation of standard time (`EST`, `+09` for `<+09>`).
    pub std_name: String,
    /// Standard time's UTC offset in seconds, EAST positive (the string's sign is the
    /// other way round; this is the sign everyone else uses).
    pub std_offset: i32,
    /// Daylight saving time, if the zone has it.
    pub dst: Option<PosixDst>,
}

/// The daylight-saving part of a [`PosixTz`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PosixDst {
    /// The abbreviation (`EDT`).
    pub name: String,
    /// The UTC offset in seconds, east positive (standard + 1 h unless given).
    pub offset: i32,
    /// When daylight saving time starts, in standard time.
    pub start: TransitionRule,
    /// When it ends, in daylight saving time.
    pub end: TransitionRule,
}

/// One yearly change: a day and a local time on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransitionRule {
    /// Which day of the year.
    pub day: RuleDay,
    /// Seconds after that day's local midnight, in the time in force before the change
    /// (may be negative or past 24 h: `/-1`, `/50`).
    pub time: i32,
}

/// A day of the year as POSIX rules name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleDay {
    /// `Jn`: day 1–365, 29 February never counted (so `J60` is always 1 March).
    Julian1(u16),
    /// `n`: day 0–365, 29 February counted.
    Julian0(u16),
    /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1–5, 5 = the last) of month `m`.
    MonthWeekDay {
        /// 1–12.
        month: u8,
        /// 1–5.
        week: u8,
        /// 0 (Sunday) – 6.
        weekday: u8,
    },
}

/// Why a string is not a POSIX `TZ` rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a POSIX TZ rule: expected {expected} at byte {at}")]
pub struct PosixTzError {
    /// The byte offset where parsing stopped.
    pub at: usize,
    /// What should have been there.
    pub expected: &'static str,
}

impl PosixTz {
    /// Parses a rule such as `EST5EDT,M3.2.0,M11.1.0` or `<+0530>-5:30`.
    ///
    /// A daylight-saving name without rules (`EST5EDT`) is refused: POSIX leaves the
    /// dates to the implementation, and every TZif footer spells them out.
    pub fn parse(text: &str) -> Result<PosixTz, PosixTzError> {
        let mut p = Parser {
            b: text.as_bytes(),
            i: 0,
        };
        let std_name = p.name()?;
        let std_offset = -p.hms("the standard offset", 24)?;
        let dst = if p.at_end() {
            None
        } else {
            let name = p.name()?;
            let offset = if matches!(p.peek(), None | Some(b',')) {
                std_offset + 3600
            } else {
                -p.hms("the daylight saving offset", 24)?
            };
            p.expect(b',', "',' and the daylight saving rules")?;
            let start = p.rule()?;
            p.expect(b',', "',' and the end rule")?;
            let end = p.rule()?;
            Some(PosixDst {
                name,
                offset,
                start,
                end,
            })
        };
        if !p.at_end() {
            return Err(p.error("the end of the rule"));
        }
        Ok(PosixTz {
            std_name,
            std_offset,
            dst,
        })
    }

    /// The UTC offset in seconds (east positive) at Unix second `unix`.
    ///
    /// The rule is applied to every year, which is what TZif readers do past a file's
    /// last transition; outside years 0002–9998 the nearest of those years' dates are
    /// used, so no input can overflow.
    pub fn offset_at(&self, unix: i64) -> i32 {
        let Some(dst) = &self.dst else {
            return self.std_offset;
        };
        let year = Date::from_days_since_epoch(unix.div_euclid(DAY))
            .map_or(if unix < 0 { 2 } else { 9998 }, |date| date.year)
            .clamp(2, 9998);
        // The latest change at or before `unix`. Transitions of the years around it are
        // enough (a rule time is within a week of its day); on a tie the later one in
        // year order wins, so "DST all year" rules (`0/0,J365/25`) stay in DST.
        let mut latest: Option<(i64, i32)> = None;
        for y in year - 2..=year + 1 {
            let (start, end) = self.transitions_in(y).unwrap_or_default();
            for (at, offset) in [(start, dst.offset), (end, self.std_offset)] {
                if at <= unix && latest.is_none_or(|(seen, _)| at >= seen) {
                    latest = Some((at, offset));
                }
            }
        }
        latest.map_or(self.std_offset, |(_, offset)| offset)
    }

    /// The Unix seconds at which daylight saving time starts and ends in `year`, or
    /// `None` for a zone without it.
    pub fn transitions_in(&self, year: i32) -> Option<(i64, i64)> {
        let dst = self.dst.as_ref()?;
        let at = |rule: TransitionRule, offset: i32| {
            rule.day.days_since_epoch(year) * DAY + i64::from(rule.time) - i64::from(offset)
        };
        Some((at(dst.start, self.std_offset), at(dst.end, dst.offset)))
    }
}

impl RuleDay {
    /// The day this rule names in `year`, as days since 1970-01-01.
    pub fn days_since_epoch(self, year: i32) -> i64 {
        let day_one = |month: u8| {
            Date {
                year,
                month,
                day: 1,
            }
            .days_since_epoch()
        };
        match self {
            RuleDay::Julian1(n) => {
                let skip_leap_day = super::is_leap_year(year) && n >= 60;
                day_one(1) + i64::from(n) - 1 + i64::from(skip_leap_day)
            }
            RuleDay::Julian0(n) => day_one(1) + i64::from(n),
            RuleDay::MonthWeekDay {
                month,
                week,
                weekday,
            } => {
                let first = day_one(month);
                // 1970-01-01 was a Thursday (4, counting from Sunday = 0).
                let first_weekday = (first + 4).rem_euclid(7);
                let mut day = first
                    + (i64::from(weekday) - first_weekday).rem_euclid(7)
                    + 7 * (i64::from(week) - 1);
                let length = i64::from(super::days_in_month(year, month).unwrap_or(31));
                while day >= first + length {
                    day -= 7;
                }
                day
            }
        }
    }
}

/// A cursor over the rule's bytes.
struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }

    fn error(&self, expected: &'static str) -> PosixTzError {
        PosixTzError {
            at: self.i,
            expected,
        }
    }

    fn expect(&mut self, byte: u8, expected: &'static str) -> Result<(), PosixTzError> {
        if self.peek() == Some(byte) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    /// `EST` or `<+09>`: at least three characters.
    fn name(&mut self) -> Result<String, PosixTzError> {
        let quoted = self.peek() == Some(b'<');
        let start = self.i + usize::from(quoted);
        let allowed = |b: u8| {
            b.is_ascii_alphabetic() || (quoted && (b.is_ascii_digit() || b == b'+' || b == b'-'))
        };
        let mut end = start;
        while self.b.get(end).is_some_and(|&b| allowed(b)) {
            end += 1;
        }
        if end - start < 3 {
            // Point at where the abbreviation should begin, not where it stopped.
            return Err(self.error("a zone abbreviation of at least 3 characters"));
        }
        self.i = end;
        if quoted {
            self.expect(b'>', "'>' closing the abbreviation")?;
        }
        // Only ASCII was accepted, so this slice is on character boundaries.
        Ok(String::from_utf8_lossy(&self.b[start..end]).into_owned())
    }

    /// A number of 1 to `max_digits` digits.
    fn number(&mut self, max_digits: usize, expected: &'static str) -> Result<u32, PosixTzError> {
        let start = self.i;
        let mut value = 0u32;
        while self.i - start < max_digits && self.peek().is_some_and(|b| b.is_ascii_digit()) {
            value = value * 10 + u32::from(self.b[self.i] - b'0');
            self.i += 1;
        }
        if self.i == start {
            return Err(self.error(expected));
        }
        Ok(value)
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, as written (west positive for offsets); hours at
    /// most `max_hours`.
    fn hms(&mut self, expected: &'static str, max_hours: u32) -> Result<i32, PosixTzError> {
        let sign = match self.peek() {
            Some(b'-') => {
                self.i += 1;
                -1
            }
            Some(b'+') => {
                self.i += 1;
                1
            }
            _ => 1,
        };
        let start = self.i;
        let hours = self.number(3, expected)?;
        if hours > max_hours {
            self.i = start;
            return Err(self.error(if max_hours == 24 {
                "hours 0-24"
            } else {
                "hours -167 to 167"
            }));
        }
        let mut seconds = hours * 3600;
        for unit in [60, 1] {
            if self.peek() != Some(b':') {
                break;
            }
            self.i += 1;
            let start = self.i;
            let value = self.number(2, "minutes or seconds after ':'")?;
            if value > 59 {
                self.i = start;
                return Err(self.error("minutes or seconds 0-59"));
            }
            seconds += value * unit;
        }
        // At most 167 h 59 min 59 s, far inside i32.
        Ok(sign * seconds as i32)
    }

    /// `date[/time]`.
    fn rule(&mut self) -> Result<TransitionRule, PosixTzError> {
        let day = match self.peek() {
            Some(b'J') => {
                self.i += 1;
                let start = self.i;
                let n = self.number(3, "a day 1-365 after 'J'")?;
                if !(1..=365).contains(&n) {
                    self.i = start;
                    return Err(self.error("a day 1-365 after 'J'"));
                }
                RuleDay::Julian1(n as u16)
            }
            Some(b'M') => {
                self.i += 1;
                let month = self.bounded(1..=12, "a month 1-12 after 'M'")?;
                self.expect(b'.', "'.' after the month")?;
                let week = self.bounded(1..=5, "a week 1-5")?;
                self.expect(b'.', "'.' after the week")?;
                let weekday = self.bounded(0..=6, "a weekday 0-6 (0 = Sunday)")?;
                RuleDay::MonthWeekDay {
                    month,
                    week,
                    weekday,
                }
            }
            _ => {
                let start = self.i;
                let n = self.number(3, "a rule date: Jn, n or Mm.w.d")?;
                if n > 365 {
                    self.i = start;
                    return Err(self.error("a day 0-365"));
                }
                RuleDay::Julian0(n as u16)
            }
        };
        let time = if self.peek() == Some(b'/') {
            self.i += 1;
            self.hms("a time after '/'", 167)?
        } else {
            DEFAULT_TIME
        };
        Ok(TransitionRule { day, time })
    }

    /// A number within `range` (at most two digits).
    fn bounded(
        &mut self,
        range: std::ops::RangeInclusive<u8>,
        expected: &'static str,
    ) -> Result<u8, PosixTzError> {
        let start = self.i;
        let value = self.number(2, expected)?;
        match u8::try_from(value) {
            Ok(value) if range.contains(&value) => Ok(value),
            _ => {
                self.i = start;
                Err(self.error(expected))
            }
        }
    }
}
