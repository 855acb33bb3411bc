//! A polite client's latency while ten other addresses flood the server, with the
//! in-process rate limiter and with the limits shared through Redis, side by side in
//! one run on one machine.
//!
//! The server is the real `mailmove serve` binary, its upstream the fixture zones on an
//! in-process authority, its rate limit `RATE_LIMIT` questions a minute per client.
//! The request is the DoH JSON endpoint for one cached name, so what is measured is
//! the server's own work, the limiter's included. The polite client (127.0.0.1) asks
//! `POLITE_PER_SECOND` times a second, under its limit, on one keep-alive connection,
//! and records each latency. The flood comes from 127.0.0.2 to 127.0.0.11 (client
//! sockets bound to those sources, so each is its own client to the limiter), each
//! source asking `FLOOD_FACTOR` times its limit, paced, on `FLOOD_CONNECTIONS`
//! keep-alive connections; most of its requests are answered 429. Each configuration:
//! `QUIET` seconds of the polite client alone, then the flood until the sources' bursts
//! are spent, then `FLOODED` seconds of the polite client under the flood.
//!
//! Run: `cargo bench -p mailmove-server --bench flood` (needs `redis-server`).

use std::io::{BufRead as _, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context as _, bail};
use mailmove_testkit::dns_authority::DnsAuthority;
use mailmove_testkit::redis::RedisServer;
use tokio::io::{
    AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader as TokioBufReader,
};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::{Instant, MissedTickBehavior};

/// Questions a minute per client (`--rate-limit`).
const RATE_LIMIT: u32 = 1200;
/// The polite client's requests a second: half its limit.
const POLITE_PER_SECOND: u32 = 10;
/// Flooding sources: 127.0.0.2 …
const FLOOD_SOURCES: u8 = 10;
/// Each floods at this many times its limit.
const FLOOD_FACTOR: u32 = 10;
/// Keep-alive connections per flooding source.
const FLOOD_CONNECTIONS: u32 = 8;
const QUIET: Duration = Duration::from_secs(5);
const FLOODED: Duration = Duration::from_secs(15);
const PATH: &str = "/dns-query?name=example.test&type=MX";

/// One keep-alive HTTP/1.1 connection from a chosen source address.
struct Connection {
    stream: TokioBufReader<TcpStream>,
    host: SocketAddr,
}

