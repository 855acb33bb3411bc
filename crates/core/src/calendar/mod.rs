//! Civil dates, Japanese public holidays, and how risky a moment is for a mail cutover.
//!
//! - [`date`]: [`Date`] and [`DateTime`], a clock-free proleptic Gregorian calendar
//!   (core may not read the clock; `now` always comes in as a parameter).
//! - [`holidays`]: 国民の祝日に関する法律, computed for 2000–2099.
//! - [`risk`]: scores a cutover moment against holidays, seasonal closures, business
//!   hours and the user's busy periods, and proposes better slots nearby.
//! - [`zone`]: IANA time zones with their current rules ([`posix_tz`]), compiled in
//!   as a small table instead of the whole tz database.

pub mod date;
pub mod holidays;
pub mod posix_tz;
pub mod risk;
pub mod zone;
mod zone_table;

#[cfg(test)]
mod date_tests;
#[cfg(test)]
mod holidays_tests;
#[cfg(test)]
mod risk_tests;
#[cfg(test)]
mod zone_table_gen;
#[cfg(test)]
mod zone_tests;

pub use date::{Date, DateParseError, DateTime, Weekday, days_in_month, is_leap_year};
pub use holidays::{FIRST_SUPPORTED_YEAR, Holiday, LAST_SUPPORTED_YEAR, holiday, holidays_in};
pub use posix_tz::{PosixDst, PosixTz, PosixTzError, RuleDay, TransitionRule};
pub use risk::{
    BusyPeriod, DEFAULT_CUTOVER_LEAD_DAYS, Risk, RiskLevel, RiskReason, assess, better_slots,
    default_cutover, is_business_day,
};
pub use zone::{LocalResult, RULES_FROM, Zone};
