//! The migration plan: what the user decided (domain, source, target, the cutover
//! moment in their time zone, accounts, busy periods, options) and, computed from it,
//! the dated schedule of the seed's steps, the risk of the chosen moment, and the
//! exports (ICS calendar, Markdown checklist, JSON).
//!
//! **Saved plans must load in later versions.** [`Plan`] is the saved form: every field
//! added after version 1 has a serde default, unknown fields are ignored, and
//! [`Plan::from_json`] refuses only a *newer* format than it knows.

mod acceptance;
#[cfg(test)]
mod acceptance_tests;
mod checks;
mod ics;
mod markdown;
mod placement;
#[cfg(test)]
mod proptests;
mod schedule;
#[cfg(test)]
mod schedule_tests;
mod seed;
mod step_names;
mod step_text;
#[cfg(test)]
mod ttl_tests;
mod vtimezone;
#[cfg(test)]
mod zone_tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{BusyPeriod, DateTime, Zone};
use crate::records::RecordRequest;

pub use acceptance::{
    Acceptance, AcceptanceVerdict, AddressAcceptance, STEP_HELD, acceptance_request,
    addresses_to_probe,
};
pub use ics::{ics_stamp, to_ics};
pub use markdown::to_markdown;
pub use schedule::{PlanStep, Schedule, ScheduleIssue, StepId, schedule};
pub use seed::Seed;

/// A domain as the planner takes it: any well-formed name. The planner asks no DNS,
/// so a server's TLD policy (which guards its resolver) does not apply.
pub fn plan_domain(text: &str) -> Result<crate::DomainName, crate::NameError> {
    let tld = text
        .trim()
        .trim_end_matches('.')
        .rsplit('.')
        .next()
        .unwrap_or_default();
    crate::DomainName::parse_with(
        text,
        &crate::NamePolicy::allowing([tld.to_ascii_lowercase()]),
    )
}

/// The saved format this code writes.
pub const PLAN_FORMAT: u32 = 1;

/// The zone of a new plan, and of saved plans from before zones could be chosen.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Tokyo";

/// The zones a plan can use, for a picker: Asia/Tokyo and UTC first (most plans are
/// made in Japan), then the rest of [`Zone`]'s table by name.
pub fn time_zone_names() -> Vec<&'static str> {
    let mut rest: Vec<&'static str> = Zone::names()
        .filter(|name| !matches!(*name, DEFAULT_TIME_ZONE | "UTC"))
        .collect();
    rest.sort_unstable();
    let mut names = vec![DEFAULT_TIME_ZONE, "UTC"];
    names.append(&mut rest);
    names
}

/// What the user decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The saved format ([`PLAN_FORMAT`] when written by this version).
    pub format: u32,
    /// The domain (A-labels).
    pub domain: String,
    /// A name the user gave the plan (「本社」), shown in the list of saved plans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The service mail moves away from (catalog id), if known.
    #[serde(default)]
    pub source: Option<String>,
    /// Where the DNS records are edited (catalog id), if known.
    #[serde(default)]
    pub dns_host: Option<String>,
    /// The target (catalog id).
    pub target: String,
    /// The time zone of every moment in the plan (one of [`time_zone_names`]).
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// When MX changes, local time.
    pub cutover: DateTime,
    /// Today's MX TTL in seconds (from the check), if known.
    #[serde(default)]
    pub current_mx_ttl: Option<u32>,
    /// The old server's addresses and where each goes.
    #[serde(default)]
    pub accounts: crate::accounts::AccountList,
    /// Periods the user says are busy.
    #[serde(default)]
    pub busy: Vec<BusyPeriod>,
    /// Choices with defaults.
    #[serde(default)]
    pub options: PlanOptions,
    /// Moments the user set for steps by hand (the schedule checks their order).
    #[serde(default)]
    pub overrides: BTreeMap<StepId, DateTime>,
    /// The record generator's inputs (the target in it is ignored: `target` rules).
    #[serde(default)]
    pub records: RecordRequest,
    /// What the target's exchangers said about the addresses, when the planner asked
    /// ([`Acceptance`]): a refused address holds the MX switch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
}

/// Choices with defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanOptions {
    /// The MX TTL during the move (seconds). Microsoft: not below 30 s.
    pub lowered_ttl: u32,
    /// The TTL to restore afterwards (Microsoft and Google: 3600).
    pub restored_ttl: u32,
    /// Weeks of DMARC reports before tightening.
    pub dmarc_weeks: u32,
    /// Days the old service is kept after the last old answer can arrive, at least.
    pub keep_old_days: u32,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            lowered_ttl: 300,
            restored_ttl: 3600,
            dmarc_weeks: 4,
            keep_old_days: 14,
        }
    }
}

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.to_owned()
}

/// Why a saved plan cannot be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// Not a plan.
    #[error("not a Mailmove plan: {0}")]
    Unreadable(String),
    /// Written by a newer version.
    #[error("plan format {0} is newer than this version understands ({PLAN_FORMAT})")]
    TooNew(u32),
    /// A time zone the planner cannot compute in.
    #[error("time zone {0} is not supported (use an IANA name such as Asia/Tokyo or UTC)")]
    TimeZone(String),
    /// A moment or a number outside what the planner computes with.
    #[error("{0} is out of range")]
    OutOfRange(String),
}

