//! Addresses from DNS data that the server must never contact (issue 18, item 1):
//! for every range of the IANA special-purpose registries, and the IPv6 forms that
//! carry a private IPv4 address, each user of the address policy — the survey's
//! direct questions (`dns::ask_directly`), the MTA-STS policy fetch, the monitor's questions
//! to authoritative servers and the DoH `server=` extension — answers `NotAsked` or
//! the refusal without opening a socket to it.
//!
//! No packet leaves loopback even if the policy were wrong: every user runs with
//! `DirectPolicy::PublicOnLoopback`, which decides exactly as production does but sends
//! whatever it allows to a counting listener on 127.0.0.1. A public address is the
//! control: the listener must see it.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use mailmove_core::DomainName;
use mailmove_core::dns::{Outcome, Query, RecordType};
use mailmove_core::monitor::{Expectation, View};
use mailmove_core::mta_sts::{FetchError, PolicyFetch};
use mailmove_server::address_policy::DirectPolicy;
use mailmove_server::dns::ask_directly;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::mta_sts_fetch::PolicyFetcher;
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use tower::ServiceExt as _;

/// One address per range, with the range and its RFC.
const REFUSED: &[(&str, &str)] = &[
    // What the attack run reached.
    ("64:ff9b::7f00:1", "NAT64 of 127.0.0.1, RFC 6052"),
    ("64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254, RFC 6052"),
    ("::ffff:0:7f00:1", "IPv4-translated 127.0.0.1, RFC 2765"),
    ("2002:7f00:1::1", "6to4 of 127.0.0.1, RFC 3056"),
    ("fec0::1", "site-local, RFC 3879"),
    // IPv4 Special-Purpose Address Registry.
    ("0.0.0.0", "this network, RFC 791"),
    ("10.0.0.1", "private use, RFC 1918"),
    ("100.64.0.1", "shared address space, RFC 6598"),
    ("127.0.0.1", "loopback, RFC 1122"),
    ("169.254.169.254", "link-local, RFC 3927"),
    ("172.16.0.1", "private use, RFC 1918"),
    ("192.0.0.9", "IETF protocol assignments, RFC 6890"),
    ("192.0.2.1", "TEST-NET-1, RFC 5737"),
    ("192.31.196.1", "AS112-v4, RFC 7535"),
    ("192.52.193.1", "AMT, RFC 7450"),
    ("192.88.99.1", "6to4 relay anycast, RFC 7526"),
    ("192.168.1.1", "private use, RFC 1918"),
    ("192.175.48.1", "AS112 direct delegation, RFC 7534"),
    ("198.18.0.1", "benchmarking, RFC 2544"),
    ("198.51.100.1", "TEST-NET-2, RFC 5737"),
    ("203.0.113.1", "TEST-NET-3, RFC 5737"),
    ("224.0.0.1", "multicast, RFC 5771"),
    ("240.0.0.1", "reserved, RFC 1112"),
    ("255.255.255.255", "limited broadcast, RFC 8190"),
    // IPv6 Special-Purpose Address Registry and everything outside 2000::/3.
    ("::", "unspecified, RFC 4291"),
    ("::1", "loopback, RFC 4291"),
    ("::127.0.0.1", "IPv4-compatible, RFC 4291"),
    ("::ffff:127.0.0.1", "IPv4-mapped, RFC 4291"),
    ("::ffff:10.0.0.1", "IPv4-mapped, RFC 4291"),
    ("64:ff9b::a00:1", "NAT64 of 10.0.0.1, RFC 6052"),
    ("64:ff9b:1::808:808", "local-use translation, RFC 8215"),
    ("100::1", "discard-only, RFC 6666"),
    ("100:0:0:1::1", "dummy prefix, RFC 9780"),
    ("2001::1", "Teredo, RFC 4380"),
    ("2001:1::1", "PCP anycast, RFC 7723"),
    ("2001:2::1", "benchmarking, RFC 5180"),
    ("2001:3::1", "AMT, RFC 7450"),
    ("2001:4:112::1", "AS112-v6, RFC 7535"),
    ("2001:20::1", "ORCHIDv2, RFC 7343"),
    ("2001:30::1", "drone remote ID, RFC 9374"),
    ("2001:db8::1", "documentation, RFC 3849"),
    ("2002:a00:1::1", "6to4 of 10.0.0.1, RFC 3056"),
    ("2620:4f:8000::1", "AS112 direct delegation, RFC 7534"),
    ("3fff::1", "documentation, RFC 9637"),
    ("5f00::1", "SRv6 SIDs, RFC 9602"),
    ("fc00::1", "unique local, RFC 4193"),
    ("fe80::1", "link-local, RFC 4291"),
    ("ff02::1", "multicast, RFC 4291"),
];

