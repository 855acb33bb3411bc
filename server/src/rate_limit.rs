//! Per-client rate limits: a token bucket per client address.
//!
//! A request costs what it makes the server ask upstream: one DNS question (DoH,
//! `/api/lookup`) costs 1, a survey costs [`SURVEY_COST`]. A client over its share gets
//! `429 Too Many Requests` with `Retry-After`. IPv6 clients are keyed by their /64,
//! since one host usually has the whole prefix. The table is bounded: when it is full,
//! buckets that have refilled completely (clients gone quiet) are dropped first.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::AppError;

/// A survey asks about this many questions (see `survey::MAX_QUERIES`, usually fewer).
pub const SURVEY_COST: u32 = 50;
/// A monitor reading asks the name servers' addresses, each authority twice and each
/// resolver once (see `mailmove_core::monitor::Probe`): about 30 questions.
pub const MONITOR_COST: u32 = 30;
/// Clients tracked at most; beyond this the quiet ones are forgotten.
const MAX_CLIENTS: usize = 100_000;

/// How much a client may ask.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Tokens refilled per minute (0 disables the limit).
    pub per_minute: u32,
    /// Bucket size: what a client may spend at once.
    pub burst: u32,
}

impl Default for RateLimit {
    /// 600 questions a minute with bursts of 600: a dozen surveys a minute, or a
    /// browser running a few checks over DoH, per client.
    fn default() -> Self {
        RateLimit {
            per_minute: 600,
            burst: 600,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// The buckets of every client.
#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// A limiter for `limit`.
    pub fn new(limit: RateLimit) -> RateLimiter {
        RateLimiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes `cost` tokens from `client`'s bucket at `now`, or says how many whole
    /// seconds until it could.
    pub fn take(&self, client: IpAddr, cost: u32, now: Instant) -> Result<(), u64> {
        if self.limit.per_minute == 0 {
            return Ok(());
        }
        let rate = f64::from(self.limit.per_minute) / 60.0;
        let burst = f64::from(self.limit.burst.max(1));
        // A request dearer than the whole bucket could never pass: cap its cost.
        let cost = f64::from(cost).min(burst);
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&key(client)) {
            buckets.retain(|_, bucket| refilled(bucket, rate, burst, now) < burst);
            if buckets.len() >= MAX_CLIENTS {
                // Everybody is busy: forget the table rather than grow without bound.
                buckets.clear();
            }
        }
        let bucket = buckets.entry(key(client)).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        bucket.tokens = refilled(bucket, rate, burst, now);
        bucket.updated = now;
        if bucket.tokens >= cost {
            bucket.tokens -= cost;
            Ok(())
        } else {
            let wait = ((cost - bucket.tokens) / rate).ceil();
            Err((wait as u64).max(1))
        }
    }

    /// Clients tracked now.
    pub fn clients(&self) -> usize {
        self.buckets.lock().map_or(0, |buckets| buckets.len())
    }
}

fn refilled(bucket: &Bucket, rate: f64, burst: f64, now: Instant) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    (bucket.tokens + elapsed * rate).min(burst)
}

/// IPv4 as is; IPv6 by its /64.
fn key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                0,
                0,
                0,
                0,
            ))
        }
    }
}

/// What a request costs: a policy fetch is an HTTPS connection and a few lookups.
fn cost(path: &str) -> u32 {
    match path {
        "/api/survey" => SURVEY_COST,
        "/api/mta-sts-policy" => 5,
        "/api/monitor" => MONITOR_COST,
        _ => 1,
    }
}

/// Middleware for the API and DoH routes. Without connection info (a router driven
/// in-process by tests) every request counts as one client, 0.0.0.0.
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |info| info.0.ip());
    let cost = cost(request.uri().path());
    match state.limiter.take(client, cost, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(retry_after) => {
            tracing::info!(%client, retry_after, "rate limited");
            AppError::TooManyRequests { retry_after }.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const PER_MINUTE_60: RateLimit = RateLimit {
        per_minute: 60,
        burst: 5,
    };

    #[test]
    fn a_burst_passes_then_the_client_waits_for_refill() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let client = IpAddr::from([192, 0, 2, 1]);
        let start = Instant::now();
        for _ in 0..5 {
            assert_eq!(limiter.take(client, 1, start), Ok(()));
        }
        assert_eq!(limiter.take(client, 1, start), Err(1));
        // One token a second.
        assert_eq!(
            limiter.take(client, 1, start + Duration::from_secs(1)),
            Ok(())
        );
        assert_eq!(
            limiter.take(client, 3, start + Duration::from_secs(1)),
            Err(3)
        );
        // Other clients have their own bucket.
        assert_eq!(limiter.take(IpAddr::from([192, 0, 2, 2]), 1, start), Ok(()));
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let start = Instant::now();
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:2::ffff".parse().unwrap();
        let elsewhere: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(limiter.take(one, 5, start), Ok(()));
        assert!(limiter.take(other, 1, start).is_err());
        assert_eq!(limiter.take(elsewhere, 1, start), Ok(()));
    }

    #[test]
    fn a_cost_above_the_burst_is_capped_not_refused_forever() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let client = IpAddr::from([192, 0, 2, 1]);
        assert_eq!(limiter.take(client, SURVEY_COST, Instant::now()), Ok(()));
    }

    #[test]
    fn zero_disables() {
        let limiter = RateLimiter::new(RateLimit {
            per_minute: 0,
            burst: 0,
        });
        let client = IpAddr::from([192, 0, 2, 1]);
        for _ in 0..10_000 {
            assert_eq!(limiter.take(client, 50, Instant::now()), Ok(()));
        }
        assert_eq!(limiter.clients(), 0);
    }

    #[test]
    fn the_table_stays_bounded() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let start = Instant::now();
        for n in 0..(MAX_CLIENTS as u32 + 10) {
            let _ = limiter.take(IpAddr::from(n.to_be_bytes()), 1, start);
        }
        assert!(limiter.clients() <= MAX_CLIENTS);
    }
}
