//! `/metrics` and `/readyz` through the router, against the fixture zones on a real
//! (in-process) DNS server: the counters move with the requests that move them, and
//! readiness says what is missing.

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use mailmove_core::dns::{Query, RecordType};
use mailmove_server::cache::AnswerCache;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::rate_limit::RateLimit;
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use tower::ServiceExt as _;

fn state(upstream: std::net::SocketAddr, dist: Option<&Path>, config: ServerConfig) -> AppState {
    let dns = Dns::new(&Upstream::Nameserver(upstream))
        .expect("resolver")
        .with_cache(AnswerCache::default());
    AppState::new(
        dns,
        dist.map(Path::to_path_buf),
        mailmove_core::NamePolicy::allowing(["test"]),
        config,
    )
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app(state.clone())
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// The value of the sample `name` (with its labels, as written) in an exposition.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_requests_surveys_cache_upstream_and_refusals() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    // Room for two surveys (50 each) and a few lookups, not a third survey.
    let config = ServerConfig {
        rate_limit: RateLimit {
            per_minute: 120,
            burst: 120,
        },
        ..ServerConfig::default()
    };
    let state = state(authority.addr, None, config);
    for _ in 0..2 {
        let (status, _, _) = get(&state, "/api/lookup?name=example.test&type=MX").await;
        assert_eq!(status, StatusCode::OK);
    }
    for _ in 0..2 {
        let (status, _, _) = get(&state, "/api/survey?domain=example.test").await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _, _) = get(&state, "/api/survey?domain=example.test").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (status, _, _) = get(&state, "/no/such/page").await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "no front end built"
    );

    let (status, headers, text) = get(&state, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let value = |name: &str| sample(&text, name).unwrap_or_else(|| panic!("{name}:\n{text}"));
    assert_eq!(
        value(r#"mailmove_http_requests_total{route="/api/lookup",status="200"}"#),
        2.0
    );
    assert_eq!(
        value(r#"mailmove_http_requests_total{route="/api/survey",status="200"}"#),
        2.0
    );
    assert_eq!(
        value(r#"mailmove_http_requests_total{route="/api/survey",status="429"}"#),
        1.0
    );
    assert_eq!(
        value(r#"mailmove_http_requests_total{route="static",status="503"}"#),
        1.0
    );
    assert_eq!(value("mailmove_rate_limited_total"), 1.0);
    assert_eq!(value("mailmove_surveys_total"), 2.0);
    assert_eq!(value("mailmove_streamed_survey_slots_in_use"), 0.0);
    // This scrape is the one request in flight.
    assert_eq!(value("mailmove_request_slots_in_use"), 1.0);
    let misses = value("mailmove_dns_cache_misses_total");
    let hits = value("mailmove_dns_cache_hits_total");
    assert!(misses >= 1.0, "{text}");
    // The second lookup, and the second survey's every question, came from the cache.
    assert!(hits > misses, "{text}");
    assert_eq!(
        value("mailmove_upstream_query_duration_seconds_count"),
        misses,
        "one latency per question sent upstream"
    );
    assert_eq!(
        value(r#"mailmove_upstream_query_duration_seconds_bucket{le="+Inf"}"#),
        misses
    );
    authority.stop().await.expect("stop");
}

#[tokio::test(flavor = "multi_thread")]
async fn readyz_needs_the_front_end_and_an_answering_upstream() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(dist.path().join("index.html"), "<!DOCTYPE html>").expect("write");
    // The fixture server is authoritative for `test` zones only: ask what it serves.
    let config = || ServerConfig {
        upstream_probe: Some(Query::new("example.test", RecordType::Soa)),
        ..ServerConfig::default()
    };

    let ready = state(authority.addr, Some(dist.path()), config());
    for _ in 0..3 {
        let (status, _, body) = get(&ready, "/readyz").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(json["ready"], true);
        assert_eq!(json["frontend"], true);
        assert_eq!(json["upstream"]["answering"], true);
        assert_eq!(json["upstream"]["outcome"], "records");
        assert_eq!(json["redis"], "off");
    }
    assert_eq!(
        ready.dns.upstream_latency().count(),
        1,
        "three probes, one upstream question"
    );
    // Past the cache: an answer the cache holds is not what readiness asks about.
    assert_eq!(
        ready
            .dns
            .cache_counts()
            .expect("cache")
            .misses
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );

    let no_frontend = state(authority.addr, None, config());
    let (status, _, body) = get(&no_frontend, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(json["frontend"], false);
    assert_eq!(json["upstream"]["answering"], true);

    // Port 9 (discard) on loopback: nothing answers there.
    let silent = state(([127, 0, 0, 1], 9).into(), Some(dist.path()), config());
    let (status, _, body) = get(&silent, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(json["upstream"]["answering"], false, "{body}");
    assert_eq!(json["frontend"], true);
    authority.stop().await.expect("stop");
}
