//! Japanese public holidays (国民の祝日に関する法律, "the Holiday Act"), computed.
//!
//! The rules are computed rather than tabulated so that a plan years ahead still
//! sees its holidays; only the one-off laws (the 2019 enthronement, the 2020/2021
//! Olympic moves) are a table. See docs/libraries.md §4 for why no crate is used.
//!
//! **Supported years: 2000–2099.** The Happy Monday rules begin in 2000, and the
//! equinox approximation below is valid only to 2099, so outside that range
//! [`holiday`] answers `None` and [`holidays_in`] is empty rather than guessing.
//!
//! The Act has three kinds of day off:
//! - Article 2: the 国民の祝日 themselves ([`national_holiday`]);
//! - Article 3.2: 振替休日, a substitute for a 国民の祝日 that falls on a Sunday;
//! - Article 3.3: 国民の休日, a day sandwiched between two 国民の祝日.
//!
//! Equinox days are fixed officially only by the gazette of February of the year
//! before, so dates more than about a year ahead are the approximation's forecast.

use serde::{Deserialize, Serialize};

use super::date::{Date, Weekday};
use crate::Text;

/// The first year [`holiday`] answers for.
pub const FIRST_SUPPORTED_YEAR: i32 = 2000;
/// The last year [`holiday`] answers for (the equinox approximation's limit).
pub const LAST_SUPPORTED_YEAR: i32 = 2099;

/// The year the 2005 amendment took effect: from 2007 a Sunday holiday moves to the
/// next non-holiday (not only to Monday), みどりの日 moves to 5/4 with 昭和の日 on 4/29,
/// and a sandwiched Sunday also becomes 国民の休日.
const AMENDMENT_2007: i32 = 2007;

/// Which holiday a day is. The names are the Act's (and the Cabinet Office list's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holiday {
    /// 元日, 1 January.
    NewYearsDay,
    /// 成人の日, second Monday of January (since 2000).
    ComingOfAgeDay,
    /// 建国記念の日, 11 February.
    NationalFoundationDay,
    /// 天皇誕生日: 23 December 1989–2018, 23 February since 2020 (none in 2019).
    EmperorsBirthday,
    /// 春分の日, the vernal equinox.
    VernalEquinoxDay,
    /// 昭和の日, 29 April (since 2007; みどりの日 before).
    ShowaDay,
    /// 憲法記念日, 3 May.
    ConstitutionMemorialDay,
    /// みどりの日: 29 April until 2006, 4 May since 2007.
    GreeneryDay,
    /// こどもの日, 5 May.
    ChildrensDay,
    /// 海の日: 20 July until 2002, third Monday of July since 2003 (moved in 2020/2021).
    MarineDay,
    /// 山の日, 11 August since 2016 (moved in 2020/2021).
    MountainDay,
    /// 敬老の日: 15 September until 2002, third Monday of September since 2003.
    RespectForTheAgedDay,
    /// 秋分の日, the autumnal equinox.
    AutumnalEquinoxDay,
    /// 体育の日, second Monday of October 2000–2019 (renamed スポーツの日 in 2020).
    HealthAndSportsDay,
    /// スポーツの日, second Monday of October since 2022 (moved to July in 2020/2021).
    SportsDay,
    /// 文化の日, 3 November.
    CultureDay,
    /// 勤労感謝の日, 23 November.
    LaborThanksgivingDay,
    /// 振替休日 (Article 3.2): stands in for a holiday that fell on a Sunday.
    Substitute,
    /// 国民の休日 (Article 3.3): a day between two 国民の祝日.
    CitizensHoliday,
    /// 天皇の即位の日, 2019-05-01 (one-off law of 2018).
    EnthronementDay,
    /// 即位礼正殿の儀の行われる日, 2019-10-22 (one-off law of 2018).
    EnthronementCeremony,
}

