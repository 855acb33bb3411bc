//! `GET /readyz`: whether this instance should get traffic. `/healthz` says the
//! process answers; `/readyz` also says it can do its work: the front end was found
//! and the upstream resolver answers. 503 when not.
//!
//! The upstream check is one question (`. NS` unless configured) asked past the
//! answer cache, at most once per `PROBE_FRESH` whatever the probe rate, and never
//! waited for longer than `PROBE_DEADLINE`: a load balancer polling every second
//! costs the upstream one question every 10 seconds.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mailmove_core::dns::{Outcome, Query, RecordType};
use serde::Serialize;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::AppState;
use crate::redis::RedisState;

/// A probe result is reused this long.
pub const PROBE_FRESH: Duration = Duration::from_secs(10);
/// The probe question gets this long; beyond, the upstream counts as not answering.
pub const PROBE_DEADLINE: Duration = Duration::from_secs(2);

/// `/readyz`'s body.
#[derive(Clone, Debug, Serialize)]
pub struct Readiness {
    /// Front end found and upstream answering.
    pub ready: bool,
    /// Whether the built front end was found.
    pub frontend: bool,
    /// The upstream resolver's state.
    pub upstream: UpstreamState,
    /// The shared rate-limit store: `off`, `connected` or `unreachable` (see
    /// `redis_state`).
    pub redis: &'static str,
}

/// What the last upstream probe found.
#[derive(Clone, Debug, Serialize)]
pub struct UpstreamState {
    /// Any DNS answer (records, NODATA, NXDOMAIN) counts; SERVFAIL, REFUSED and
    /// silence do not.
    pub answering: bool,
    /// The probe's outcome: `records`, `no-data`, `nx-domain`, `serv-fail`, `timeout`,
    /// `refused`.
    pub outcome: &'static str,
    /// Seconds since the probe ran.
    pub checked_seconds_ago: u64,
}

/// The shared limits' state now (`--redis-url`): `off`, `connected`, or `unreachable`.
/// Asks Redis (`PING`, within its timeout) unless it was found unreachable moments ago.
/// An unreachable store does not make the instance unready: it limits on its own.
pub async fn redis_state(state: &AppState) -> RedisState {
    match &state.redis {
        Some(redis) => redis.check().await,
        None => RedisState::Off,
    }
}

/// The cached upstream probe.
#[derive(Debug, Default)]
pub struct UpstreamProbe {
    last: Mutex<Option<(Instant, Outcome)>>,
}

impl UpstreamProbe {
    /// The newest probe outcome and when it ran, asking anew when the last one is
    /// older than `PROBE_FRESH`. Concurrent callers share one question.
    async fn check(&self, state: &AppState) -> (Instant, Outcome) {
        let mut last = self.last.lock().await;
        if let Some((at, outcome)) = &*last
            && at.elapsed() < PROBE_FRESH
        {
            return (*at, outcome.clone());
        }
        let query = state
            .config
            .upstream_probe
            .clone()
            .unwrap_or_else(|| Query::new("", RecordType::Ns));
        let outcome = tokio::time::timeout(PROBE_DEADLINE, state.dns.ask_upstream(&query))
            .await
            .unwrap_or(Outcome::Timeout);
        let now = Instant::now();
        *last = Some((now, outcome.clone()));
        (now, outcome)
    }
}

/// `GET /readyz`.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let (checked, outcome) = state.readiness.check(&state).await;
    let (answering, name) = match outcome {
        Outcome::Records { .. } => (true, "records"),
        Outcome::NoData { .. } => (true, "no-data"),
        Outcome::NxDomain { .. } => (true, "nx-domain"),
        Outcome::ServFail => (false, "serv-fail"),
        Outcome::Timeout => (false, "timeout"),
        Outcome::Refused => (false, "refused"),
        Outcome::NotAsked => (false, "not-asked"),
    };
    let frontend = state.dist.is_some();
    let readiness = Readiness {
        ready: frontend && answering,
        frontend,
        upstream: UpstreamState {
            answering,
            outcome: name,
            checked_seconds_ago: checked.elapsed().as_secs(),
        },
        redis: redis_state(&state).await.as_str(),
    };
    let status = if readiness.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(readiness)).into_response()
}
