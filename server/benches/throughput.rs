//! The server's capacity, side by side in one run on one machine: cached throughput of
//! `/api/survey` and the DoH JSON endpoint next to trivial handlers, and the server's
//! peak memory while 1,000 clients ask for cached surveys at once.
//!
//! The server is the real `mailmove serve` binary (rate limit off), its upstream the
//! fixture zones on an in-process authority on 127.0.0.1. Every URL is fetched once
//! before it is measured, so the DNS answers come from the server's cache: what is
//! measured is the server's own work (survey engine, findings, JSON) per request.
//!
//! - **Throughput:** `wrk` (Debian package `wrk`), 2 threads, 32 connections, 10 s per
//!   URL, on loopback. The trivial handlers: a bare axum route returning "ok" in this
//!   process, and the server's own `/healthz` (same middleware stack as the measured
//!   routes). The survey is measured twice: as configured by default in a test setup
//!   (the name servers' loopback addresses are not asked directly), and with
//!   `--authority-port`, so that every survey asks each name server its SOA serial
//!   directly, as production does with public name servers (direct questions are never
//!   cached).
//! - **Memory:** a fresh server, then `CLIENTS` keep-alive connections that each ask for
//!   the cached survey (with direct questions) back to back for `CONCURRENT` seconds.
//!   The server serves `MAX_CONCURRENT_REQUESTS` (64) at once and sheds the rest with
//!   503 at once, so the figures are the peak resident memory (VmHWM of
//!   `/proc/PID/status`), the surveys answered and the requests shed.
//!
//! `MAILMOVE_BASELINE_BIN=/path/to/mailmove` measures that binary too, beside this
//! build's, in the same run (for before/after figures of a change).
//!
//! Run: `cargo bench -p mailmove-server --bench throughput`

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context as _, bail};
use mailmove_testkit::dns_authority::DnsAuthority;
use tokio::io::{
    AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader as Buffered,
};
use tokio::net::TcpStream;
use tokio::time::Instant;

/// Seconds per URL under `wrk`.
const SECONDS: u32 = 10;
/// Clients asking for surveys at once in the memory measurement.
const CLIENTS: usize = 1000;
/// How long they ask.
const CONCURRENT: Duration = Duration::from_secs(10);
/// The survey measured: the fixture domain with every kind of record.
const SURVEY_PATH: &str = "/api/survey?domain=example.test";

/// One `wrk` run: requests a second, and with `server` the server's CPU time per
/// request in microseconds (user + system, all threads, from `/proc/PID/stat`): the
/// figure the machine's other load disturbs least.
fn wrk(url: &str, server: Option<u32>) -> anyhow::Result<(f64, Option<f64>)> {
    let cpu_before = server.map(cpu_ticks).transpose()?;
    let output = Command::new("wrk")
        .args(["-t2", "-c32", &format!("-d{SECONDS}s"), "--latency", url])
        .output()
        .context("wrk not found: apt-get install wrk")?;
    let cpu_after = server.map(cpu_ticks).transpose()?;
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") {
        bail!("{url}: non-2xx responses\n{text}");
    }
    let line = text
        .lines()
        .find(|line| line.starts_with("Requests/sec:"))
        .with_context(|| format!("no Requests/sec in wrk output:\n{text}"))?;
    let requests: f64 = text
        .lines()
        .find(|line| line.contains(" requests in "))
        .and_then(|line| line.split_whitespace().next())
        .with_context(|| format!("no request count in wrk output:\n{text}"))?
        .parse()?;
    let p99 = text
        .lines()
        .find(|line| line.trim_start().starts_with("99%"))
        .map(|line| line.trim().to_owned())
        .unwrap_or_default();
    let rate: f64 = line.trim_start_matches("Requests/sec:").trim().parse()?;
    let cpu = cpu_before
        .zip(cpu_after)
        .map(|(before, after)| (after - before) as f64 * 1e6 / TICKS_PER_SECOND / requests);
    let cpu_text = cpu.map_or(String::new(), |cpu| format!("{cpu:>7.1} µs CPU/request  "));
    println!("  {rate:>10.0} req/s  {cpu_text}({p99})  {url}");
    Ok((rate, cpu))
}

