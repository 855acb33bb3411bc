//! The connection limits (`connections`), through a real listener on 127.0.0.1 and raw
//! HTTP/1.1: slow and idle clients are closed, the connection cap makes room by
//! closing the quietest idle connection (never one with a request in flight), and
//! graceful shutdown still lets a request in flight finish.
//!
//! The limits are set short here so the tests stay quick; "closed within" bounds are
//! correctness (the connection is closed at all, not left open forever), far above
//! the configured limit.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::Ordering;

use mailmove_server::bounds::Bounds;
use mailmove_server::connections::ConnectionLimits;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::{AppState, ServerConfig, serve};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::time::{Duration, Instant, timeout};

/// Far above every limit configured here, far below "never".
const WITHIN: Duration = Duration::from_secs(8);

fn state(limits: ConnectionLimits, dist: Option<&Path>) -> AppState {
    // Port 9 (discard) on loopback: these requests never reach the resolver.
    let dns = Dns::new(&Upstream::Nameserver(([127, 0, 0, 1], 9).into())).expect("resolver");
    AppState::new(
        dns,
        dist.map(Path::to_path_buf),
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig {
            connections: limits,
            bounds: Bounds {
                request_timeout: Duration::from_secs(60),
                ..Bounds::default()
            },
            ..ServerConfig::default()
        },
    )
}

async fn start(state: AppState) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(serve(listener, state, std::future::pending()));
    addr
}

fn limits(header_read: u64, idle: u64, max_connections: usize) -> ConnectionLimits {
    ConnectionLimits {
        header_read_timeout: Duration::from_secs(header_read),
        idle_timeout: Duration::from_secs(idle),
        max_connections,
    }
}

/// Reads until the server closes (EOF or reset); the octets read.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut read = Vec::new();
    let mut buffer = [0; 65_536];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return read,
            Ok(n) => read.extend_from_slice(&buffer[..n]),
        }
    }
}

/// Whether the server closes `stream` within `WITHIN`.
async fn closed_within(stream: &mut TcpStream) -> bool {
    timeout(WITHIN, until_closed(stream)).await.is_ok()
}

/// Reads one response with a `Content-Length` body, leaving the connection open.
async fn one_response(stream: &mut TcpStream) -> String {
    let mut read = Vec::new();
    let mut byte = [0; 1];
    while !read.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).await.expect("read head");
        assert_eq!(n, 1, "closed inside the head: {read:?}");
        read.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&read).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .expect("content-length");
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await.expect("read body");
    head + &String::from_utf8_lossy(&body)
}

async fn healthz(addr: SocketAddr) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    String::from_utf8_lossy(&until_closed(&mut stream).await).into_owned()
}

