//! `mailmove spf check --json` over real DNS: every test of the RFC 7208 suite, asked by
//! the binary. Each scenario's DNS becomes a root zone file, served by BIND 9 (and by
//! hickory-server, a second implementation), with names of any octet written as zone
//! file escapes (`foo\058bar\047baz.example.com`). The binary asks through the loopback
//! DNS proxy (`dns_proxy`), which leaves unanswered the questions the suite marks
//! `TIMEOUT`, so those time out in the binary's resolver as they would behind a server
//! that drops them.
//!
//! One test cannot run over real DNS: see [`LEFT_OUT`].

use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mailmove_core::spf::{CheckHost, SpfOutcome};
use mailmove_testkit::bind::{Bind, NameChecks};
use mailmove_testkit::dns_authority::DnsAuthority;
use mailmove_testkit::spf_suite::{self, Scenario, SuiteTest, ZoneNames};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::dns_proxy::{DnsProxy, Rules};

/// The suite's one test a DNS server cannot play, and why.
const LEFT_OUT: (&str, &str) = (
    "null-text",
    "null.example.com has a TXT record with no character-string (the suite's `SPF: [ ]`); \
     RFC 1035 §3.3.14 requires at least one, so no server can serve it",
);

/// Tests that ask about names hickory-server 0.26 cannot read from a zone file
/// (`ZoneNames::HostNamesOnly`): over BIND they pass.
const BEYOND_HICKORY_ZONE_FILES: [&str; 5] = [
    "a-colon-domain",
    "a-colon-domain-ip4mapped",
    "mx-colon-domain",
    "mx-colon-domain-ip4mapped",
    "macro-mania-in-domain",
];

/// Tests in the suite.
const SUITE_TESTS: usize = 203;

/// `mailmove` processes at once (the machine is shared; most of them only wait).
const PROCESSES: usize = 8;

/// Scenarios at once, each with its own server and proxy: a test whose question times
/// out waits 5 s (`dns::QUERY_DEADLINE`), and four scenarios have such tests.
const SCENARIOS: usize = 4;

#[tokio::test(flavor = "multi_thread")]
async fn spf_check_passes_the_suite_against_bind() {
    if !Bind::available() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_NAMED"),
            "named is not installed"
        );
        eprintln!("skipped: /usr/sbin/named is not installed (apt-get install bind9)");
        return;
    }
    // Every name of the suite, with zone-file escapes: only `null-text` is left out.
    let (passed, left_out) = run_suite(Authority::Bind).await;
    assert_eq!(
        left_out,
        [LEFT_OUT.0],
        "only {} is left out, because {}",
        LEFT_OUT.0,
        LEFT_OUT.1
    );
    assert_eq!(passed, 202, "202 of {SUITE_TESTS} pass against BIND");
}

#[tokio::test(flavor = "multi_thread")]
async fn spf_check_passes_the_suite_against_hickory_server() {
    let (passed, left_out) = run_suite(Authority::Hickory).await;
    let mut expected = vec![LEFT_OUT.0];
    expected.extend(BEYOND_HICKORY_ZONE_FILES);
    assert_eq!(left_out, expected, "{}: {}", LEFT_OUT.0, LEFT_OUT.1);
    assert_eq!(
        passed, 197,
        "197 of {SUITE_TESTS} pass against hickory-server"
    );
}

#[derive(Clone, Copy, Debug)]
enum Authority {
    Bind,
    Hickory,
}

enum Server {
    Bind(Bind),
    Hickory(DnsAuthority),
}

impl Authority {
    fn zone_names(self) -> ZoneNames {
        match self {
            Authority::Bind => ZoneNames::Escaped,
            Authority::Hickory => ZoneNames::HostNamesOnly,
        }
    }
}

impl Server {
    async fn start(authority: Authority, root_zone: &Path) -> anyhow::Result<Server> {
        let zones = [(".".to_owned(), root_zone.to_owned())];
        Ok(match authority {
            Authority::Bind => {
                Server::Bind(Bind::serve_zones(&zones, NameChecks::AnyOctets).await?)
            }
            Authority::Hickory => Server::Hickory(DnsAuthority::serve_zones(&zones).await?),
        })
    }

    fn addr(&self) -> SocketAddr {
        match self {
            Server::Bind(bind) => bind.addr,
            Server::Hickory(authority) => authority.addr,
        }
    }

    async fn stop(self) {
        match self {
            Server::Bind(bind) => drop(bind),
            Server::Hickory(authority) => authority.stop().await.expect("authority stops"),
        }
    }
}

