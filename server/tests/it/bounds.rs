//! The bounds every request meets, through a real listener on 127.0.0.1 and raw
//! HTTP/1.1, so a client can hold a request open the way a hostile one does: one
//! server-wide limit that answers 503 with `Retry-After` at once when full, a timeout
//! that counts everything from the moment the request arrives, and a declared body
//! over `MAX_BODY` refused before it is sent.
//!
//! Time bounds here are correctness, not performance: "at once" is asserted with a
//! generous bound far below the timeout the server would otherwise wait for.

use std::net::SocketAddr;

use mailmove_core::api as json;
use mailmove_server::bounds::Bounds;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::rate_limit::RateLimit;
use mailmove_server::{AppState, REQUEST_TIMEOUT, ServerConfig, serve};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Duration, Instant};

/// Well below `REQUEST_TIMEOUT` (20 s), well above any honest answer on loopback.
const AT_ONCE: Duration = Duration::from_secs(5);

/// `mailmove serve` with these bounds on a free loopback port.
async fn server(bounds: Bounds) -> SocketAddr {
    server_limited(bounds, RateLimit::default()).await
}

/// `server` with this per-client rate limit.
async fn server_limited(bounds: Bounds, rate_limit: RateLimit) -> SocketAddr {
    // Port 9 (discard) on loopback: these requests never reach the resolver.
    let dns = Dns::new(&Upstream::Nameserver(([127, 0, 0, 1], 9).into())).expect("resolver");
    let state = AppState::new(
        dns,
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig {
            bounds,
            rate_limit,
            ..ServerConfig::default()
        },
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(serve(listener, state, std::future::pending()));
    addr
}

/// Sends `head` (and `body`), then reads the whole response (the server closes or
/// the client's `Connection: close` does).
async fn exchange(addr: SocketAddr, head: &str, body: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(head.as_bytes()).await.expect("write head");
    stream.write_all(body).await.expect("write body");
    read_response(&mut stream).await
}

/// Reads until the server closes the connection.
async fn read_response(stream: &mut TcpStream) -> String {
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .await
        .expect("read response");
    String::from_utf8_lossy(&response).into_owned()
}

fn healthz() -> &'static str {
    "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
}

/// A DoH POST that declares 30 octets and sends none: the route waits for its body,
/// holding a request slot.
async fn hold_a_slot(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(
            b"POST /dns-query HTTP/1.1\r\nHost: t\r\nContent-Type: application/dns-message\r\n\
              Content-Length: 30\r\nConnection: close\r\n\r\n",
        )
        .await
        .expect("write head");
    stream
}

fn status_line(response: &str) -> &str {
    response.lines().next().unwrap_or_default()
}

fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let (head, _) = response.split_once("\r\n\r\n")?;
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

fn error_body(response: &str) -> json::ApiError {
    let (_, body) = response.split_once("\r\n\r\n").expect("a body");
    serde_json::from_str(body).unwrap_or_else(|error| panic!("{error}: {body}"))
}