/// Waits until the server holds `open` connections (it accepts asynchronously).
async fn until_open(state: &AppState, open: usize) {
    let deadline = Instant::now() + WITHIN;
    while state.metrics.connections.open.load(Ordering::Relaxed) != open {
        assert!(Instant::now() < deadline, "never {open} connections open");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_that_never_sends_is_closed() {
    let addr = start(state(limits(1, 60, 64), None)).await;
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    assert!(closed_within(&mut idle).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kept_alive_connection_is_closed_when_it_goes_quiet() {
    let addr = start(state(limits(1, 60, 64), None)).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    for _ in 0..2 {
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            .await
            .expect("write");
        let response = one_response(&mut stream).await;
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    }
    assert!(closed_within(&mut stream).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_header_sent_a_byte_at_a_time_is_cut_off() {
    let addr = start(state(limits(1, 60, 64), None)).await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\n")
        .await
        .expect("write");
    let trickle = async {
        // Each byte is progress; only the head's deadline can end this.
        loop {
            if stream.write_all(b"X").await.is_err() {
                return;
            }
            let mut buffer = [0; 1024];
            let read = timeout(Duration::from_millis(200), stream.read(&mut buffer)).await;
            if let Ok(Ok(0) | Err(_)) = read {
                return;
            }
        }
    };
    assert!(timeout(WITHIN, trickle).await.is_ok(), "still open");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_that_stops_reading_is_cut_off() {
    const SIZE: usize = 16 << 20;
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(dist.path().join("index.html"), "<!DOCTYPE html>").expect("write");
    std::fs::write(dist.path().join("big.bin"), vec![7_u8; SIZE]).expect("write");
    let state = state(limits(10, 1, 64), Some(dist.path()));
    let addr = start(state.clone()).await;
    // A small receive window, so the server's writes stall soon.
    let socket = TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("buffer size");
    let mut stream = socket.connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /big.bin HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    // Not reading: nothing moves once the buffers are full.
    let deadline = Instant::now() + WITHIN;
    while state
        .metrics
        .connections
        .idle_closed
        .load(Ordering::Relaxed)
        == 0
    {
        assert!(
            Instant::now() < deadline,
            "the stalled connection is still open"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let read = timeout(WITHIN, until_closed(&mut stream))
        .await
        .expect("closed");
    assert!(read.len() < SIZE, "all {} octets arrived", read.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn healthz_answers_when_the_cap_is_full_of_idle_connections() {
    let state = state(limits(60, 60, 4), None);
    let addr = start(state.clone()).await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(TcpStream::connect(addr).await.expect("connect"));
        // Distinct quiet times, so "the quietest" is the first.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    until_open(&state, 4).await;
    let response = timeout(WITHIN, healthz(addr)).await.expect("answered");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(closed_within(&mut idle[0]).await, "the quietest made room");
    assert_eq!(state.metrics.connections.evicted.load(Ordering::Relaxed), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_with_a_request_in_flight_is_not_closed_for_room() {
    let state = state(limits(60, 60, 2), None);
    let addr = start(state.clone()).await;
    // First, and so the quietest: a DoH POST whose body has not come yet.
    let mut working = TcpStream::connect(addr).await.expect("connect");
    working
        .write_all(
            b"POST /dns-query HTTP/1.1\r\nHost: t\r\nContent-Type: application/dns-message\r\n\
              Content-Length: 12\r\nConnection: close\r\n\r\n",
        )
        .await
        .expect("write");
    let deadline = Instant::now() + WITHIN;
    while state.request_slots.available_permits() == Bounds::default().concurrent_requests {
        assert!(Instant::now() < deadline, "the request never arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    until_open(&state, 2).await;

    let response = timeout(WITHIN, healthz(addr)).await.expect("answered");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(closed_within(&mut idle).await, "the idle one made room");
    // The working one is still there and gets its answer.
    working.write_all(&[0; 12]).await.expect("body");
    let answer = timeout(WITHIN, until_closed(&mut working))
        .await
        .expect("answered");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_closes_idle_connections_and_finishes_requests_in_flight() {
    let state = state(limits(60, 60, 64), None);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, state.clone(), async {
        let _ = stopped.await;
    }));
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    let mut working = TcpStream::connect(addr).await.expect("connect");
    working
        .write_all(
            b"POST /dns-query HTTP/1.1\r\nHost: t\r\nContent-Type: application/dns-message\r\n\
              Content-Length: 12\r\n\r\n",
        )
        .await
        .expect("write");
    let deadline = Instant::now() + WITHIN;
    while state.request_slots.available_permits() == Bounds::default().concurrent_requests {
        assert!(Instant::now() < deadline, "the request never arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.send(()).expect("server running");
    assert!(
        closed_within(&mut idle).await,
        "idle connections close at once"
    );
    assert!(!server.is_finished(), "a request is still in flight");
    working.write_all(&[0; 12]).await.expect("body");
    let answer = timeout(WITHIN, until_closed(&mut working))
        .await
        .expect("answered and closed");
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 "));
    timeout(WITHIN, server)
        .await
        .expect("the server stops")
        .expect("joins")
        .expect("serves without error");
}