impl PlanError {
    /// For people.
    pub fn message(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (PlanError::Unreadable(detail), crate::Lang::Ja) => {
                format!("メール引っ越しナビの計画として読み込めません: {detail}")
            }
            (PlanError::TooNew(format), crate::Lang::Ja) => format!(
                "この計画は新しいバージョン(形式 {format})で保存されています。最新版で開いてください。"
            ),
            (PlanError::TimeZone(zone), crate::Lang::Ja) => {
                format!(
                    "タイムゾーン「{zone}」には対応していません(Asia/Tokyo や UTC のような IANA の名前で指定してください)。"
                )
            }
            (PlanError::OutOfRange(what), crate::Lang::Ja) => {
                format!("{what} が範囲外です(日時は 2000〜2099 年、日数・週数は 10 年以内)。")
            }
            (error, crate::Lang::En) => error.to_string(),
        }
    }
}

impl Plan {
    /// The target as people call it ("Google Workspace", not its id); a target outside
    /// the catalog is "the new service (own settings)".
    pub fn target_name(&self) -> crate::Text {
        use crate::catalog::CatalogEntry as _;
        crate::catalog::MailProvider::find(&self.target)
            .filter(|provider| provider.is_target())
            .map_or(
                crate::Text {
                    ja: "移行先(独自の設定)",
                    en: "the new service (own settings)",
                },
                crate::catalog::CatalogEntry::name,
            )
    }

    /// The MX TTL the plan lowers to before the cutover: the option, at least 30 s and
    /// never above today's TTL (assumed a day when unknown).
    pub fn lowered_mx_ttl(&self) -> u32 {
        let current = self.current_mx_ttl.unwrap_or(schedule::ASSUMED_TTL);
        self.options.lowered_ttl.clamp(30, current.max(30))
    }

    /// What the record generator is asked for this plan: its target and old service,
    /// and the MX TTL lowered and restored as the schedule does it, so the steps, the
    /// records table and the zone fragment give the same TTLs.
    pub fn record_request(&self) -> crate::records::RecordRequest {
        let mut request = self.records.clone();
        request.target = self.target.clone();
        request.source = self.source.clone();
        request.lowered_mx_ttl = Some(self.lowered_mx_ttl());
        request.restored_mx_ttl = Some(self.options.restored_ttl);
        request
    }

    /// A new plan with defaults.
    pub fn new(domain: &crate::DomainName, target: &str, cutover: DateTime) -> Plan {
        Plan {
            format: PLAN_FORMAT,
            domain: domain.as_str().to_owned(),
            label: None,
            source: None,
            dns_host: None,
            target: target.to_owned(),
            time_zone: default_time_zone(),
            cutover,
            current_mx_ttl: None,
            accounts: crate::accounts::AccountList::default(),
            busy: Vec::new(),
            options: PlanOptions::default(),
            overrides: BTreeMap::new(),
            records: RecordRequest::default(),
            acceptance: None,
        }
    }

    /// The saved form.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Loads a saved plan of this or an earlier format.
    pub fn from_json(text: &str) -> Result<Plan, PlanError> {
        /// The format alone, read first: a newer plan may not parse as this one.
        /// (Not through `serde_json::Value`: that would carry a second copy of the
        /// plan's reader, for `Value`, into the planner's page.)
        #[derive(Deserialize)]
        struct Format {
            #[serde(default)]
            format: u64,
        }
        let unreadable = |error: serde_json::Error| PlanError::Unreadable(error.to_string());
        let Format { format } = serde_json::from_str(text).map_err(unreadable)?;
        if format > u64::from(PLAN_FORMAT) {
            return Err(PlanError::TooNew(u32::try_from(format).unwrap_or(u32::MAX)));
        }
        let plan: Plan = serde_json::from_str(text).map_err(unreadable)?;
        plan.validate()?;
        Ok(plan)
    }

    /// Checks what the schedule computes with: moments in 2000–2099 (the years the
    /// holiday rules cover) and durations within ten years, so no date arithmetic can
    /// leave the calendar.
    pub fn validate(&self) -> Result<(), PlanError> {
        self.zone()?;
        let in_range = |at: &DateTime| (2000..=2099).contains(&at.date.year);
        if !in_range(&self.cutover) {
            return Err(PlanError::OutOfRange(format!("cutover {}", self.cutover)));
        }
        if let Some((id, at)) = self.overrides.iter().find(|(_, at)| !in_range(at)) {
            return Err(PlanError::OutOfRange(format!("{id:?} {at}")));
        }
        if self.options.keep_old_days > 3650 || self.options.dmarc_weeks > 520 {
            return Err(PlanError::OutOfRange("options".into()));
        }
        Ok(())
    }

    /// The plan's time zone.
    pub fn zone(&self) -> Result<Zone, PlanError> {
        Zone::find(&self.time_zone).ok_or_else(|| PlanError::TimeZone(self.time_zone.clone()))
    }

    /// The Unix moment `unix` as a local time in the plan's zone (what "now" is for
    /// [`schedule`]).
    pub fn local_time(&self, unix: i64) -> Option<DateTime> {
        self.zone().ok()?.to_local(unix)
    }

    /// `local` in the plan's zone as Unix seconds (what the monitor calls `changed_at`).
    /// A moment that clocks skip is read as the same distance past the jump, and one
    /// they pass twice as the first time ([`crate::calendar::LocalResult`]).
    pub fn unix_seconds(&self, local: DateTime) -> Option<i64> {
        Some(self.zone().ok()?.local_to_unix(local).unix())
    }

    /// The local moment `minutes` of real time after `at` (before, if negative).
    ///
    /// TTLs and queue lifetimes run in real time, and across a clock change that differs
    /// from wall-clock arithmetic by the change. Falls back to wall-clock arithmetic for
    /// a zone the planner does not know (`validate` refuses those).
    pub fn later(&self, at: DateTime, minutes: i64) -> DateTime {
        self.unix_seconds(at)
            .and_then(|unix| self.local_time(unix.checked_add(minutes.checked_mul(60)?)?))
            .unwrap_or_else(|| at.add_minutes(minutes))
    }
}