/// Waits until the server answers `/healthz` with 200 again (a slot is free).
async fn free_within(addr: SocketAddr, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if status_line(&exchange(addr, healthz(), b"").await).contains(" 200 ") {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_server_answers_503_with_retry_after_at_once() {
    // The real timeout: a request that waited for a slot would take 20 s.
    let addr = server(Bounds {
        concurrent_requests: 2,
        request_timeout: REQUEST_TIMEOUT,
    })
    .await;
    let held = [hold_a_slot(addr).await, hold_a_slot(addr).await];
    // The held requests reach their route (and take their slots) shortly.
    let deadline = Instant::now() + AT_ONCE;
    let (response, elapsed) = loop {
        let start = Instant::now();
        let response = exchange(addr, healthz(), b"").await;
        let elapsed = start.elapsed();
        if status_line(&response).contains(" 503 ") || Instant::now() > deadline {
            break (response, elapsed);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(
        status_line(&response).contains(" 503 "),
        "not shed: {response}"
    );
    assert!(elapsed < AT_ONCE, "shed after {elapsed:?}");
    assert_eq!(header(&response, "retry-after"), Some("2"), "{response}");
    let error = error_body(&response);
    assert_eq!(error.code, "overloaded");
    assert!(
        error.message.ja.contains("混み合って"),
        "{}",
        error.message.ja
    );
    assert!(error.message.en.contains("busy"), "{}", error.message.en);

    // Every route shares the one limit (it was one limit per route): the API too.
    let response = exchange(
        addr,
        "GET /api/lookup?domain=example.test&type=MX HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        b"",
    )
    .await;
    assert!(status_line(&response).contains(" 503 "), "{response}");
    assert_eq!(error_body(&response).code, "overloaded");

    // The clients holding the slots go away: the slots are free again.
    drop(held);
    assert!(free_within(addr, AT_ONCE).await, "slots not freed");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_timeout_counts_from_arrival_and_frees_the_slot() {
    let timeout = Duration::from_secs(1);
    let addr = server(Bounds {
        concurrent_requests: 1,
        request_timeout: timeout,
    })
    .await;
    let start = Instant::now();
    let mut held = hold_a_slot(addr).await;
    // Waiting for the body is part of the request: cut at the timeout, counted from
    // arrival, not from when the route started its own work.
    let response = read_response(&mut held).await;
    let elapsed = start.elapsed();
    assert!(status_line(&response).contains(" 503 "), "{response}");
    assert_eq!(error_body(&response).code, "timeout");
    assert!(elapsed >= timeout, "answered after {elapsed:?}");
    assert!(elapsed < timeout + AT_ONCE, "answered after {elapsed:?}");
    // Its slot is free for the next client; nobody queued meanwhile.
    let response = exchange(addr, healthz(), b"").await;
    assert!(status_line(&response).contains(" 200 "), "{response}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declared_body_over_the_limit_is_refused_at_once() {
    let addr = server(Bounds::default()).await;
    let start = Instant::now();
    // 1 GB declared, 30 octets sent: nothing to wait for.
    let response = exchange(
        addr,
        "POST /dns-query HTTP/1.1\r\nHost: t\r\nContent-Type: application/dns-message\r\n\
         Content-Length: 1000000000\r\n\r\n",
        &[0; 30],
    )
    .await;
    let elapsed = start.elapsed();
    assert!(status_line(&response).contains(" 413 "), "{response}");
    assert!(elapsed < AT_ONCE, "refused after {elapsed:?}");
    let error = error_body(&response);
    assert_eq!(error.code, "body-too-large");
    assert!(!error.message.ja.is_empty() && !error.message.en.is_empty());

    // Any route, any method: the declaration alone decides.
    let response = exchange(
        addr,
        "GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 4097\r\n\r\n",
        b"x",
    )
    .await;
    assert!(status_line(&response).contains(" 413 "), "{response}");

    // At the limit passes the bound (the route then decides what it takes).
    let response = exchange(
        addr,
        "GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\nConnection: close\r\n\r\n",
        &[b'x'; 4096],
    )
    .await;
    assert!(status_line(&response).contains(" 200 "), "{response}");
}

/// Issue 18's flood bench: the rate limit ran inside the request slots, so every
/// request of a flood, refused or not, held a slot (for a Redis round trip with
/// `--redis-url`); slots ran out and a polite client was shed with 503. A request the
/// limit refuses is now refused before it takes a slot.
#[tokio::test(flavor = "multi_thread")]
async fn a_client_over_its_limit_is_refused_without_taking_a_request_slot() {
    let addr = server_limited(
        Bounds {
            concurrent_requests: 1,
            request_timeout: REQUEST_TIMEOUT,
        },
        // Two requests, then one a minute.
        RateLimit {
            per_minute: 1,
            burst: 2,
        },
    )
    .await;
    // The route refuses it (no name), the limit counts it.
    let unnamed = "GET /resolve HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    let response = exchange(addr, unnamed, b"").await;
    assert!(status_line(&response).contains(" 400 "), "{response}");
    // The second request holds the only slot.
    let _held = hold_a_slot(addr).await;
    let deadline = Instant::now() + AT_ONCE;
    while status_line(&exchange(addr, healthz(), b"").await).contains(" 200 ") {
        assert!(Instant::now() < deadline, "the slot was not taken");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Over its limit: told so, whether or not a slot is free.
    let response = exchange(addr, unnamed, b"").await;
    assert!(status_line(&response).contains(" 429 "), "{response}");
    assert_eq!(error_body(&response).code, "too-many-requests");
    assert!(header(&response, "retry-after").is_some(), "{response}");
}
