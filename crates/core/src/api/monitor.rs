//! `GET /api/monitor` and `mailmove monitor --json`.

use serde::{Deserialize, Serialize};

use crate::Message;
use crate::monitor::{
    Expectation, Status, Verdict, WATCH_MARGIN, basis_words, format_time, headline, jst, verdict,
};

/// One monitor reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorJson {
    /// The domain (normalised, IDN in A-labels).
    pub domain: String,
    /// When the servers were asked (Unix seconds).
    pub checked_at: u64,
    /// The same moment in RFC 3339, UTC.
    pub checked_at_utc: String,
    /// What the caller said to expect (empty `new_mx`: "whatever the authoritative
    /// servers serve now").
    pub expectation: Expectation,
    /// The judgement.
    #[serde(flatten)]
    pub status: Status,
    /// `safe_from` in RFC 3339, UTC.
    pub safe_from_utc: Option<String>,
    /// `old_mx_possible_until` in RFC 3339, UTC.
    pub old_mx_possible_until_utc: Option<String>,
    /// The margin added after the last possible old answer (seconds).
    pub watch_margin: u64,
    /// The headline's case, decided from the rows.
    pub verdict: Verdict,
    /// The verdict in words (moments in Japan time).
    pub headline: Message,
    /// On what `old_mx_possible_until` rests, in words (Japan time), when there is one.
    pub moments_basis: Option<Message>,
}

/// The reading for `status`, judged at `checked_at`.
pub fn monitor_json(
    domain: &str,
    expectation: Expectation,
    status: Status,
    checked_at: u64,
) -> MonitorJson {
    MonitorJson {
        domain: domain.to_owned(),
        checked_at,
        checked_at_utc: format_time(checked_at, 0),
        safe_from_utc: status.safe_from.map(|at| format_time(at, 0)),
        old_mx_possible_until_utc: status.old_mx_possible_until.map(|at| format_time(at, 0)),
        watch_margin: WATCH_MARGIN,
        verdict: verdict(&status),
        headline: headline(&status, &jst),
        moments_basis: basis_words(&status, &expectation, &jst),
        expectation,
        status,
    }
}
