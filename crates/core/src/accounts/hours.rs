//! Copy-time estimates, in tenths of an hour (their only precision).
//!
//! Integers rather than `f32`: the planner's page then carries no float formatting
//! or parsing (the standard library's tables for them are some 25 KB of wasm). The
//! JSON form stays a number of hours (`2.5`), as it was.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A duration of whole tenths of an hour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hours {
    tenths: u32,
}

impl Hours {
    /// `tenths` tenths of an hour.
    pub const fn from_tenths(tenths: u32) -> Hours {
        Hours { tenths }
    }

    /// The duration in tenths of an hour.
    pub const fn tenths(self) -> u32 {
        self.tenths
    }

    /// Copying `mb` MB at `mb_per_hour`: rounded up to a tenth, and at least one
    /// tenth (a copy never takes no time).
    pub fn to_copy(mb: u32, mb_per_hour: u32) -> Hours {
        let per_hour = u64::from(mb_per_hour.max(1));
        let tenths = (u64::from(mb) * 10).div_ceil(per_hour).max(1);
        Hours::from_tenths(u32::try_from(tenths).unwrap_or(u32::MAX))
    }

    /// One duration after the other.
    pub fn saturating_add(self, other: Hours) -> Hours {
        Hours::from_tenths(self.tenths.saturating_add(other.tenths))
    }
}

/// One decimal, as people write durations: `0.5`, `2.0`, `12.5`.
impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.tenths / 10, self.tenths % 10)
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(f64::from(self.tenths) / 10.0)
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Hours, D::Error> {
        let hours = f64::deserialize(deserializer)?;
        if !(hours.is_finite() && hours >= 0.0) {
            return Err(serde::de::Error::custom("hours must be a number ≥ 0"));
        }
        // Saturates (`as` on a float): an absurd estimate stays absurd, not a panic.
        Ok(Hours::from_tenths((hours * 10.0).round() as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_round_up_to_a_tenth_and_take_at_least_one() {
        assert_eq!(Hours::to_copy(512, 256), Hours::from_tenths(20));
        assert_eq!(Hours::to_copy(513, 256), Hours::from_tenths(21));
        assert_eq!(Hours::to_copy(1, 1024), Hours::from_tenths(1));
        assert_eq!(Hours::to_copy(0, 1024), Hours::from_tenths(1));
        assert_eq!(Hours::to_copy(u32::MAX, 1), Hours::from_tenths(u32::MAX));
    }

    #[test]
    fn written_with_one_decimal() {
        assert_eq!(Hours::from_tenths(5).to_string(), "0.5");
        assert_eq!(Hours::from_tenths(20).to_string(), "2.0");
        assert_eq!(Hours::from_tenths(125).to_string(), "12.5");
    }

    #[test]
    fn json_is_a_number_of_hours() {
        let json = serde_json::to_string(&(Hours::from_tenths(25), Hours::from_tenths(100)))
            .expect("serializes");
        assert_eq!(json, "[2.5,10.0]");
        let back: (Hours, Hours) = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, (Hours::from_tenths(25), Hours::from_tenths(100)));
        assert!(serde_json::from_str::<Hours>("-1").is_err());
    }
}
