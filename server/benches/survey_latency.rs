//! Survey latency against a slow authority: the survey must ask every query as soon
//! as the answer it depends on arrives, so its wall time stays near the critical path
//! (dependency depth × round trip), however many queries it asks in all.
//!
//! The zone has an SPF include chain six deep (`chain.test` → `l1` → … → `l6`); every
//! answer of the authority is delayed by 50 ms, then 100 ms. The critical path is
//! seven round trips: the domain's own TXT, then one per include level (check_host
//! asks each level's targets together). Reported: the median wall time of several
//! surveys, and its ratio to 6 × delay (the bound, ≤ 1.3) and to 7 × delay.
//!
//! Two cases per delay: the survey engine in this process with a fresh resolver and no
//! cache each run, and the cold start: a fresh `mailmove serve` each run (empty answer
//! cache, new resolver), its first request `GET /api/survey?domain=chain.test`, timed
//! from the request to the last octet of the answer (the process start is reported
//! beside it, not counted).
//!
//! Run: `cargo bench -p mailmove-server --bench survey_latency`

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use mailmove_core::DomainName;
use mailmove_core::survey::SurveyOptions;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_testkit::dns_authority::{AuthorityOptions, DnsAuthority};

const DEPTH: u32 = 6;
const RUNS: usize = 7;

fn zone() -> String {
    let mut zone = String::from(
        "$ORIGIN chain.test.\n$TTL 300\n\
         @ IN SOA ns1 hostmaster 1 3600 600 86400 60\n\
         @ IN NS ns1\nns1 IN A 127.0.0.1\n\
         @ IN MX 10 mx1\nmx1 IN A 127.0.0.10\n\
         _dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:reports@chain.test\"\n\
         @ IN TXT \"v=spf1 include:l1.chain.test -all\"\n",
    );
    for level in 1..DEPTH {
        let next = level + 1;
        zone.push_str(&format!(
            "l{level} IN TXT \"v=spf1 include:l{next}.chain.test -all\"\n"
        ));
    }
    zone.push_str(&format!("l{DEPTH} IN TXT \"v=spf1 ip4:127.0.0.10 -all\"\n"));
    zone
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("chain.test.zone"), zone())?;
        let names = mailmove_core::NamePolicy::allowing(["test"]);
        let domain = DomainName::parse_with("chain.test", &names)?;
        println!("survey of chain.test (SPF include chain {DEPTH} deep), median of {RUNS}");
        for delay_ms in [50_u64, 100] {
            let delay = Duration::from_millis(delay_ms);
            let options = AuthorityOptions {
                delay,
                ..AuthorityOptions::default()
            };
            let authority = DnsAuthority::serve_dir_with(dir.path(), options).await?;
            let mut walls = Vec::new();
            let mut queries = 0;
            for _ in 0..RUNS {
                // A fresh client each run: nothing cached.
                let dns = Dns::new(&Upstream::Nameserver(authority.addr))?;
                let start = Instant::now();
                let report = mailmove_server::survey::run(
                    &dns,
                    &mailmove_server::mta_sts_fetch::PolicyFetcher::default(),
                    domain.clone(),
                    SurveyOptions::default(),
                )
                .await
                .report;
                walls.push(start.elapsed());
                queries = report.queries;
                anyhow::ensure!(
                    report.spf_lookup_count == DEPTH,
                    "expected {DEPTH} lookups, got {}",
                    report.spf_lookup_count
                );
                anyhow::ensure!(report.could_not_check.is_empty(), "queries failed");
            }
            print_walls(
                &format!("delay {delay_ms:>3} ms, in process"),
                queries,
                walls,
                delay,
            );
            let mut walls = Vec::new();
            let mut starts = Vec::new();
            for _ in 0..RUNS {
                let (start, wall, asked) = cold_start(authority.addr)?;
                starts.push(start);
                walls.push(wall);
                queries = asked;
            }
            starts.sort();
            print_walls(
                &format!("delay {delay_ms:>3} ms, cold server"),
                queries,
                walls,
                delay,
            );
            println!(
                "  (the fresh server took a median {} ms from spawn to listening, not counted)",
                starts[RUNS / 2].as_millis()
            );
            authority.stop().await?;
        }
        anyhow::Ok(())
    })
}

/// Prints the median of `walls` and its ratios to the bounds.
fn print_walls(label: &str, queries: usize, mut walls: Vec<Duration>, delay: Duration) {
    walls.sort();
    let median = walls[RUNS / 2];
    let bound = delay * DEPTH;
    let path = delay * (DEPTH + 1);
    println!(
        "{label}: {queries} queries, median {:>4} ms (min {} ms, max {} ms); \
         ratio to {DEPTH}×delay {:.2}, to {}×delay (critical path) {:.2}",
        median.as_millis(),
        walls[0].as_millis(),
        walls[RUNS - 1].as_millis(),
        median.as_secs_f64() / bound.as_secs_f64(),
        DEPTH + 1,
        median.as_secs_f64() / path.as_secs_f64(),
    );
}

/// A fresh `mailmove serve` against `authority` and its first survey: how long the
/// server took to listen, and the survey's wall time from the request to the last
/// octet of the answer, and the queries it asked.
fn cold_start(authority: SocketAddr) -> anyhow::Result<(Duration, Duration, usize)> {
    let spawned = Instant::now();
    let mut server = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(["serve", "--listen", "127.0.0.1:0", "--allow-tld", "test"])
        .args(["--nameserver", &authority.to_string(), "--rate-limit", "0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let result = first_survey(&mut server, spawned);
    server.kill()?;
    server.wait()?;
    result
}

/// The fresh `server`'s first survey (see `cold_start`).
fn first_survey(
    server: &mut std::process::Child,
    spawned: Instant,
) -> anyhow::Result<(Duration, Duration, usize)> {
    let mut line = String::new();
    BufReader::new(server.stdout.take().context("stdout")?).read_line(&mut line)?;
    let listening = spawned.elapsed();
    let addr: SocketAddr = line
        .trim()
        .strip_prefix("listening on http://")
        .with_context(|| format!("unexpected first line {line:?}"))?
        .parse()?;
    let asked = Instant::now();
    let mut stream = TcpStream::connect(addr)?;
    write!(
        stream,
        "GET /api/survey?domain=chain.test HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let wall = asked.elapsed();
    let text = String::from_utf8_lossy(&response);
    anyhow::ensure!(text.starts_with("HTTP/1.1 200"), "survey failed: {text}");
    anyhow::ensure!(
        text.contains(&format!("\"lookup_count\":{DEPTH},")),
        "expected {DEPTH} SPF lookups: {text}"
    );
    anyhow::ensure!(
        text.contains("\"could_not_check\":[]"),
        "queries failed: {text}"
    );
    let queries = text
        .split_once("\"queries\":")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .context("no query count")?
        .parse()?;
    anyhow::Ok((listening, wall, queries))
}
