//! IANA time zones by name, each with its *current* POSIX rule (see [`super::posix_tz`]).
//!
//! A plan is about the coming weeks and months, and future dates follow a zone's
//! current rules, so the zone's history (what the full tz database is mostly made of)
//! is left out: the table is a small fraction of a bundled tz database's size in the
//! page. Two consequences: moments before a zone's last rule change come out with
//! today's rules, and a rule change announced after the table was generated is only
//! known once it is regenerated (`zone_table.rs` says how).

use super::date::{Date, DateTime};
use super::posix_tz::PosixTz;
use super::zone_table::ZONES;

/// From this Unix second on (the month the table was generated in), every zone's rule
/// agrees with the tz database it came from; earlier moments get today's rules too.
pub const RULES_FROM: i64 = super::zone_table::VALID_FROM;

/// A time zone from the compiled-in table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    name: &'static str,
    rule: PosixTz,
}

/// Where a local wall-clock moment falls on the time line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalResult {
    /// It happens exactly once.
    Unique(i64),
    /// It does not exist: clocks jumped over it (spring forward). `unix` reads it with
    /// the offset in force before the jump, which moves it forward by the jump, so
    /// 02:30 in a 02:00→03:00 gap is 03:30 (RFC 5545 §3.3.5 reads it the same way).
    Gap {
        /// The instant it is taken to mean.
        unix: i64,
        /// How many minutes clocks jumped.
        skipped_minutes: i32,
    },
    /// It happens twice: clocks went back over it (fall back).
    Fold {
        /// The first time, which is the one taken: a step planned for 01:30 should not
        /// wait for the second 01:30.
        earlier: i64,
        /// The second time.
        later: i64,
    },
}

impl LocalResult {
    /// The instant taken: the only one, the one past a gap, or the earlier of a fold.
    pub fn unix(self) -> i64 {
        match self {
            LocalResult::Unique(unix) | LocalResult::Gap { unix, .. } => unix,
            LocalResult::Fold { earlier, .. } => earlier,
        }
    }
}

impl Zone {
    /// The zone called `name` (ASCII case ignored), or `None` if the table lacks it.
    pub fn find(name: &str) -> Option<Zone> {
        let (name, rule) = ZONES.iter().find_map(|(rule, names)| {
            names
                .split(' ')
                .find(|known| known.eq_ignore_ascii_case(name))
                .map(|known| (known, *rule))
        })?;
        // Every table rule parses (a test checks), so `None` here cannot happen.
        Some(Zone {
            name,
            rule: PosixTz::parse(rule).ok()?,
        })
    }

    /// Every zone name in the table, in the table's order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        ZONES.iter().flat_map(|(_, names)| names.split(' '))
    }

    /// The canonical name (`America/New_York`), as spelled in the table.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The rule the zone keeps time by.
    pub fn rule(&self) -> &PosixTz {
        &self.rule
    }

    /// The UTC offset in minutes (east positive) at Unix second `unix`.
    pub fn offset_at_utc(&self, unix: i64) -> i32 {
        // Every current rule is in whole minutes (a test checks), so this is exact.
        self.rule.offset_at(unix).div_euclid(60)
    }

    /// The local wall-clock minute of Unix second `unix`, or `None` outside years
    /// 0000–9999.
    pub fn to_local(&self, unix: i64) -> Option<DateTime> {
        let local = unix.checked_add(i64::from(self.rule.offset_at(unix)))?;
        let epoch = DateTime::new(Date::from_days_since_epoch(0)?, 0, 0)?;
        epoch.checked_add_minutes(local.div_euclid(60))
    }

    /// The instant of the local moment `local`, with what happened if clocks changed
    /// around it.
    pub fn local_to_unix(&self, local: DateTime) -> LocalResult {
        let wall = local.minutes_since_epoch() * 60;
        let std = self.rule.std_offset;
        let Some(dst) = self.rule.dst.as_ref().map(|dst| dst.offset) else {
            return LocalResult::Unique(wall - i64::from(std));
        };
        // A local moment means `wall - offset` for whichever offset is in force then;
        // check both of the zone's offsets.
        let fits = |offset: i32| {
            let unix = wall - i64::from(offset);
            (self.rule.offset_at(unix) == offset).then_some(unix)
        };
        match (fits(std), fits(dst)) {
            (Some(a), Some(b)) if a != b => LocalResult::Fold {
                earlier: a.min(b),
                later: a.max(b),
            },
            (Some(unix), _) | (None, Some(unix)) => LocalResult::Unique(unix),
            (None, None) => {
                // In a gap the larger offset is the one after the jump, so reading the
                // moment with it lands before the jump, where the old offset holds.
                let before = self.rule.offset_at(wall - i64::from(std.max(dst)));
                LocalResult::Gap {
                    unix: wall - i64::from(before),
                    skipped_minutes: (std - dst).abs() / 60,
                }
            }
        }
    }
}