/// `/proc/PID/stat` counts in USER_HZ, which is 100 on Linux.
const TICKS_PER_SECOND: f64 = 100.0;

/// User and system CPU time of process `pid` so far, in ticks.
fn cpu_ticks(pid: u32) -> anyhow::Result<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .context("stat format")?
        .1
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15 of the whole line (1-based).
    let field = |index: usize| -> anyhow::Result<u64> {
        Ok(fields.get(index).context("stat field")?.parse()?)
    };
    Ok(field(11)? + field(12)?)
}

fn peak_memory_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .context("no VmHWM")?;
    Ok(line
        .split_whitespace()
        .nth(1)
        .context("VmHWM value")?
        .parse()?)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// A running `mailmove serve`, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts `binary` against `authority`; with `direct`, surveys ask the fixture
    /// zones' name servers (127.0.0.x) directly on the authority's port.
    fn start(binary: &str, authority: SocketAddr, direct: bool) -> anyhow::Result<Server> {
        let mut command = Command::new(binary);
        command
            .args(["serve", "--listen", "127.0.0.1:0", "--allow-tld", "test"])
            .args(["--nameserver", &authority.to_string(), "--rate-limit", "0"]);
        if direct {
            command.args(["--authority-port", &authority.port().to_string()]);
        }
        let mut child = command
            // The shed requests' warnings would drown the figures.
            .env(
                "RUST_LOG",
                "warn,tower_http=off,mailmove_server::bounds=error",
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start {binary}"))?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut line)?;
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .with_context(|| format!("unexpected first line {line:?}"))?
            .parse()?;
        Ok(Server { child, addr })
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn peak_memory_kib(&self) -> anyhow::Result<u64> {
        peak_memory_kib(self.child.id())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Connection {
    stream: Buffered<TcpStream>,
    host: SocketAddr,
}

impl Connection {
    async fn open(server: SocketAddr) -> anyhow::Result<Connection> {
        let stream = TcpStream::connect(server).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream: Buffered::new(stream),
            host: server,
        })
    }

    /// `GET path`: the status code, with the body read (the connection stays usable).
    async fn get(&mut self, path: &str) -> anyhow::Result<u16> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host);
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .with_context(|| format!("status line {line:?}"))?
            .parse()?;
        let mut length = None;
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
                length = Some(value.trim().parse()?);
            }
        }
        let length = length.context("no content-length")?;
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok(status)
    }
}

/// Answers the clients got: surveys (200), shed (503), anything else.
#[derive(Default)]
struct Counts {
    answered: AtomicU64,
    shed: AtomicU64,
    other: AtomicU64,
}