/// Public unicast: the controls, which the listener must see.
const CONTROLS: &[&str] = &["8.8.8.8", "2001:4860:4860::8888", "64:ff9b::808:808"];

/// A UDP listener on loopback that counts datagrams and answers each with REFUSED.
async fn udp_counter() -> (u16, Arc<AtomicUsize>) {
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let port = socket.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        let mut buf = [0u8; 1500];
        while let Ok((len, peer)) = socket.recv_from(&mut buf).await {
            seen.fetch_add(1, Ordering::SeqCst);
            if len >= 12 {
                buf[2] |= 0x80; // QR: a response
                buf[3] = (buf[3] & 0xf0) | 5; // RCODE REFUSED
                let _ = socket.send_to(&buf[..len], peer).await;
            }
        }
    });
    (port, count)
}

/// A TCP listener on loopback that counts connections and closes them.
async fn tcp_counter() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (port, count)
}

/// The zone `r<index>.test` (or `ok<index>.test` for a control) whose name server and
/// MTA-STS policy host have `address`.
fn zone(origin: &str, address: &str) -> String {
    let rtype = if address.parse::<IpAddr>().unwrap().is_ipv4() {
        "A"
    } else {
        "AAAA"
    };
    format!(
        "$ORIGIN {origin}.\n$TTL 300\n\
         @        IN SOA ns hostmaster 1 3600 600 86400 60\n\
         @        IN NS  ns\n\
         ns       IN {rtype} {address}\n\
         @        IN MX  10 mx\n\
         mx       IN A   127.0.0.10\n\
         _mta-sts IN TXT \"v=STSv1; id=1\"\n\
         mta-sts  IN {rtype} {address}\n"
    )
}

fn refused_zone(index: usize) -> String {
    format!("r{index}.test")
}

fn control_zone(index: usize) -> String {
    format!("ok{index}.test")
}

/// An authority serving a zone per refused address and per control.
async fn world() -> (DnsAuthority, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut zones = Vec::new();
    let all = REFUSED
        .iter()
        .enumerate()
        .map(|(index, (address, _))| (refused_zone(index), *address))
        .chain(
            CONTROLS
                .iter()
                .enumerate()
                .map(|(index, address)| (control_zone(index), *address)),
        );
    for (origin, address) in all {
        let path = dir.path().join(format!("{origin}.zone"));
        std::fs::write(&path, zone(&origin, address)).unwrap();
        zones.push((format!("{origin}."), path));
    }
    let authority = DnsAuthority::serve_zones(&zones).await.unwrap();
    (authority, dir)
}

