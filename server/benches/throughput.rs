//! Cached throughput of `/api/survey` and the DoH JSON endpoint, side by side with
//! trivial handlers, in one run on one machine; and the server's peak memory.
//!
//! The server is the real `mailmove serve` binary (rate limit off), its upstream the
//! fixture zones on an in-process authority. Every URL is fetched once before it is
//! measured, so the DNS answers come from the server's cache: what is measured is the
//! server's own work (survey engine, findings, JSON) per request. The load tool is
//! `wrk` (Debian package `wrk`), 2 threads, 32 connections, 10 s per URL, on loopback.
//! The trivial handlers: a bare axum route returning "ok" in this process, and the
//! server's own `/healthz` (same middleware stack as the measured routes).
//!
//! Run: `cargo bench -p mailmove-server --bench throughput`

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};
use mailmove_testkit::dns_authority::DnsAuthority;

const SECONDS: u32 = 10;

fn wrk(url: &str) -> anyhow::Result<f64> {
    let output = Command::new("wrk")
        .args(["-t2", "-c32", &format!("-d{SECONDS}s"), "--latency", url])
        .output()
        .context("wrk not found: apt-get install wrk")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") {
        bail!("{url}: non-2xx responses\n{text}");
    }
    let line = text
        .lines()
        .find(|line| line.starts_with("Requests/sec:"))
        .with_context(|| format!("no Requests/sec in wrk output:\n{text}"))?;
    let p99 = text
        .lines()
        .find(|line| line.trim_start().starts_with("99%"))
        .map(|line| line.trim().to_owned())
        .unwrap_or_default();
    let rate: f64 = line.trim_start_matches("Requests/sec:").trim().parse()?;
    println!("  {rate:>10.0} req/s  ({p99})  {url}");
    Ok(rate)
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

    let mut server = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(["serve", "--listen", "127.0.0.1:0", "--allow-tld", "test"])
        .args([
            "--nameserver",
            &authority.addr.to_string(),
            "--rate-limit",
            "0",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let mut line = String::new();
    BufReader::new(server.stdout.take().context("stdout")?).read_line(&mut line)?;
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .with_context(|| format!("unexpected first line {line:?}"))?
        .to_owned();
    let memory_at_start = peak_memory_kib(server.id())?;

    let survey = format!("{base}/api/survey?domain=example.test");
    let doh_json = format!("{base}/dns-query?name=example.test&type=MX");
    let healthz = format!("{base}/healthz");
    for url in [&survey, &doh_json] {
        let status = runtime.block_on(async {
            let response = reqwest_like_get(url).await?;
            anyhow::Ok(response)
        })?;
        anyhow::ensure!(status == 200, "{url}: HTTP {status}");
    }

    println!("wrk -t2 -c32 -d{SECONDS}s, loopback, 2 cores shared by wrk and the servers");
    let trivial = wrk(&trivial_url)?;
    let health = wrk(&healthz)?;
    let doh = wrk(&doh_json)?;
    let surveys = wrk(&survey)?;
    println!(
        "ratios to the trivial axum handler: /healthz {:.2}, DoH JSON {:.2}, /api/survey {:.3}",
        health / trivial,
        doh / trivial,
        surveys / trivial
    );
    println!(
        "ratios to /healthz (same middleware): DoH JSON {:.2}, /api/survey {:.3}",
        doh / health,
        surveys / health
    );
    let peak = peak_memory_kib(server.id())?;
    println!(
        "server peak resident memory (VmHWM): {:.1} MiB (at start {:.1} MiB)",
        peak as f64 / 1024.0,
        memory_at_start as f64 / 1024.0
    );
    server.kill()?;
    server.wait()?;
    Ok(())
}

/// One GET over a plain TCP connection (HTTP/1.1), returning the status code: enough
/// to warm the cache without pulling an HTTP client in.
async fn reqwest_like_get(url: &str) -> anyhow::Result<u16> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let rest = url.strip_prefix("http://").context("http URL")?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = tokio::net::TcpStream::connect(host).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split_whitespace()
        .nth(1)
        .context("status line")?
        .parse()?;
    Ok(status)
}
