//! `--trusted-proxy`: behind a trusted reverse proxy each client has its own rate
//! limit (from `X-Forwarded-For` / `Forwarded`); without the option the headers are
//! ignored, so a client cannot pick a fresh budget by writing one.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::rate_limit::RateLimit;
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use tower::ServiceExt as _;

const DOH: &str = "/dns-query?name=example.test&type=MX";

fn state(authority: &DnsAuthority, trusted: &[&str]) -> AppState {
    AppState::new(
        Dns::new(&Upstream::Nameserver(authority.addr)).expect("resolver"),
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig {
            rate_limit: RateLimit {
                per_minute: 6,
                burst: 2,
            },
            trusted_proxies: trusted.iter().map(|range| range.parse().unwrap()).collect(),
            ..ServerConfig::default()
        },
    )
}

/// A request from the TCP peer `peer` carrying `headers`.
async fn status(state: &AppState, peer: [u8; 4], headers: &[(&str, &str)]) -> StatusCode {
    let mut request = Request::get(DOH);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).expect("request");
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((peer, 50_000))));
    app(state.clone())
        .oneshot(request)
        .await
        .expect("infallible")
        .status()
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_proxy_each_client_has_its_own_budget() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority, &["10.0.0.0/8"]);
    let proxy = [10, 0, 0, 1];
    let alice = [("x-forwarded-for", "203.0.113.7")];
    let bob = [("forwarded", "for=\"203.0.113.8:5555\"")];
    for _ in 0..2 {
        assert_eq!(status(&state, proxy, &alice).await, StatusCode::OK);
    }
    assert_eq!(
        status(&state, proxy, &alice).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Alice writing another address herself does not help: our proxy appends hers.
    let forged = [("x-forwarded-for", "198.51.100.99, 203.0.113.7")];
    assert_eq!(
        status(&state, proxy, &forged).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Bob, through the same proxy, has his own budget.
    assert_eq!(status(&state, proxy, &bob).await, StatusCode::OK);
    // A header our proxy did not write readably counts as the proxy itself.
    let garbled = [("x-forwarded-for", "203.0.113.9, not-an-address")];
    for _ in 0..2 {
        assert_eq!(status(&state, proxy, &garbled).await, StatusCode::OK);
    }
    assert_eq!(
        status(&state, proxy, &[]).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the garbled requests counted against the proxy's address"
    );
    // A peer outside the trusted ranges is itself the client, whatever it writes.
    let outsider = [192, 0, 2, 50];
    for n in 0..2 {
        let header = format!("198.51.100.{n}");
        let headers = [("x-forwarded-for", header.as_str())];
        assert_eq!(status(&state, outsider, &headers).await, StatusCode::OK);
    }
    let headers = [("x-forwarded-for", "198.51.100.200")];
    assert_eq!(
        status(&state, outsider, &headers).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_trusted_proxies_the_headers_are_ignored() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority, &[]);
    let peer = [10, 0, 0, 1];
    for n in 0..2 {
        let header = format!("203.0.113.{n}");
        let headers = [
            ("x-forwarded-for", header.as_str()),
            ("forwarded", "for=192.0.2.1"),
        ];
        assert_eq!(status(&state, peer, &headers).await, StatusCode::OK);
    }
    let headers = [("x-forwarded-for", "203.0.113.77")];
    assert_eq!(
        status(&state, peer, &headers).await,
        StatusCode::TOO_MANY_REQUESTS,
        "every request counted against the peer"
    );
}
