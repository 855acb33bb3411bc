//! The latest check's records, kept in this browser for the planner's diff (core
//! `records::Snapshot`). The check page writes it when a check finishes; the planner,
//! on the same origin, reads it. Nothing is sent anywhere.

use mailmove_core::api::SurveyJson;
use mailmove_core::records::Snapshot;

const KEY: &str = "mailmove.snapshot";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}

/// Keeps `report` as the latest check (best effort: storage may be full or refused).
pub fn store(report: &SurveyJson) {
    let checked_at = (js_sys::Date::now() / 1000.0) as u64;
    // With a server, the stream's own text of the report is kept (the check page then
    // carries no JSON writer); the engine's build writes it.
    #[cfg(not(feature = "engine"))]
    let json = crate::stream::newest_snapshot_json(&report.domain, checked_at);
    #[cfg(feature = "engine")]
    let json = Some(Snapshot::from_survey(report, checked_at).to_json());
    if let (Some(storage), Some(json)) = (storage(), json) {
        let _ = storage.set_item(KEY, &json);
    }
}

/// Keeps `snapshot` (one that came with a shared plan) as the latest check.
pub fn keep(snapshot: &Snapshot) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, &snapshot.to_json());
    }
}

/// The latest check, if one was kept.
pub fn load() -> Option<Snapshot> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    Snapshot::from_json(&text)
}

/// The kept check when it is of `domain` (the plan's): today's records for its diff.
pub fn of_domain(kept: Option<&Snapshot>, domain: &str) -> Option<Snapshot> {
    kept.filter(|snapshot| snapshot.domain == domain).cloned()
}