impl Holiday {
    /// The holiday's name: the Japanese is the Act's wording, the English the Cabinet
    /// Office's translation.
    pub fn name(self) -> Text {
        let (ja, en) = match self {
            Holiday::NewYearsDay => ("元日", "New Year's Day"),
            Holiday::ComingOfAgeDay => ("成人の日", "Coming of Age Day"),
            Holiday::NationalFoundationDay => ("建国記念の日", "National Foundation Day"),
            Holiday::EmperorsBirthday => ("天皇誕生日", "The Emperor's Birthday"),
            Holiday::VernalEquinoxDay => ("春分の日", "Vernal Equinox Day"),
            Holiday::ShowaDay => ("昭和の日", "Showa Day"),
            Holiday::ConstitutionMemorialDay => ("憲法記念日", "Constitution Memorial Day"),
            Holiday::GreeneryDay => ("みどりの日", "Greenery Day"),
            Holiday::ChildrensDay => ("こどもの日", "Children's Day"),
            Holiday::MarineDay => ("海の日", "Marine Day"),
            Holiday::MountainDay => ("山の日", "Mountain Day"),
            Holiday::RespectForTheAgedDay => ("敬老の日", "Respect for the Aged Day"),
            Holiday::AutumnalEquinoxDay => ("秋分の日", "Autumnal Equinox Day"),
            Holiday::HealthAndSportsDay => ("体育の日", "Health and Sports Day"),
            Holiday::SportsDay => ("スポーツの日", "Sports Day"),
            Holiday::CultureDay => ("文化の日", "Culture Day"),
            Holiday::LaborThanksgivingDay => ("勤労感謝の日", "Labor Thanksgiving Day"),
            Holiday::Substitute => ("振替休日", "Substitute holiday"),
            Holiday::CitizensHoliday => ("国民の休日", "Citizens' holiday"),
            Holiday::EnthronementDay => ("即位の日", "Enthronement Day"),
            Holiday::EnthronementCeremony => ("即位礼正殿の儀", "Enthronement Ceremony Day"),
        };
        Text { ja, en }
    }
}

/// The holiday on `date`, or `None` for a working day, or for any date outside
/// [`FIRST_SUPPORTED_YEAR`]–[`LAST_SUPPORTED_YEAR`] (unknown, not "no holiday":
/// callers that plan outside the range should say so).
pub fn holiday(date: Date) -> Option<Holiday> {
    if !(FIRST_SUPPORTED_YEAR..=LAST_SUPPORTED_YEAR).contains(&date.year) {
        return None;
    }
    if let Some(h) = national_holiday(date) {
        return Some(h);
    }
    // Checked before 国民の休日: where both could apply (never in 2000–2099), the Act
    // before 2007 explicitly excluded substitute days from Article 3.3.
    if is_substitute(date) {
        return Some(Holiday::Substitute);
    }
    if is_citizens_holiday(date) {
        return Some(Holiday::CitizensHoliday);
    }
    None
}

/// Every holiday of `year`, in date order; empty outside the supported years.
pub fn holidays_in(year: i32) -> Vec<(Date, Holiday)> {
    let Some(first) = Date::new(year, 1, 1) else {
        return Vec::new();
    };
    (0..366)
        .map(|offset| first.add_days(offset))
        .take_while(|day| day.year == year)
        .filter_map(|day| holiday(day).map(|h| (day, h)))
        .collect()
}

/// The 国民の祝日 of Article 2 on `date`, plus the one-off days the special laws of
/// 2018 deem 国民の祝日 "for the purposes of Article 3" (so they can cause a
/// substitute or a sandwiched day, as 2019-05-01 did for 04-30 and 05-02).
///
/// Only the rules in force from 2000 are encoded: callers check the year first.
/// Neighbours of the range (1999-12-31, 2100-01-01) may be asked about; neither is
/// affected by a pre-2000 or post-2099 rule that matters here.
fn national_holiday(date: Date) -> Option<Holiday> {
    use Holiday::*;
    let Date {
        year: y,
        month: m,
        day: d,
    } = date;
    // One-off laws: the enthronement (平成30年法律第99号) and the Olympic special
    // measures act (平成30年/令和2年改正), which moved three holidays each year.
    match (y, m, d) {
        (2019, 5, 1) => return Some(EnthronementDay),
        (2019, 10, 22) => return Some(EnthronementCeremony),
        (2020, 7, 23) | (2021, 7, 22) => return Some(MarineDay),
        (2020, 7, 24) | (2021, 7, 23) => return Some(SportsDay),
        (2020, 8, 10) | (2021, 8, 8) => return Some(MountainDay),
        _ => {}
    }
    // In the Olympic years the three moved holidays are not on their usual days.
    let olympic = y == 2020 || y == 2021;
    let holiday = match (m, d) {
        (1, 1) => NewYearsDay,
        (1, _) if d == nth_monday(y, 1, 2) => ComingOfAgeDay,
        (2, 11) => NationalFoundationDay,
        (2, 23) if y >= 2020 => EmperorsBirthday,
        (3, _) if d == vernal_equinox_day(y) => VernalEquinoxDay,
        (4, 29) if y >= AMENDMENT_2007 => ShowaDay,
        (4, 29) => GreeneryDay,
        (5, 3) => ConstitutionMemorialDay,
        (5, 4) if y >= AMENDMENT_2007 => GreeneryDay,
        (5, 5) => ChildrensDay,
        (7, 20) if y <= 2002 => MarineDay,
        (7, _) if y >= 2003 && !olympic && d == nth_monday(y, 7, 3) => MarineDay,
        (8, 11) if y >= 2016 && !olympic => MountainDay,
        (9, 15) if y <= 2002 => RespectForTheAgedDay,
        (9, _) if y >= 2003 && d == nth_monday(y, 9, 3) => RespectForTheAgedDay,
        (9, _) if d == autumnal_equinox_day(y) => AutumnalEquinoxDay,
        (10, _) if !olympic && d == nth_monday(y, 10, 2) => {
            if y >= 2020 {
                SportsDay
            } else {
                HealthAndSportsDay
            }
        }
        (11, 3) => CultureDay,
        (11, 23) => LaborThanksgivingDay,
        (12, 23) if (1989..=2018).contains(&y) => EmperorsBirthday,
        _ => return None,
    };
    Some(holiday)
}

