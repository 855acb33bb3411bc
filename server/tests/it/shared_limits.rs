//! Several instances on one real `redis-server` (`--redis-url`): a client over its
//! limit on one instance is limited on the other, the streamed-survey counts are
//! shared, and a Redis that goes away leaves every instance serving with its own
//! limiter and saying so on `/readyz`.

use std::net::{IpAddr, SocketAddr};

use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::rate_limit::RateLimit;
use mailmove_server::stream_slots::MAX_STREAMED_PER_CLIENT;
use mailmove_server::{AppState, ServerConfig, serve};
use mailmove_testkit::dns_authority::{AuthorityOptions, DnsAuthority};
use mailmove_testkit::redis::RedisServer;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::time::{Duration, Instant};

const DOH: &str = "/dns-query?name=example.test&type=MX";

/// A Redis, or None when it is not installed (a failure under `cargo xtask test`).
fn redis() -> Option<RedisServer> {
    if !RedisServer::available() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_REDIS"),
            "redis-server is not installed"
        );
        eprintln!("skipped: /usr/bin/redis-server is not installed (apt-get install redis-server)");
        return None;
    }
    Some(RedisServer::start().expect("redis-server"))
}

/// One `mailmove serve` instance in this process, on its own loopback port.
struct Instance {
    addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

async fn instance(authority: &DnsAuthority, redis_url: Option<&str>, limit: RateLimit) -> Instance {
    let config = ServerConfig {
        rate_limit: limit,
        redis_url: redis_url.map(|url| url.parse().expect("URL")),
        ..ServerConfig::default()
    };
    let state = AppState::new(
        Dns::new(&Upstream::Nameserver(authority.addr)).expect("resolver"),
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        config,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(serve(listener, state, async {
        let _ = stopped.await;
    }));
    Instance { addr, _stop: stop }
}

/// Sends `GET path` and returns the open connection after the status line.
async fn send(addr: SocketAddr, path: &str) -> (u16, TcpStream) {
    send_from(IpAddr::from([127, 0, 0, 1]), addr, path).await
}

/// `send` from the loopback address `source`: another client to the limiter.
async fn send_from(source: IpAddr, addr: SocketAddr, path: &str) -> (u16, TcpStream) {
    let socket = TcpSocket::new_v4().expect("socket");
    socket.bind(SocketAddr::new(source, 0)).expect("bind");
    let mut stream = socket.connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut head = Vec::new();
    let mut octet = [0; 1];
    while !head.ends_with(b"\r\n") {
        assert_eq!(
            stream.read(&mut octet).await.expect("read"),
            1,
            "status line"
        );
        head.push(octet[0]);
    }
    let status = String::from_utf8_lossy(&head)
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status code");
    (status, stream)
}

/// `GET path`: the status and the body (headers included).
async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    get_from(IpAddr::from([127, 0, 0, 1]), addr, path).await
}

/// `get` from the loopback address `source`.
async fn get_from(source: IpAddr, addr: SocketAddr, path: &str) -> (u16, String) {
    let (status, mut stream) = send_from(source, addr, path).await;
    let mut rest = String::new();
    stream.read_to_string(&mut rest).await.expect("read");
    (status, rest)
}

async fn redis_state(addr: SocketAddr) -> String {
    // These instances serve no front end, so they are not ready (503); the Redis
    // state is reported either way, and never makes an instance unready by itself.
    let (status, text) = get(addr, "/readyz").await;
    assert!(matches!(status, 200 | 503), "{status}");
    let body = text.split("\r\n\r\n").nth(1).expect("body");
    let ready: serde_json::Value = serde_json::from_str(body).expect("JSON");
    ready["redis"].as_str().expect("redis state").to_owned()
}

const SMALL: RateLimit = RateLimit {
    per_minute: 6,
    burst: 3,
};

/// One token a minute: a client refused stays refused for the whole test.
const TINY: RateLimit = RateLimit {
    per_minute: 1,
    burst: 3,
};

/// The bucket scripts Redis has run.
fn scripts_run(redis: &RedisServer) -> u64 {
    ["evalsha", "eval"]
        .iter()
        .map(|command| redis.calls(command).expect("INFO commandstats"))
        .sum()
}

fn retry_after(text: &str) -> u64 {
    text.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("retry-after")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or_else(|| panic!("no Retry-After: {text}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_over_its_limit_on_one_instance_is_limited_on_the_other() {
    let Some(redis) = redis() else { return };
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let one = instance(&authority, Some(&redis.url()), SMALL).await;
    let other = instance(&authority, Some(&redis.url()), SMALL).await;
    assert_eq!(redis_state(one.addr).await, "connected");
    assert_eq!(redis_state(other.addr).await, "connected");
    for _ in 0..3 {
        assert_eq!(get(one.addr, DOH).await.0, 200);
    }
    assert_eq!(get(one.addr, DOH).await.0, 429);
    let (status, text) = get(other.addr, DOH).await;
    assert_eq!(status, 429, "the other instance knows: {text}");
    assert!(text.to_ascii_lowercase().contains("retry-after:"), "{text}");

    // Without Redis the instances know nothing of each other: the same client starts
    // with a full bucket on each (what the shared limit is there to prevent).
    let alone = instance(&authority, None, SMALL).await;
    let also_alone = instance(&authority, None, SMALL).await;
    for _ in 0..3 {
        assert_eq!(get(alone.addr, DOH).await.0, 200);
    }
    assert_eq!(get(alone.addr, DOH).await.0, 429);
    assert_eq!(get(also_alone.addr, DOH).await.0, 200);
    assert_eq!(redis_state(alone.addr).await, "off");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_redis_the_instances_serve_with_their_own_limiter_and_say_so() {
    let Some(mut redis) = redis() else { return };
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let one = instance(&authority, Some(&redis.url()), TINY).await;
    let other = instance(&authority, Some(&redis.url()), TINY).await;
    for _ in 0..3 {
        assert_eq!(get(one.addr, DOH).await.0, 200);
    }
    assert_eq!(get(other.addr, DOH).await.0, 429);

    redis.kill();
    // Served, not failed: each instance's own limiter decides now.
    let fresh = IpAddr::from([127, 0, 0, 2]);
    assert_eq!(get_from(fresh, other.addr, DOH).await.0, 200);
    assert_eq!(redis_state(other.addr).await, "unreachable");
    assert_eq!(redis_state(one.addr).await, "unreachable");
    // And it limits: the burst, then 429.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(get_from(fresh, other.addr, DOH).await.0);
    }
    assert_eq!(statuses, [200, 200, 429], "the local limiter is in force");
    // What Redis let through here was taken from the local buckets too: the client
    // that spent its share is no fresh client now (issue 18's flood bench).
    let (status, text) = get(one.addr, DOH).await;
    assert_eq!(status, 429, "{text}");
    assert_eq!(get(one.addr, "/healthz").await.0, 200);
}

/// Issue 18's flood bench: every refused request of a flood was a round trip to
/// Redis, inside one of the server's request slots.
#[tokio::test(flavor = "multi_thread")]
async fn a_client_redis_refused_is_refused_again_without_asking_redis() {
    let Some(redis) = redis() else { return };
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let one = instance(&authority, Some(&redis.url()), TINY).await;
    for _ in 0..3 {
        assert_eq!(get(one.addr, DOH).await.0, 200);
    }
    let (status, text) = get(one.addr, DOH).await;
    assert_eq!(status, 429, "{text}");
    let first_wait = retry_after(&text);
    assert!((1..=60).contains(&first_wait), "{first_wait}");
    let asked = scripts_run(&redis);
    for _ in 0..20 {
        let (status, text) = get(one.addr, DOH).await;
        assert_eq!(status, 429, "{text}");
        assert!((1..=first_wait).contains(&retry_after(&text)), "{text}");
    }
    assert_eq!(scripts_run(&redis), asked, "refused without asking Redis");
    // Another client is asked about as before.
    assert_eq!(get_from([127, 0, 0, 2].into(), one.addr, DOH).await.0, 200);
    assert_eq!(scripts_run(&redis), asked + 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn streamed_survey_slots_are_counted_across_instances() {
    let Some(redis) = redis() else { return };
    // Each round of answers takes 1.5 s: the surveys are still running while the
    // other instance is asked.
    let authority = DnsAuthority::serve_dir_with(
        &mailmove_testkit::fixture("zones"),
        AuthorityOptions {
            delay: Duration::from_millis(1500),
            ..AuthorityOptions::default()
        },
    )
    .await
    .expect("authority");
    let unlimited = RateLimit {
        per_minute: 0,
        burst: 0,
    };
    let one = instance(&authority, Some(&redis.url()), unlimited).await;
    let other = instance(&authority, Some(&redis.url()), unlimited).await;
    let survey = "/api/survey?domain=example.test&stream=1";
    let mut running = Vec::new();
    for _ in 0..MAX_STREAMED_PER_CLIENT {
        let (status, stream) = send(one.addr, survey).await;
        assert_eq!(status, 200);
        running.push(stream);
    }
    assert_eq!(send(one.addr, survey).await.0, 429, "at its cap here");
    assert_eq!(send(other.addr, survey).await.0, 429, "and there");
    // Hanging up ends the surveys, which give their slots back everywhere.
    drop(running);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, _stream) = send(other.addr, survey).await;
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "slots were not given back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn scripts_forgotten_by_redis_are_sent_again() {
    use mailmove_server::rate_limit::ClientKeys;
    use mailmove_server::redis::{Redis, RedisState};
    use mailmove_server::shared_limits::take_shared;
    let Some(server) = redis() else { return };
    let redis = Redis::new(server.url().parse().expect("URL"));
    let keys = ClientKeys::of([192, 0, 2, 1].into());
    assert_eq!(take_shared(&redis, SMALL, keys, 1).await, Some(Ok(())));
    // What a restarted Redis (or `SCRIPT FLUSH`) does: EVALSHA says NOSCRIPT.
    assert_eq!(server.inline("SCRIPT FLUSH").as_deref(), Some("+OK"));
    assert_eq!(take_shared(&redis, SMALL, keys, 1).await, Some(Ok(())));
    assert_eq!(take_shared(&redis, SMALL, keys, 1).await, Some(Ok(())));
    // One token every 10 s, to the millisecond.
    assert!(matches!(
        take_shared(&redis, SMALL, keys, 1).await,
        Some(Err(wait)) if wait > Duration::from_secs(9) && wait <= Duration::from_secs(10)
    ));
    assert_eq!(redis.state(), RedisState::Connected);
    // Every key expires.
    let ttl = server.inline("PTTL mailmove:rate:192.0.2.1").expect("PTTL");
    let ttl: i64 = ttl.trim_start_matches(':').parse().expect("integer");
    assert!(ttl > 0, "the bucket key expires ({ttl})");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_48_shares_one_budget_in_redis_too() {
    use mailmove_server::rate_limit::{ClientKeys, SITE_SHARE};
    use mailmove_server::redis::Redis;
    use mailmove_server::shared_limits::take_shared;
    let Some(server) = redis() else { return };
    let redis = Redis::new(server.url().parse().expect("URL"));
    let in_site = |n: u16| {
        ClientKeys::of(std::net::IpAddr::from(std::net::Ipv6Addr::new(
            0x2001, 0xdb8, 7, n, 0, 0, 0, 1,
        )))
    };
    for n in 0..SITE_SHARE as u16 {
        assert_eq!(
            take_shared(&redis, SMALL, in_site(n), 3).await,
            Some(Ok(())),
            "/64 {n}"
        );
    }
    assert!(matches!(
        take_shared(&redis, SMALL, in_site(999), 1).await,
        Some(Err(_))
    ));
    let elsewhere = ClientKeys::of("2001:db8:8::1".parse().expect("address"));
    assert_eq!(take_shared(&redis, SMALL, elsewhere, 3).await, Some(Ok(())));
}