fn dns(authority: &DnsAuthority) -> Dns {
    Dns::new(&Upstream::Nameserver(authority.addr)).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn direct_questions_to_special_addresses_are_not_asked() {
    let (port, seen) = udp_counter().await;
    let policy = DirectPolicy::PublicOnLoopback { port };
    for (address, range) in REFUSED {
        let ip: IpAddr = address.parse().unwrap();
        assert_eq!(policy.target(ip), None, "{address} ({range})");
        let query = Query::at("example.test", RecordType::Soa, ip);
        assert_eq!(
            ask_directly(&policy, ip, &query).await,
            Outcome::NotAsked,
            "{address} ({range})"
        );
        assert_eq!(
            seen.load(Ordering::SeqCst),
            0,
            "{address} ({range}) was contacted"
        );
    }
    for address in CONTROLS {
        let before = seen.load(Ordering::SeqCst);
        let ip: IpAddr = address.parse().unwrap();
        let query = Query::at("example.test", RecordType::Soa, ip);
        assert_eq!(
            ask_directly(&policy, ip, &query).await,
            Outcome::Refused,
            "{address}"
        );
        // hickory may ask again after REFUSED: at least once.
        assert!(seen.load(Ordering::SeqCst) > before, "{address}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_policy_fetch_never_connects_to_special_addresses() {
    let (authority, _dir) = world().await;
    let (port, seen) = tcp_counter().await;
    let dns = dns(&authority);
    let fetcher = PolicyFetcher::with_addresses(DirectPolicy::PublicOnLoopback { port }, &[]);
    for (index, (address, range)) in REFUSED.iter().enumerate() {
        match fetcher.fetch(&dns, &refused_zone(index)).await {
            PolicyFetch::Failed {
                error: FetchError::NotAsked,
                ..
            } => {}
            other => panic!("{address} ({range}): {other:?}"),
        }
        assert_eq!(
            seen.load(Ordering::SeqCst),
            0,
            "{address} ({range}) was contacted"
        );
    }
    for (index, address) in CONTROLS.iter().enumerate() {
        let fetch = fetcher.fetch(&dns, &control_zone(index)).await;
        assert!(
            matches!(fetch, PolicyFetch::Failed { ref error, .. } if *error != FetchError::NotAsked),
            "{address}: {fetch:?}"
        );
        assert_eq!(seen.load(Ordering::SeqCst), index + 1, "{address}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_monitor_does_not_ask_authorities_at_special_addresses() {
    let (authority, _dir) = world().await;
    let (port, seen) = udp_counter().await;
    let dns = dns(&authority).with_direct(DirectPolicy::PublicOnLoopback { port });
    let names = mailmove_core::NamePolicy::allowing(["test"]);
    let expectation = || Expectation::new(["mx.new.test"], std::iter::empty::<&str>(), None, None);
    for (index, (address, range)) in REFUSED.iter().enumerate() {
        let domain = DomainName::parse_with(&refused_zone(index), &names).unwrap();
        let reading = mailmove_server::monitor::run(&dns, &[], &domain, expectation()).await;
        let servers = &reading.status.servers;
        assert_eq!(servers.len(), 1, "{address} ({range}): {servers:?}");
        assert_eq!(servers[0].view, View::Unreachable, "{address} ({range})");
        assert_eq!(
            seen.load(Ordering::SeqCst),
            0,
            "{address} ({range}) was contacted"
        );
    }
    for (index, address) in CONTROLS.iter().enumerate() {
        let before = seen.load(Ordering::SeqCst);
        let domain = DomainName::parse_with(&control_zone(index), &names).unwrap();
        mailmove_server::monitor::run(&dns, &[], &domain, expectation()).await;
        assert!(seen.load(Ordering::SeqCst) > before, "{address}");
    }
}

async fn doh_direct(state: &AppState, zone: &str, server: &str) -> (StatusCode, serde_json::Value) {
    let response = app(state.clone())
        .oneshot(
            Request::get(format!("/dns-query?name={zone}&type=SOA&server={server}"))
                .header("accept", "application/dns-json")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn doh_server_extension_does_not_ask_special_addresses() {
    let (authority, _dir) = world().await;
    let (port, seen) = udp_counter().await;
    let dns = dns(&authority).with_direct(DirectPolicy::PublicOnLoopback { port });
    let state = AppState::new(
        dns,
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig::default(),
    );
    for (index, (address, range)) in REFUSED.iter().enumerate() {
        let (status, body) = doh_direct(&state, &refused_zone(index), address).await;
        assert_eq!(status, StatusCode::OK, "{address} ({range}): {body}");
        assert_eq!(body["Status"], 2, "{address} ({range}): {body}");
        assert!(
            body["Comment"]
                .as_str()
                .unwrap_or_default()
                .contains("not asked"),
            "{address} ({range}): {body}"
        );
        assert_eq!(
            seen.load(Ordering::SeqCst),
            0,
            "{address} ({range}) was contacted"
        );
    }
    for (index, address) in CONTROLS.iter().enumerate() {
        let before = seen.load(Ordering::SeqCst);
        let (status, body) = doh_direct(&state, &control_zone(index), address).await;
        assert_eq!(status, StatusCode::OK, "{address}: {body}");
        assert!(seen.load(Ordering::SeqCst) > before, "{address}");
    }
}