/// Runs every suite test through the binary against `authority`, asserts that none
/// fails, and returns how many passed and which were left out because they ask about
/// names its zone file cannot give (`Zone::left_out_names`), in suite order.
async fn run_suite(authority: Authority) -> (usize, Vec<String>) {
    let started = Instant::now();
    let scenarios = Arc::new(spf_suite::load().expect("suite loads"));
    let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
    let processes = Arc::new(Semaphore::new(PROCESSES));
    let at_once = Arc::new(Semaphore::new(SCENARIOS));
    let mut runs = JoinSet::new();
    for index in 0..scenarios.len() {
        let (scenarios, dir) = (Arc::clone(&scenarios), Arc::clone(&dir));
        let (processes, at_once) = (Arc::clone(&processes), Arc::clone(&at_once));
        runs.spawn(async move {
            let _slot = at_once.acquire_owned().await.expect("semaphore open");
            let zone_path = dir.path().join(format!("root-{index}.zone"));
            let run = run_scenario(authority, &scenarios[index], &zone_path, processes).await;
            (index, run)
        });
    }
    let mut by_scenario = Vec::new();
    while let Some(joined) = runs.join_next().await {
        by_scenario.push(joined.expect("scenario task"));
    }
    by_scenario.sort_by_key(|(index, _)| *index);
    let (mut passed, mut failed, mut left_out) = (0, Vec::new(), Vec::new());
    for (_, run) in by_scenario {
        passed += run.passed;
        failed.extend(run.failed);
        left_out.extend(run.left_out);
    }
    eprintln!(
        "spf check against {authority:?}: {passed} of {SUITE_TESTS} suite tests pass, left out: \
         {left_out:?}, in {:.1?}",
        started.elapsed()
    );
    assert!(
        failed.is_empty(),
        "{} failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert_eq!(
        passed + left_out.len(),
        SUITE_TESTS,
        "every test ran or was left out"
    );
    (passed, left_out)
}

/// What happened to one scenario's tests.
#[derive(Default)]
struct ScenarioRun {
    passed: usize,
    failed: Vec<String>,
    left_out: Vec<String>,
}

/// One scenario: its zone in a server of its own, the proxy in front, every test
/// through the binary.
async fn run_scenario(
    authority: Authority,
    scenario: &Scenario,
    zone_path: &Path,
    processes: Arc<Semaphore>,
) -> ScenarioRun {
    let mut run = ScenarioRun::default();
    std::fs::write(
        zone_path,
        scenario.zone.to_root_zone_file(authority.zone_names()),
    )
    .expect("write zone");
    let server = Server::start(authority, zone_path)
        .await
        .unwrap_or_else(|error| panic!("{}: {error:#}", scenario.description));
    let proxy = DnsProxy::start(server.addr(), timeout_rules(scenario))
        .await
        .expect("proxy starts");
    let unservable = scenario.zone.left_out_names(authority.zone_names());
    let mut checks = JoinSet::new();
    for (index, test) in scenario.tests.iter().enumerate() {
        let check = CheckHost::new(test.host, &test.mailfrom, &test.helo);
        let (_, asked) =
            spf_suite::evaluate_with_queries(&check, &scenario.zone).expect("evaluates");
        if asked.iter().any(|name| unservable.contains(&name.as_str())) {
            run.left_out.push(test.name.clone());
            continue;
        }
        let permit = Arc::clone(&processes);
        let args = arguments(test, proxy.addr);
        checks.spawn(async move {
            let _permit = permit.acquire_owned().await.expect("semaphore open");
            (index, spf_check(&args).await)
        });
    }
    while let Some(joined) = checks.join_next().await {
        let (index, outcome) = joined.expect("check task");
        let test = &scenario.tests[index];
        match outcome {
            Ok(outcome) if test.accepts(&outcome) => run.passed += 1,
            Ok(outcome) => run.failed.push(format!(
                "{} ({}): expected {:?} {:?}, got {} {:?}; trace {:?}",
                test.name,
                scenario.description,
                test.results,
                test.explanation,
                outcome.result.as_str(),
                outcome.explanation,
                outcome.trace,
            )),
            Err(error) => run
                .failed
                .push(format!("{} ({}): {error}", test.name, scenario.description)),
        }
    }
    drop(proxy);
    server.stop().await;
    run
}

/// The proxy's rules for the scenario's `TIMEOUT` names.
fn timeout_rules(scenario: &Scenario) -> Rules {
    Rules {
        unanswered: scenario
            .zone
            .timeouts()
            .into_iter()
            .map(|(name, answered)| {
                let types = answered
                    .into_iter()
                    .map(mailmove_core::dns_json::type_number)
                    .collect();
                (name.to_owned(), types)
            })
            .collect(),
        ..Rules::default()
    }
}

fn arguments(test: &SuiteTest, nameserver: SocketAddr) -> Vec<String> {
    [
        "spf",
        "check",
        "--json",
        "--ip",
        &test.host.to_string(),
        "--sender",
        &test.mailfrom,
        "--helo",
        &test.helo,
        "--nameserver",
        &nameserver.to_string(),
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Runs `mailmove` with `args` and reads its JSON.
async fn spf_check(args: &[String]) -> Result<SpfOutcome, String> {
    let run = tokio::process::Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    // Each DNS question gives up after 5 s; an evaluation waits for one round at a time.
    let output = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .map_err(|_| "mailmove ran for more than 60 s".to_owned())?
        .map_err(|error| format!("mailmove does not run: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "mailmove failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let outcome: SpfOutcome = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("not one JSON outcome ({error}): {:?}", output.stdout))?;
    Ok(outcome)
}