impl Connection {
    async fn open(source: IpAddr, server: SocketAddr) -> anyhow::Result<Connection> {
        let socket = TcpSocket::new_v4()?;
        socket.bind(SocketAddr::new(source, 0))?;
        let stream = socket.connect(server).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream: TokioBufReader::new(stream),
            host: server,
        })
    }

    /// `GET PATH`: the status code, with the body read (the connection stays usable).
    async fn get(&mut self) -> anyhow::Result<u16> {
        let request = format!("GET {PATH} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host);
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .context("status line")?
            .parse()?;
        let mut length = 0;
        loop {
            line.clear();
            if self.stream.read_line(&mut line).await? == 0 {
                bail!("connection closed in the head");
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse()?;
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok(status)
    }
}

/// The polite client for `length`: every latency, in microseconds, and the statuses
/// other than 200 it got.
async fn polite(server: SocketAddr, length: Duration) -> anyhow::Result<(Vec<u64>, Vec<u16>)> {
    let mut connection = Connection::open(IpAddr::from([127, 0, 0, 1]), server).await?;
    let mut ticks = tokio::time::interval(Duration::from_secs(1) / POLITE_PER_SECOND);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let end = Instant::now() + length;
    let mut latencies = Vec::new();
    let mut refused = Vec::new();
    while Instant::now() < end {
        ticks.tick().await;
        let started = Instant::now();
        let status = connection.get().await?;
        latencies.push(started.elapsed().as_micros() as u64);
        if status != 200 {
            refused.push(status);
        }
    }
    Ok((latencies, refused))
}

/// Counts of the flood's answers.
#[derive(Default)]
struct FloodCounts {
    ok: AtomicU64,
    limited: AtomicU64,
    other: AtomicU64,
}

impl FloodCounts {
    fn now(&self) -> [u64; 3] {
        [&self.ok, &self.limited, &self.other].map(|count| count.load(Ordering::Relaxed))
    }
}

/// Floods `server` from every source until `stop`.
fn flood(
    server: SocketAddr,
    stop: &Arc<AtomicBool>,
    counts: &Arc<FloodCounts>,
) -> Vec<tokio::task::JoinHandle<anyhow::Result<()>>> {
    let per_connection =
        f64::from(RATE_LIMIT) / 60.0 * f64::from(FLOOD_FACTOR) / f64::from(FLOOD_CONNECTIONS);
    let mut tasks = Vec::new();
    for source in 2..2 + FLOOD_SOURCES {
        for _ in 0..FLOOD_CONNECTIONS {
            let stop = stop.clone();
            let counts = counts.clone();
            tasks.push(tokio::spawn(async move {
                let source = IpAddr::from([127, 0, 0, source]);
                let mut connection = Connection::open(source, server).await?;
                let mut ticks =
                    tokio::time::interval(Duration::from_secs_f64(1.0 / per_connection));
                ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
                while !stop.load(Ordering::Relaxed) {
                    ticks.tick().await;
                    let counter = match connection.get().await? {
                        200 => &counts.ok,
                        429 => &counts.limited,
                        _ => &counts.other,
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            }));
        }
    }
    tasks
}

fn percentile(sorted: &[u64], fraction: f64) -> f64 {
    let index = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index] as f64 / 1000.0
}

fn summary((mut latencies, refused): (Vec<u64>, Vec<u16>)) -> String {
    latencies.sort_unstable();
    format!(
        "n={:>4}  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms  not 200: {refused:?}",
        latencies.len(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    )
}

/// Starts `mailmove serve` with `extra` arguments; returns it and its address.
fn start_server(authority: SocketAddr, extra: &[&str]) -> anyhow::Result<(Child, SocketAddr)> {
    let mut server = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(["serve", "--listen", "127.0.0.1:0", "--allow-tld", "test"])
        .args(["--nameserver", &authority.to_string()])
        .args(["--rate-limit", &RATE_LIMIT.to_string()])
        .args(extra)
        // The shed requests' warnings would drown the figures; Redis's state stays.
        .env(
            "RUST_LOG",
            "warn,tower_http=off,mailmove_server::bounds=error",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let mut line = String::new();
    BufReader::new(server.stdout.take().context("stdout")?).read_line(&mut line)?;
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .with_context(|| format!("unexpected first line {line:?}"))?
        .parse()?;
    Ok((server, addr))
}

async fn measure(label: &str, server: SocketAddr) -> anyhow::Result<()> {
    // Warm the answer cache, so every request is the server's own work.
    let mut warm = Connection::open(IpAddr::from([127, 0, 0, 12]), server).await?;
    anyhow::ensure!(warm.get().await? == 200, "warm-up failed");
    let quiet = polite(server, QUIET).await?;
    let stop = Arc::new(AtomicBool::new(false));
    let counts = Arc::new(FloodCounts::default());
    let tasks = flood(server, &stop, &counts);
    // Let the flood use up the sources' bursts first (burst / (asked - refill), + 1 s).
    let asked = f64::from(RATE_LIMIT) / 60.0 * f64::from(FLOOD_FACTOR);
    let refill = f64::from(RATE_LIMIT) / 60.0;
    tokio::time::sleep(Duration::from_secs_f64(
        f64::from(RATE_LIMIT) / (asked - refill) + 1.0,
    ))
    .await;
    let before = counts.now();
    let flooded = polite(server, FLOODED).await?;
    let after = counts.now();
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await??;
    }
    let [ok, limited, other] =
        [0, 1, 2].map(|index| (after[index] - before[index]) as f64 / FLOODED.as_secs_f64());
    println!("{label}");
    println!("  polite, alone:        {}", summary(quiet));
    println!("  polite, under flood:  {}", summary(flooded));
    println!(
        "  flood meanwhile: {:.0} req/s answered: {ok:.0} 200, {limited:.0} 429, {other:.0} other (503 shed)",
        ok + limited + other
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let authority = runtime.block_on(DnsAuthority::fixtures())?;
    let redis =
        RedisServer::start().context("needs redis-server (apt-get install redis-server)")?;
    let flood_target = RATE_LIMIT / 60 * FLOOD_FACTOR * u32::from(FLOOD_SOURCES);
    println!(
        "limit {RATE_LIMIT}/min per client; polite {POLITE_PER_SECOND} req/s from 127.0.0.1; \
         flood {FLOOD_SOURCES} sources × {FLOOD_FACTOR}× the limit = {flood_target} req/s \
         asked on {} connections; {} s alone, then {} s under the flood; loopback, \
         2 cores shared by the clients, the server and Redis",
        u32::from(FLOOD_SOURCES) * FLOOD_CONNECTIONS,
        QUIET.as_secs(),
        FLOODED.as_secs()
    );
    for (label, extra) in [
        ("in-process limiter", vec![]),
        (
            "limits shared through Redis",
            vec!["--redis-url".to_owned(), redis.url()],
        ),
    ] {
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let (mut server, addr) = start_server(authority.addr, &extra)?;
        let result = runtime.block_on(measure(label, addr));
        server.kill()?;
        server.wait()?;
        result?;
    }
    Ok(())
}
