//! `GET /metrics`: counters in the Prometheus text format (version 0.0.4), written by
//! hand from atomics, so an operator's scraper can watch load, refusals and the
//! upstream without a metrics library in the binary.
//!
//! **Invariant:** every label value comes from a fixed set (the router's route
//! patterns, HTTP status codes), never from the request: a scraper's memory does not
//! grow with what clients send.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::connections::ConnectionStats;

/// The Prometheus text exposition format's media type.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The route label of requests no route matched (the front end's files and pages).
const NO_ROUTE: &str = "static";

/// What the server counts besides the cache and the upstream (which `Dns` counts).
#[derive(Debug, Default)]
pub struct Metrics {
    /// Responses by route pattern and status code.
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    /// Surveys started, plain and streamed.
    pub surveys: AtomicU64,
    /// Requests the rate limiter refused (429).
    pub rate_limited: AtomicU64,
    /// The connection layer's counts (`connections`).
    pub connections: Arc<ConnectionStats>,
}

impl Metrics {
    /// Counts one response.
    pub fn count_response(&self, route: &str, status: StatusCode) {
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.rate_limited.fetch_add(1, Ordering::Relaxed);
        }
        let mut requests = self
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *requests
            .entry((route.to_owned(), status.as_u16()))
            .or_default() += 1;
    }

    /// Responses so far by route and status.
    pub fn responses(&self) -> BTreeMap<(String, u16), u64> {
        self.requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// Upper bounds of the upstream latency buckets, in seconds: a cache-warm resolver
/// answers in milliseconds, a cold one in tens to hundreds, and `QUERY_DEADLINE`
/// (5 s) ends every question.
pub const LATENCY_BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// A latency histogram (Prometheus cumulative buckets are computed when rendered).
#[derive(Debug, Default)]
pub struct Histogram {
    /// Observations per bucket of `LATENCY_BUCKETS`, and one beyond the last.
    buckets: [AtomicU64; LATENCY_BUCKETS.len() + 1],
    sum_micros: AtomicU64,
    count: AtomicU64,
}

impl Histogram {
    /// Records one observation.
    pub fn observe(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let bucket = LATENCY_BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(LATENCY_BUCKETS.len());
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Observations so far.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        header(out, name, "histogram", help);
        let mut cumulative = 0;
        for (index, bound) in LATENCY_BUCKETS.iter().enumerate() {
            cumulative += self.buckets[index].load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {cumulative}");
        }
        cumulative += self.buckets[LATENCY_BUCKETS.len()].load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {cumulative}");
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}");
        let _ = writeln!(out, "{name}_count {}", self.count());
    }
}

/// Hits and misses of the answer cache.
#[derive(Debug, Default)]
pub struct CacheCounts {
    /// Answered from the cache (or by sharing a question already on its way).
    pub hits: AtomicU64,
    /// Asked upstream.
    pub misses: AtomicU64,
}

/// The middleware counting every response by route and status.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| NO_ROUTE.to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    state.metrics.count_response(&route, response.status());
    response
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE))],
        render(&state),
    )
        .into_response()
}

/// The exposition text.
pub fn render(state: &AppState) -> String {
    let metrics = &state.metrics;
    let mut out = String::new();
    header(
        &mut out,
        "mailmove_http_requests_total",
        "counter",
        "HTTP responses by route pattern and status code.",
    );
    for ((route, status), count) in metrics.responses() {
        let _ = writeln!(
            out,
            "mailmove_http_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
            escape(&route)
        );
    }
    let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
    let connections = &metrics.connections;
    let mut single = |name: &str, kind: &str, help: &str, value: u64| {
        header(&mut out, name, kind, help);
        let _ = writeln!(out, "{name} {value}");
    };
    single(
        "mailmove_rate_limited_total",
        "counter",
        "Requests refused by the rate limiter (429).",
        load(&metrics.rate_limited),
    );
    single(
        "mailmove_surveys_total",
        "counter",
        "Surveys started, plain and streamed.",
        load(&metrics.surveys),
    );
    let streamed_in_use = crate::survey_stream::MAX_STREAMED_SURVEYS
        .saturating_sub(state.streamed_surveys.available_permits());
    single(
        "mailmove_streamed_survey_slots_in_use",
        "gauge",
        "Streamed surveys running now.",
        streamed_in_use as u64,
    );
    let requests_in_flight = state
        .config
        .bounds
        .concurrent_requests
        .saturating_sub(state.request_slots.available_permits());
    single(
        "mailmove_request_slots_in_use",
        "gauge",
        "Requests being served now (the server-wide limit's slots).",
        requests_in_flight as u64,
    );
    let cache = state.dns.cache_counts();
    single(
        "mailmove_dns_cache_hits_total",
        "counter",
        "DNS questions answered from the answer cache.",
        cache.map_or(0, |counts| load(&counts.hits)),
    );
    single(
        "mailmove_dns_cache_misses_total",
        "counter",
        "DNS questions the answer cache sent upstream.",
        cache.map_or(0, |counts| load(&counts.misses)),
    );
    single(
        "mailmove_connections_open",
        "gauge",
        "HTTP connections open now.",
        connections.open.load(Ordering::Relaxed) as u64,
    );
    single(
        "mailmove_connections_accepted_total",
        "counter",
        "HTTP connections accepted.",
        load(&connections.accepted),
    );
    single(
        "mailmove_connections_evicted_total",
        "counter",
        "Idle connections closed to make room at the connection cap.",
        load(&connections.evicted),
    );
    single(
        "mailmove_connections_idle_closed_total",
        "counter",
        "Connections closed because nothing moved for the idle timeout.",
        load(&connections.idle_closed),
    );
    state.dns.upstream_latency().render(
        &mut out,
        "mailmove_upstream_query_duration_seconds",
        "Time the upstream resolver took per question (cache misses only).",
    );
    out
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A label value as the text format quotes it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let histogram = Histogram::default();
        histogram.observe(Duration::from_millis(3));
        histogram.observe(Duration::from_millis(80));
        histogram.observe(Duration::from_secs(7));
        let mut out = String::new();
        histogram.render(&mut out, "x", "help");
        assert!(out.contains("x_bucket{le=\"0.005\"} 1\n"), "{out}");
        assert!(out.contains("x_bucket{le=\"0.1\"} 2\n"), "{out}");
        assert!(out.contains("x_bucket{le=\"5\"} 2\n"), "{out}");
        assert!(out.contains("x_bucket{le=\"+Inf\"} 3\n"), "{out}");
        assert!(out.contains("x_count 3\n"), "{out}");
        assert!(out.contains("x_sum 7.083\n"), "{out}");
    }

    #[test]
    fn label_values_are_quoted() {
        assert_eq!(escape("/a\"b\\c\nd"), "/a\\\"b\\\\c\\nd");
    }
}