/// Article 3.2 (振替休日) for a day that is not itself a 国民の祝日.
///
/// Since 2007: "when a 国民の祝日 falls on a Sunday, the nearest following day that is
/// not a 国民の祝日 is a holiday", so walk back over the run of 国民の祝日 just before
/// `date` and look for a Sunday (5/3 on Sunday gives 5/6). Before 2007 the substitute
/// was only ever the Monday after.
fn is_substitute(date: Date) -> bool {
    if date.year < AMENDMENT_2007 {
        return date.weekday() == Weekday::Monday && national_holiday(date.add_days(-1)).is_some();
    }
    let mut before = date.add_days(-1);
    // A run of 国民の祝日 is at most three days (5/3–5/5), so this ends quickly.
    while national_holiday(before).is_some() {
        if before.weekday() == Weekday::Sunday {
            return true;
        }
        before = before.add_days(-1);
    }
    false
}

/// Article 3.3 (国民の休日): a day that is not a 国民の祝日 but whose previous and next
/// days both are. Substitute days do not count as either neighbour: the Act speaks of
/// 国民の祝日, which 振替休日 is not. Before 2007 a Sunday was excluded (it was a day off
/// anyway); since 2007 any day qualifies.
fn is_citizens_holiday(date: Date) -> bool {
    if date.year < AMENDMENT_2007 && date.weekday() == Weekday::Sunday {
        return false;
    }
    national_holiday(date.add_days(-1)).is_some() && national_holiday(date.add_days(1)).is_some()
}

/// The day of the month of the `n`th Monday of `month`: the Happy Monday rules.
fn nth_monday(year: i32, month: u8, n: u8) -> u8 {
    let first = Date {
        year,
        month,
        day: 1,
    };
    // Weekday as 0 = Monday .. 6 = Sunday; days until the first Monday.
    let until_monday = (7 - first.weekday() as u8) % 7;
    1 + until_monday + 7 * (n - 1)
}

/// The vernal equinox day in March, by the approximation used for the Cabinet
/// Office's forecasts: `floor(20.8431 + 0.242194 (y − 1980)) − floor((y − 1980) / 4)`,
/// valid 1980–2099. Computed in millionths so no floating-point rounding can move a
/// day (0.242194 has no exact binary form).
fn vernal_equinox_day(year: i32) -> u8 {
    equinox_day(20_843_100, year)
}

/// The autumnal equinox day in September:
/// `floor(23.2488 + 0.242194 (y − 1980)) − floor((y − 1980) / 4)`, valid 1980–2099.
fn autumnal_equinox_day(year: i32) -> u8 {
    equinox_day(23_248_800, year)
}

/// `floor(base/10⁶ + 0.242194 n) − floor(n / 4)` with `n = year − 1980`, exactly.
fn equinox_day(base_millionths: i64, year: i32) -> u8 {
    let n = i64::from(year) - 1980;
    let day = (base_millionths + 242_194 * n).div_euclid(1_000_000) - n.div_euclid(4);
    // For 1980–2099 the day is 19–24; anything else is not an equinox in range.
    u8::try_from(day).unwrap_or(0)
}