/// `CLIENTS` connections asking for `path` back to back for `CONCURRENT`: what they
/// got.
async fn concurrent_clients(server: SocketAddr, path: &'static str) -> anyhow::Result<Counts> {
    // Every connection open before any asks, so all of them are there at once.
    let mut connections = Vec::with_capacity(CLIENTS);
    for _ in 0..CLIENTS {
        connections.push(Connection::open(server).await?);
    }
    let counts = Arc::new(Counts::default());
    let end = Instant::now() + CONCURRENT;
    let mut tasks = Vec::with_capacity(CLIENTS);
    for mut connection in connections {
        let counts = counts.clone();
        tasks.push(tokio::spawn(async move {
            while Instant::now() < end {
                let counter = match connection.get(path).await? {
                    200 => &counts.answered,
                    503 => &counts.shed,
                    _ => &counts.other,
                };
                counter.fetch_add(1, Ordering::Relaxed);
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Arc::into_inner(counts).context("clients still running")
}

/// One binary's figures: requests a second and the server's CPU µs per request.
struct Figures {
    health: (f64, Option<f64>),
    doh: (f64, Option<f64>),
    survey: (f64, Option<f64>),
    survey_direct: (f64, Option<f64>),
}

fn throughput(binary: &str, authority: SocketAddr) -> anyhow::Result<Figures> {
    let plain = Server::start(binary, authority, false)?;
    let direct = Server::start(binary, authority, true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Warm the caches.
    for (server, path) in [
        (&plain, SURVEY_PATH),
        (&plain, "/dns-query?name=example.test&type=MX"),
        (&direct, SURVEY_PATH),
    ] {
        let status =
            runtime.block_on(async { Connection::open(server.addr).await?.get(path).await })?;
        anyhow::ensure!(status == 200, "{path}: HTTP {status}");
    }
    let (plain_pid, direct_pid) = (Some(plain.child.id()), Some(direct.child.id()));
    Ok(Figures {
        health: wrk(&plain.url("/healthz"), plain_pid)?,
        doh: wrk(
            &plain.url("/dns-query?name=example.test&type=MX"),
            plain_pid,
        )?,
        survey: wrk(&plain.url(SURVEY_PATH), plain_pid)?,
        survey_direct: wrk(&direct.url(SURVEY_PATH), direct_pid)?,
    })
}

fn memory(binary: &str, authority: SocketAddr) -> anyhow::Result<()> {
    let server = Server::start(binary, authority, true)?;
    let at_start = server.peak_memory_kib()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let counts = runtime.block_on(async {
        anyhow::ensure!(
            Connection::open(server.addr)
                .await?
                .get(SURVEY_PATH)
                .await?
                == 200,
            "warm-up failed"
        );
        concurrent_clients(server.addr, SURVEY_PATH).await
    })?;
    let seconds = CONCURRENT.as_secs_f64();
    println!(
        "  peak resident memory (VmHWM) {:.1} MiB (at start {:.1} MiB); \
         {:.0} surveys/s answered, {:.0}/s shed (503), {} other",
        mib(server.peak_memory_kib()?),
        mib(at_start),
        counts.answered.load(Ordering::Relaxed) as f64 / seconds,
        counts.shed.load(Ordering::Relaxed) as f64 / seconds,
        counts.other.load(Ordering::Relaxed),
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let authority = runtime.block_on(DnsAuthority::fixtures())?;

    // The trivial axum handler, in this process.
    let trivial_listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let trivial_url = format!("http://{}/", trivial_listener.local_addr()?);
    runtime.spawn(async move {
        let app = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
        axum::serve(trivial_listener, app).await
    });

    let mut binaries = vec![("this build", env!("CARGO_BIN_EXE_mailmove").to_owned())];
    if let Ok(baseline) = std::env::var("MAILMOVE_BASELINE_BIN") {
        binaries.push(("baseline", baseline));
    }

    println!(
        "wrk -t2 -c32 -d{SECONDS}s, loopback; 2 cores shared by wrk, the servers, the \
         authority and whatever else runs on the machine"
    );
    let (trivial, _) = wrk(&trivial_url, None)?;
    for (label, binary) in &binaries {
        println!("{label} ({binary})");
        let figures = throughput(binary, authority.addr)?;
        let rates = [figures.doh, figures.survey, figures.survey_direct].map(|(rate, _)| rate);
        println!(
            "  requests/s, ratio to the trivial axum handler: /healthz {:.2}, DoH JSON {:.2}, \
             /api/survey {:.3}, with direct SOA questions {:.3}",
            figures.health.0 / trivial,
            rates[0] / trivial,
            rates[1] / trivial,
            rates[2] / trivial,
        );
        println!(
            "  requests/s, ratio to /healthz (same middleware): DoH JSON {:.2}, \
             /api/survey {:.3}, with direct SOA questions {:.3}",
            rates[0] / figures.health.0,
            rates[1] / figures.health.0,
            rates[2] / figures.health.0,
        );
        if let (Some(health), [Some(doh), Some(survey), Some(direct)]) = (
            figures.health.1,
            [figures.doh, figures.survey, figures.survey_direct].map(|(_, cpu)| cpu),
        ) {
            println!(
                "  server CPU per request, times /healthz's: DoH JSON {:.1}, /api/survey {:.0}, \
                 with direct SOA questions {:.0}",
                doh / health,
                survey / health,
                direct / health,
            );
        }
    }
    for (label, binary) in &binaries {
        println!(
            "{label}: {CLIENTS} keep-alive clients asking for the cached survey (direct SOA \
             questions included) back to back for {} s, fresh server",
            CONCURRENT.as_secs()
        );
        memory(binary, authority.addr)?;
    }
    Ok(())
}
