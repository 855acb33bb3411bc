//! The survey over the fixture zones (`tests/fixtures/zones/`) on a real DNS server,
//! read the way clients read it: `findings[].code`, `facts` and `providers` of the JSON
//! that `GET /api/survey` and `mailmove check --json` both print.
//!
//! 1. One name per finding code, with what must and must not be raised
//!    (`findings.test`, and a clean domain, `clean.test`).
//! 2. Provider set-ups as the providers document them.
//! 3. Hostile data: loops, fan-out, huge records, servers that never answer.
//! 4. An internationalised domain name.
//!
//! The JSON is read as `serde_json::Value`, not through `json::SurveyJson`, so these
//! tests pin the fields they name and nothing else.
//!
//! **Every address a test could connect to is in 127.0.0.0/8.** Providers' host names
//! (`smtp.google.com`, `spf.protection.outlook.com` …) are in no zone the test
//! authority serves, so it refuses those questions: the survey reports them as
//! "could not check" (`dns-could-not-check`), never as `mx-unresolvable`.

mod dns_proxy;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use mailmove_core::DomainName;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use serde_json::Value;
use tower::ServiceExt as _;

use dns_proxy::{DnsProxy, Rules};

/// A survey never asks more than this.
const MAX_QUERIES: u64 = mailmove_core::survey::MAX_QUERIES as u64;

// ---- Shells -------------------------------------------------------------------------

/// `GET /api/survey?{query}` through the router, with `addr` as the only name server.
async fn api_survey(addr: SocketAddr, query: &str) -> Value {
    let state = AppState::new(
        Dns::new(&Upstream::Nameserver(addr)).expect("resolver"),
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig::default(),
    );
    let request = Request::get(format!("/api/survey?{query}"))
        .body(Body::empty())
        .expect("request");
    let response = app(state).oneshot(request).await.expect("infallible");
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(status, StatusCode::OK, "{query}: {body:?}");
    serde_json::from_slice(&body).expect("JSON")
}

/// `mailmove check DOMAIN --allow-tld test --nameserver ADDR --json [extra…]`, the real
/// binary; it must exit 0 (a survey with unknown parts is still a completed survey).
async fn cli_check(addr: SocketAddr, domain: &str, extra: &[&str]) -> Value {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(["check", domain, "--allow-tld", "test", "--json"])
        .args(["--nameserver", &addr.to_string()])
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .await
        .expect("mailmove runs");
    assert!(
        output.status.success(),
        "{domain} {extra:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

/// The codes of a report's findings.
fn codes(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| finding["code"].as_str().expect("code"))
        .collect()
}

/// The finding with `code`.
fn finding<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| finding["code"] == code)
        .unwrap_or_else(|| panic!("no {code}: {:?}", codes(report)))
}

/// `could_not_check` as `name TYPE` strings.
fn could_not_check(report: &Value) -> Vec<String> {
    report["could_not_check"]
        .as_array()
        .expect("could_not_check")
        .iter()
        .map(|query| {
            let name = query["name"].as_str().expect("name");
            let rtype = query["type"].as_str().expect("type");
            format!("{name} {rtype}")
        })
        .collect()
}

/// The detected mailbox provider `id` in `providers.mail`, with its evidence as
/// `(signal, observed)` pairs.
fn mail_provider(report: &Value, id: &str) -> Option<Vec<(String, String)>> {
    provider_in(report, "mail", id)
}

/// The provider `id` in `providers.<list>`, with its evidence as `(signal, observed)`.
fn provider_in(report: &Value, list: &str, id: &str) -> Option<Vec<(String, String)>> {
    let provider = report["providers"][list]
        .as_array()
        .expect("provider list")
        .iter()
        .find(|provider| provider["id"] == id)?;
    Some(
        provider["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .map(|evidence| {
                (
                    evidence[0].as_str().expect("signal").to_owned(),
                    evidence[1].as_str().expect("observed").to_owned(),
                )
            })
            .collect(),
    )
}

/// The ids in `providers.<list>`, in the report's order.
fn ids(report: &Value, list: &str) -> Vec<String> {
    report["providers"][list]
        .as_array()
        .expect("provider list")
        .iter()
        .map(|provider| provider["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Queries the survey asked.
fn queries(report: &Value) -> u64 {
    report["queries"].as_u64().expect("queries")
}

/// Every could-not-check query is for a name outside `.test`: a provider's host the
/// test authority does not serve, so nothing about the domain itself went unknown.
fn only_outside_names_unknown(report: &Value) {
    for query in could_not_check(report) {
        let name = query.split(' ').next().unwrap_or_default();
        assert!(
            !name.ends_with(".test"),
            "{}: {query} could not be checked",
            report["domain"]
        );
    }
}

/// The fixture authority behind the proxy: `dnssec-ds-without-dnskey.findings.test`
/// gets a DS (hickory-server loads none from zone files), and `lame.hostile.test`,
/// delegated to a server that does not exist, never answers (as a recursive resolver
/// chasing the delegation would leave its client waiting).
async fn fixtures_behind_proxy() -> (DnsAuthority, DnsProxy) {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let rules = Rules {
        blackhole: vec!["lame.hostile.test".into()],
        synthesize: vec![(
            "dnssec-ds-without-dnskey.findings.test".into(),
            dns_proxy::TYPE_DS,
            // Key tag 12345, ECDSA P-256 (13), SHA-256 (2).
            dns_proxy::ds_rdata(12345, 13, 2, &[0xab; 32]),
        )],
    };
    let proxy = DnsProxy::start(authority.addr, rules).await.expect("proxy");
    (authority, proxy)
}

// ---- 1. One name per finding code ---------------------------------------------------

/// A domain, the codes its survey must raise, and codes it must not.
struct Case {
    domain: &'static str,
    must: &'static [&'static str],
    must_not: &'static [&'static str],
}

const fn case(
    domain: &'static str,
    must: &'static [&'static str],
    must_not: &'static [&'static str],
) -> Case {
    Case {
        domain,
        must,
        must_not,
    }
}

/// In `must_not`: every lookup of the survey was answered (nothing could-not-check).
const ALL_ANSWERED: &str = "dns-could-not-check";

/// Every code a zone can trigger. Names under `findings.test` are not zone apexes, so
/// none of them raises `dnssec-unsigned` or `ns-single-server`; those that have no
/// `_dmarc` of their own inherit the apex's clean DMARC record.
const CASES: &[Case] = &[
    // MX
    case(
        "mx-missing.findings.test",
        &["mx-missing"],
        &["mx-unresolvable", "spf-missing", ALL_ANSWERED],
    ),
    case(
        "nomail.test",
        &["mx-missing", "spf-missing", "dmarc-missing"],
        &[ALL_ANSWERED],
    ),
    // NXDOMAIN for both address lookups is an answer: the exchanger does not exist.
    case(
        "mx-unresolvable.findings.test",
        &["mx-unresolvable"],
        &["mx-missing", "mx-points-to-cname", ALL_ANSWERED],
    ),
    case(
        "mx-points-to-cname.findings.test",
        &["mx-points-to-cname"],
        &["mx-unresolvable", ALL_ANSWERED],
    ),
    case(
        "alias.test",
        &["mx-points-to-cname", "dmarc-missing"],
        &["mx-unresolvable"],
    ),
    // The survey still asks A/AAAA of the "name" 127.0.0.25; no zone has it, so the
    // authority refuses: could not check, and not mx-unresolvable.
    case(
        "mx-ip-literal.findings.test",
        &["mx-ip-literal", "dns-could-not-check"],
        &["mx-unresolvable"],
    ),
    case(
        "mx-ttl-long.findings.test",
        &["mx-ttl-long"],
        &["mx-missing", ALL_ANSWERED],
    ),
    // Lolipop! (mx01.lolipop.jp) and Google (smtp.google.com) both in MX.
    case(
        "migrating.test",
        &["mx-mixed-providers", "dmarc-policy-none"],
        &["mx-unresolvable", "autodiscover-points-to-old-provider"],
    ),
    // Five exchangers, one provider.
    case(
        "legacy.workspace.test",
        &[],
        &["mx-mixed-providers", "mx-unresolvable", "spf-missing"],
    ),
    // MX at Google, autodiscover at Microsoft 365.
    case(
        "autodiscover-points-to-old-provider.findings.test",
        &["autodiscover-points-to-old-provider"],
        &["mx-mixed-providers"],
    ),
    // MX and autodiscover both at Microsoft 365.
    case(
        "m365.test",
        &[],
        &["autodiscover-points-to-old-provider", "mx-mixed-providers"],
    ),
    // SPF
    case(
        "spf-missing.findings.test",
        &["spf-missing"],
        &["spf-syntax-error", "mx-missing", ALL_ANSWERED],
    ),
    case(
        "spf-too-many-lookups.findings.test",
        &["spf-too-many-lookups"],
        &["spf-too-many-void-lookups", ALL_ANSWERED],
    ),
    case(
        "spf-too-many-void-lookups.findings.test",
        &["spf-too-many-void-lookups"],
        &["spf-too-many-lookups", ALL_ANSWERED],
    ),
    case(
        "spf-syntax-error.findings.test",
        &["spf-syntax-error"],
        &["spf-missing", ALL_ANSWERED],
    ),
    case(
        "spf-multiple-records.findings.test",
        &["spf-multiple-records"],
        &["spf-missing", "spf-syntax-error", ALL_ANSWERED],
    ),
    case(
        "spf-plus-all.findings.test",
        &["spf-plus-all"],
        &["spf-neutral-all", "spf-no-all", ALL_ANSWERED],
    ),
    case(
        "spf-neutral-all.findings.test",
        &["spf-neutral-all"],
        &["spf-plus-all", "spf-no-all", ALL_ANSWERED],
    ),
    case(
        "spf-no-all.findings.test",
        &["spf-no-all"],
        &["spf-plus-all", "spf-neutral-all", ALL_ANSWERED],
    ),
    case(
        "spf-terms-after-all.findings.test",
        &["spf-terms-after-all"],
        &["spf-no-all", "spf-syntax-error", ALL_ANSWERED],
    ),
    case(
        "spf-redirect-ignored.findings.test",
        &["spf-redirect-ignored"],
        &[
            "spf-terms-after-all",
            "spf-too-many-void-lookups",
            ALL_ANSWERED,
        ],
    ),
    case(
        "spf-ptr.findings.test",
        &["spf-ptr"],
        &["spf-syntax-error", ALL_ANSWERED],
    ),
    case(
        "spf-record-too-long.findings.test",
        &["spf-record-too-long"],
        &["spf-syntax-error", "spf-too-many-lookups", ALL_ANSWERED],
    ),
    // DMARC
    case(
        "dmarc-inherited.findings.test",
        &[],
        &["dmarc-missing", "dmarc-policy-none", ALL_ANSWERED],
    ),
    case(
        "dmarc-syntax-error.findings.test",
        &["dmarc-syntax-error"],
        &["dmarc-missing", ALL_ANSWERED],
    ),
    case(
        "dmarc-multiple-records.findings.test",
        &["dmarc-multiple-records"],
        &["dmarc-missing", ALL_ANSWERED],
    ),
    case(
        "dmarc-policy-none.findings.test",
        &["dmarc-policy-none"],
        &["dmarc-no-reports", "dmarc-partial-pct", ALL_ANSWERED],
    ),
    case(
        "dmarc-partial-pct.findings.test",
        &["dmarc-partial-pct"],
        &["dmarc-policy-none", "dmarc-no-reports", ALL_ANSWERED],
    ),
    case(
        "dmarc-no-reports.findings.test",
        &["dmarc-no-reports"],
        &[
            "dmarc-policy-none",
            "dmarc-external-report-unauthorised",
            ALL_ANSWERED,
        ],
    ),
    case(
        "dmarc-unknown-tag.findings.test",
        &["dmarc-unknown-tag"],
        &["dmarc-syntax-error", "dmarc-record-warning", ALL_ANSWERED],
    ),
    case(
        "dmarc-record-warning.findings.test",
        &["dmarc-record-warning"],
        &["dmarc-syntax-error", "dmarc-unknown-tag", ALL_ANSWERED],
    ),
    case(
        "dmarc-external-report-unauthorised.findings.test",
        &["dmarc-external-report-unauthorised"],
        &["dmarc-no-reports", ALL_ANSWERED],
    ),
    // DKIM, at the common selector `default`
    case(
        "dkim-syntax-error.findings.test",
        &["dkim-syntax-error"],
        &["dkim-key-revoked", ALL_ANSWERED],
    ),
    case(
        "dkim-key-revoked.findings.test",
        &["dkim-key-revoked"],
        &["dkim-syntax-error", "dkim-key-too-short", ALL_ANSWERED],
    ),
    case(
        "dkim-key-too-short.findings.test",
        &["dkim-key-too-short"],
        &["dkim-key-weak", "dkim-syntax-error", ALL_ANSWERED],
    ),
    case(
        "dkim-key-weak.findings.test",
        &["dkim-key-weak"],
        &["dkim-key-too-short", ALL_ANSWERED],
    ),
    case(
        "dkim-testing.findings.test",
        &["dkim-testing"],
        &["dkim-syntax-error", "dkim-record-warning", ALL_ANSWERED],
    ),
    case(
        "dkim-record-warning.findings.test",
        &["dkim-record-warning"],
        &["dkim-syntax-error", "dkim-testing", ALL_ANSWERED],
    ),
    // Its key is at a selector only `--selector` finds (see `options_reach_what_dns_alone_does_not`).
    case(
        "dkim-selector.findings.test",
        &[],
        &["dkim-key-weak", ALL_ANSWERED],
    ),
    // MTA-STS, TLS-RPT, BIMI
    case(
        "mta-sts-syntax-error.findings.test",
        &["mta-sts-syntax-error"],
        &["mta-sts-record-warning", ALL_ANSWERED],
    ),
    case(
        "mta-sts-record-warning.findings.test",
        &["mta-sts-record-warning"],
        &["mta-sts-syntax-error", ALL_ANSWERED],
    ),
    case(
        "tls-rpt-syntax-error.findings.test",
        &["tls-rpt-syntax-error"],
        &["tls-rpt-record-warning", ALL_ANSWERED],
    ),
    case(
        "tls-rpt-record-warning.findings.test",
        &["tls-rpt-record-warning"],
        &["tls-rpt-syntax-error", ALL_ANSWERED],
    ),
    case(
        "bimi-syntax-error.findings.test",
        &["bimi-syntax-error"],
        &["bimi-declined", ALL_ANSWERED],
    ),
    case(
        "bimi-record-warning.findings.test",
        &["bimi-record-warning"],
        &["bimi-syntax-error", ALL_ANSWERED],
    ),
    case(
        "bimi-declined.findings.test",
        &["bimi-declined"],
        &["bimi-syntax-error", ALL_ANSWERED],
    ),
    // DNS: provider hosts the authority refuses are "could not check".
    case(
        "workspace.test",
        &["dns-could-not-check", "ns-single-server", "dnssec-unsigned"],
        &["mx-unresolvable", "spf-too-many-void-lookups"],
    ),
    case(
        "dnssec-ds-without-dnskey.findings.test",
        &["dnssec-ds-without-dnskey"],
        &["dnssec-unsigned", ALL_ANSWERED],
    ),
    // The apex of findings.test is itself a clean set-up with one name server.
    case(
        "findings.test",
        &["dnssec-unsigned", "ns-single-server"],
        &[ALL_ANSWERED, "dmarc-missing", "spf-missing", "mx-missing"],
    ),
];

/// Codes covered by the option tests (`--selector`, `--target`): they need a user's
/// choice, not only DNS data.
const THROUGH_OPTIONS: &[&str] = &["target-already-receiving", "target-spf-no-room"];

/// Why the MTA-STS policy codes have no fixture: they are about the policy file, which
/// the survey fetches over HTTPS from `mta-sts.<domain>` (core's `mta_sts::fetch`, being
/// built). Zone files cannot serve it, and no test may connect outside loopback.
const POLICY_FILE: &str = "about the MTA-STS policy file fetched over HTTPS, not DNS data";

/// Why the per-server codes have no fixture here.
const PER_SERVER: &str = "needs direct SOA questions to each name server \
     (`--authority-port`, several authorities on one port): tests/e2e/ns_consistency.rs";

/// Codes no fixture zone here can trigger, and why.
const NOT_THROUGH_THESE_ZONES: &[(&str, &str)] = &[
    (
        "spf-deprecated-rr-type",
        "the survey never asks for type SPF (99), and hickory-server's zone parser has no SPF type",
    ),
    ("mta-sts-policy-syntax-error", POLICY_FILE),
    ("mta-sts-policy-warning", POLICY_FILE),
    ("mta-sts-policy-unavailable", POLICY_FILE),
    ("mta-sts-testing-mode", POLICY_FILE),
    ("mta-sts-short-max-age", POLICY_FILE),
    ("mta-sts-mx-not-covered", POLICY_FILE),
    ("ns-serial-mismatch", PER_SERVER),
    ("ns-lame-delegation", PER_SERVER),
];

#[test]
fn every_finding_code_has_a_fixture_or_a_reason() {
    let mut covered: BTreeSet<&str> = CASES
        .iter()
        .flat_map(|case| case.must.iter().copied())
        .collect();
    covered.extend(THROUGH_OPTIONS);
    let excused: BTreeSet<&str> = NOT_THROUGH_THESE_ZONES
        .iter()
        .map(|(code, _)| *code)
        .collect();
    let registered: BTreeSet<&str> = mailmove_core::findings::RULES
        .iter()
        .map(|rule| rule.code)
        .collect();
    for code in &registered {
        assert!(
            covered.contains(code) || excused.contains(code),
            "{code} has no fixture: add a name to tests/fixtures/zones/findings.test.zone \
             and a row to CASES, or say in NOT_THROUGH_THESE_ZONES why a zone cannot raise it"
        );
        assert!(
            !(covered.contains(code) && excused.contains(code)),
            "{code} is covered, so it needs no excuse"
        );
    }
    for code in covered.iter().chain(&excused) {
        assert!(registered.contains(code), "{code} is not in RULES");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn each_finding_code_appears_where_its_zone_says_and_only_there() {
    let (authority, proxy) = fixtures_behind_proxy().await;
    // One survey at a time: each already asks all its questions at once, and a burst
    // of fifty surveys on two shared cores makes lookups miss their deadline.
    let mut failures = Vec::new();
    for case in CASES {
        let report = api_survey(proxy.addr, &format!("domain={}", case.domain)).await;
        let found = codes(&report);
        let missing: Vec<&str> = case
            .must
            .iter()
            .copied()
            .filter(|code| !found.contains(code))
            .collect();
        let unwanted: Vec<&str> = case
            .must_not
            .iter()
            .copied()
            .filter(|code| found.contains(code))
            .collect();
        if !missing.is_empty() || !unwanted.is_empty() {
            failures.push(format!(
                "{}: missing {missing:?}, unwanted {unwanted:?}, found {found:?}, could not check {:?}",
                case.domain,
                could_not_check(&report)
            ));
        }
        assert!(queries(&report) <= MAX_QUERIES, "{}", case.domain);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    drop(proxy);
    authority.stop().await.expect("stops");
}

/// Facts behind some of the codes: the counts and the places the findings name.
#[tokio::test(flavor = "multi_thread")]
async fn the_facts_behind_the_findings() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let addr = authority.addr;

    let report = api_survey(addr, "domain=spf-too-many-lookups.findings.test").await;
    assert_eq!(report["facts"]["spf"]["lookup_count"], 12);
    assert!(
        finding(&report, "spf-too-many-lookups")["message"]["en"]
            .as_str()
            .is_some_and(|text| text.contains("12")),
        "{report}"
    );

    let report = api_survey(addr, "domain=spf-too-many-void-lookups.findings.test").await;
    assert_eq!(report["facts"]["spf"]["void_lookup_count"], 3);

    let report = api_survey(addr, "domain=mx-ttl-long.findings.test").await;
    assert_eq!(report["facts"]["mx_ttl"], 86_400);

    let report = api_survey(addr, "domain=mx-points-to-cname.findings.test").await;
    assert_eq!(
        report["facts"]["mx_addresses"]["alias.mx-points-to-cname.findings.test"],
        serde_json::json!(["127.0.0.25"])
    );

    // A subdomain without `_dmarc` inherits the organisational domain's record.
    let report = api_survey(addr, "domain=dmarc-inherited.findings.test").await;
    assert_eq!(
        report["facts"]["dmarc"]["found_at"], "_dmarc.findings.test",
        "{report}"
    );
    assert_eq!(report["facts"]["dmarc"]["p"], "reject");
    // One with its own record does not.
    let report = api_survey(addr, "domain=dmarc-policy-none.findings.test").await;
    assert_eq!(
        report["facts"]["dmarc"]["found_at"],
        "_dmarc.dmarc-policy-none.findings.test"
    );

    let report = api_survey(
        addr,
        "domain=dmarc-external-report-unauthorised.findings.test",
    )
    .await;
    let external = &report["facts"]["dmarc_external_reports"][0];
    assert_eq!(
        external["query"],
        "dmarc-external-report-unauthorised.findings.test._report._dmarc.reports.test"
    );
    assert_eq!(external["status"], "not-authorised");

    let report = api_survey(addr, "domain=dkim-key-weak.findings.test").await;
    assert_eq!(
        report["facts"]["dkim"],
        serde_json::json!([["default", 1024]])
    );

    let report = api_survey(
        addr,
        "domain=autodiscover-points-to-old-provider.findings.test",
    )
    .await;
    let autodiscover = &report["facts"]["client_config"][0];
    assert_eq!(autodiscover["target"], "autodiscover.outlook.com");
    assert_eq!(autodiscover["provider"], "microsoft-365");
    authority.stop().await.expect("stops");
}

/// Some codes need what only the user can say: a DKIM selector nobody could guess,
/// or the provider the domain is moving to.
#[tokio::test(flavor = "multi_thread")]
async fn options_reach_what_dns_alone_does_not() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let addr = authority.addr;

    // `--selector`: the weak key at `custom2026` is found only when asked for.
    let plain = cli_check(addr, "dkim-selector.findings.test", &[]).await;
    assert!(
        !codes(&plain).contains(&"dkim-key-weak"),
        "{:?}",
        codes(&plain)
    );
    let report = cli_check(
        addr,
        "dkim-selector.findings.test",
        &["--selector", "custom2026"],
    )
    .await;
    assert!(
        codes(&report).contains(&"dkim-key-weak"),
        "{:?}",
        codes(&report)
    );
    assert_eq!(
        report["facts"]["dkim"],
        serde_json::json!([["custom2026", 1024]])
    );

    // `--target`: the target already receives the mail.
    let report = cli_check(addr, "workspace.test", &["--target", "google-workspace"]).await;
    assert!(
        codes(&report).contains(&"target-already-receiving"),
        "{:?}",
        codes(&report)
    );
    assert_eq!(report["readiness"]["target"], "google-workspace");
    // Not for another target.
    let report = cli_check(addr, "workspace.test", &["--target", "microsoft-365"]).await;
    assert!(!codes(&report).contains(&"target-already-receiving"));

    // `--target` with an SPF include the test authority refuses: what it would cost
    // is unknown, so no claim (see `a_target_include_that_does_not_fit_is_said_in_advance`).
    let report = cli_check(
        addr,
        "target-spf-no-room.findings.test",
        &["--target", "google-workspace"],
    )
    .await;
    assert!(!codes(&report).contains(&"target-spf-no-room"));
    assert_eq!(spf_room(&report)["status"], "todo");
    authority.stop().await.expect("stops");
}

/// `target-spf-no-room` needs the target's own SPF include answered, to know what it
/// costs. Google's `_spf.google.com` is not in the fixtures (the test authority
/// refuses it, and the readiness item says "could not check"), so this test serves
/// a zone with Google's published record (three includes: 1 + 3 lookups) beside the
/// fixtures, only for itself. Its includes stay unanswered; no address is involved.
#[tokio::test(flavor = "multi_thread")]
async fn a_target_include_that_does_not_fit_is_said_in_advance() {
    let dir = tempfile::tempdir().expect("temp dir");
    let google_spf = dir.path().join("_spf.google.com.zone");
    std::fs::write(
        &google_spf,
        "$ORIGIN _spf.google.com.\n$TTL 300\n\
         @ IN SOA ns1.findings.test. hostmaster.findings.test. ( 1 3600 600 86400 300 )\n\
         @ IN NS ns1.findings.test.\n\
         @ IN TXT \"v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all\"\n",
    )
    .expect("zone written");
    let mut zones = fixture_zones();
    zones.push(("_spf.google.com.".into(), google_spf));
    let authority = DnsAuthority::serve_zones(&zones).await.expect("authority");

    // 8 lookups now, within the limit; Google's include adds 4: 12.
    let report = cli_check(
        authority.addr,
        "target-spf-no-room.findings.test",
        &["--target", "google-workspace"],
    )
    .await;
    assert!(
        codes(&report).contains(&"target-spf-no-room"),
        "{:?} {}",
        codes(&report),
        report["readiness"]
    );
    assert!(!codes(&report).contains(&"spf-too-many-lookups"));
    assert_eq!(report["facts"]["spf"]["lookup_count"], 8);
    // A record with room: 1 lookup (`mx`) + 4.
    let report = cli_check(
        authority.addr,
        "dmarc-inherited.findings.test",
        &["--target", "google-workspace"],
    )
    .await;
    assert!(
        !codes(&report).contains(&"target-spf-no-room"),
        "{:?}",
        codes(&report)
    );
    assert_eq!(spf_room(&report)["status"], "ok", "{}", spf_room(&report));
    authority.stop().await.expect("stops");
}

/// The readiness item `spf-room`.
fn spf_room(report: &Value) -> &Value {
    report["readiness"]["items"]
        .as_array()
        .expect("readiness items")
        .iter()
        .find(|item| item["code"] == "spf-room")
        .expect("spf-room")
}

/// The clean domain: no warning and no error, through the real binary.
#[tokio::test(flavor = "multi_thread")]
async fn a_clean_domain_raises_nothing_to_fix() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = cli_check(authority.addr, "clean.test", &[]).await;
    let serious: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding["severity"] != "info")
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    // Information only: the zone is not signed.
    assert_eq!(codes(&report), ["dnssec-unsigned"]);
    assert!(could_not_check(&report).is_empty());
    let facts = &report["facts"];
    assert_eq!(facts["mx_ttl"], 3600);
    assert_eq!(facts["spf"]["lookup_count"], 1);
    assert_eq!(facts["dmarc"]["p"], "reject");
    assert_eq!(facts["dkim"], serde_json::json!([["default", 2048]]));
    assert_eq!(
        facts["dmarc_external_reports"][0]["status"], "authorised",
        "reports.test authorises clean.test"
    );
    assert!(facts["tls_rpt"].is_string() && facts["bimi"].is_string());
    authority.stop().await.expect("stops");
}

/// Every committed fixture zone as `(origin, file)`.
fn fixture_zones() -> Vec<(String, PathBuf)> {
    let dir = mailmove_testkit::fixture("zones");
    let mut zones: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("zones directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "zone"))
        .map(|path| {
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("name");
            (format!("{stem}."), path.clone())
        })
        .collect();
    zones.sort();
    zones
}

// ---- 2. Provider set-ups ------------------------------------------------------------

/// `(signal, observed)` evidence pairs contain one with `signal`.
fn has_signal(evidence: &[(String, String)], signal: &str) -> bool {
    evidence.iter().any(|(found, _)| found == signal)
}

#[tokio::test(flavor = "multi_thread")]
async fn google_workspace_as_google_documents_it() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = api_survey(authority.addr, "domain=workspace.test").await;
    assert_eq!(ids(&report, "mail"), ["google-workspace"]);
    let evidence = mail_provider(&report, "google-workspace").expect("detected");
    assert!(
        evidence.contains(&("mx".into(), "smtp.google.com".into()))
            && evidence.contains(&("spf-include".into(), "_spf.google.com".into())),
        "{evidence:?}"
    );
    assert_eq!(ids(&report, "verified_with"), ["google-workspace"]);
    assert_eq!(
        report["facts"]["dkim"],
        serde_json::json!([["google", 2048]])
    );
    assert_eq!(report["facts"]["dmarc"]["p"], "quarantine");
    // smtp.google.com and _spf.google.com are refused by the test authority: unknown,
    // not missing. Nothing about workspace.test itself is unknown.
    let unknown = could_not_check(&report);
    for query in [
        "smtp.google.com A",
        "smtp.google.com AAAA",
        "_spf.google.com TXT",
    ] {
        assert!(unknown.iter().any(|q| q == query), "{unknown:?}");
    }
    only_outside_names_unknown(&report);
    assert!(!codes(&report).contains(&"mx-unresolvable"));
    assert_eq!(report["facts"]["spf"]["void_lookup_count"], 0);
    assert_eq!(
        report["facts"]["spf"]["tree"]["children"][0]["problem"],
        "could-not-check"
    );

    // The legacy set: five exchangers, one provider.
    let report = api_survey(authority.addr, "domain=legacy.workspace.test").await;
    assert_eq!(ids(&report, "mail"), ["google-workspace"]);
    let evidence = mail_provider(&report, "google-workspace").expect("detected");
    let mx: Vec<&str> = evidence
        .iter()
        .filter(|(signal, _)| signal == "mx")
        .map(|(_, host)| host.as_str())
        .collect();
    assert_eq!(mx.len(), 5, "{evidence:?}");
    assert_eq!(
        report["facts"]["mx"][0],
        serde_json::json!([1, "aspmx.l.google.com"])
    );
    // DMARC from the organisational domain.
    assert_eq!(
        report["facts"]["dmarc"]["found_at"],
        "_dmarc.workspace.test"
    );
    authority.stop().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread")]
async fn microsoft_365_as_microsoft_documents_it() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = api_survey(authority.addr, "domain=m365.test").await;
    assert_eq!(ids(&report, "mail"), ["microsoft-365"]);
    let evidence = mail_provider(&report, "microsoft-365").expect("detected");
    assert!(
        evidence.contains(&("mx".into(), "m365-test.mail.protection.outlook.com".into()))
            && evidence.contains(&("spf-include".into(), "spf.protection.outlook.com".into())),
        "{evidence:?}"
    );
    assert_eq!(ids(&report, "verified_with"), ["microsoft-365"]);
    let autodiscover = &report["facts"]["client_config"][0];
    assert_eq!(autodiscover["owner"], "autodiscover.m365.test");
    assert_eq!(autodiscover["provider"], "microsoft-365");
    // The DKIM selectors are CNAMEs into contoso.onmicrosoft.com, which the test
    // authority does not serve: the TXT lookups end there, could not check.
    let unknown = could_not_check(&report);
    for query in [
        "selector1._domainkey.m365.test TXT",
        "selector2._domainkey.m365.test TXT",
    ] {
        assert!(unknown.iter().any(|q| q == query), "{unknown:?}");
    }
    assert!(codes(&report).contains(&"dns-could-not-check"));
    assert!(!codes(&report).contains(&"mx-unresolvable"));
    authority.stop().await.expect("stops");
}

/// Zoho's DKIM selector is chosen in its console; `--target zoho-mail-jp` makes the
/// survey try Zoho's usual ones (`zmail`).
#[tokio::test(flavor = "multi_thread")]
async fn zoho_mail_in_japan_as_zoho_documents_it() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = cli_check(
        authority.addr,
        "zoho-jp.test",
        &["--target", "zoho-mail-jp"],
    )
    .await;
    assert_eq!(ids(&report, "mail"), ["zoho-mail-jp"]);
    let evidence = mail_provider(&report, "zoho-mail-jp").expect("detected");
    for host in ["mx.zoho.jp", "mx2.zoho.jp", "mx3.zoho.jp"] {
        assert!(
            evidence.contains(&("mx".into(), host.into())),
            "{evidence:?}"
        );
    }
    assert!(evidence.contains(&("spf-include".into(), "zohomail.jp".into())));
    assert_eq!(ids(&report, "verified_with"), ["zoho-mail-jp"]);
    assert_eq!(
        report["facts"]["dkim"],
        serde_json::json!([["zmail", 1024]])
    );
    for code in [
        "target-already-receiving",
        "dkim-key-weak",
        "dmarc-policy-none",
    ] {
        assert!(
            codes(&report).contains(&code),
            "{code}: {:?}",
            codes(&report)
        );
    }
    assert!(!codes(&report).contains(&"mx-unresolvable"));
    only_outside_names_unknown(&report);
    authority.stop().await.expect("stops");
}

/// A Japanese rental server with the customer's own name as MX. The catalog finds
/// Xserver by its SPF include and name servers; the exchanger's address cannot show
/// it (no catalog ranges, no PTR lookups), so Xserver is not seen as receiving.
#[tokio::test(flavor = "multi_thread")]
async fn xserver_behind_the_customers_own_mx_name() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = api_survey(authority.addr, "domain=customer.test").await;
    assert_eq!(
        report["facts"]["mx_addresses"]["mail.customer.test"],
        serde_json::json!(["127.0.0.30"])
    );
    assert_eq!(ids(&report, "mail"), ["xserver"]);
    let evidence = mail_provider(&report, "xserver").expect("detected");
    assert!(
        evidence.contains(&("spf-include".into(), "spf.sender.xserver.jp".into())),
        "{evidence:?}"
    );
    assert!(has_signal(&evidence, "name-server"), "{evidence:?}");
    assert!(
        !has_signal(&evidence, "mx"),
        "the MX is the customer's name"
    );
    assert_eq!(ids(&report, "dns_hosts"), ["xserver"]);
    let name_servers = provider_in(&report, "dns_hosts", "xserver").expect("DNS host");
    assert_eq!(name_servers.len(), 5, "{name_servers:?}");
    assert_eq!(
        report["facts"]["dkim"],
        serde_json::json!([["default", 2048]])
    );
    assert!(codes(&report).contains(&"dmarc-policy-none"));
    assert!(!codes(&report).contains(&"mx-unresolvable"));
    // Xserver's name servers and SPF include are refused by the test authority.
    assert!(codes(&report).contains(&"dns-could-not-check"));
    only_outside_names_unknown(&report);
    authority.stop().await.expect("stops");
}

/// Sakura's most common SPF names the server with `a:www<NNNN>.sakura.ne.jp`, and the
/// catalog lists that host pattern (signal `spf-host`) for exactly this case.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "bug: the survey never passes SPF a:/mx: hosts (Observed::spf_hosts) nor exchanger \
            names (Observed::exchanger_names) to detection (core api::survey::providers), so a \
            rental server known only by `a:www1234.sakura.ne.jp` is not detected at all"]
async fn sakura_behind_the_customers_own_mx_name() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = api_survey(authority.addr, "domain=sakura-customer.test").await;
    let evidence = mail_provider(&report, "sakura").unwrap_or_else(|| {
        panic!("Sakura not detected: {}", report["providers"]);
    });
    assert!(
        evidence.contains(&("spf-host".into(), "www1234.sakura.ne.jp".into())),
        "{evidence:?}"
    );
    authority.stop().await.expect("stops");
}

/// Half-way through a move: MX at Google and at Lolipop! at once.
#[tokio::test(flavor = "multi_thread")]
async fn a_move_in_progress_splits_the_mail() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = api_survey(authority.addr, "domain=migrating.test").await;
    let mail = ids(&report, "mail");
    assert!(
        mail.contains(&"google-workspace".to_owned()) && mail.contains(&"lolipop".to_owned()),
        "{mail:?}"
    );
    let google = mail_provider(&report, "google-workspace").expect("Google");
    assert!(
        google.contains(&("mx".into(), "smtp.google.com".into())),
        "{google:?}"
    );
    let lolipop = mail_provider(&report, "lolipop").expect("Lolipop");
    assert!(
        lolipop.contains(&("mx".into(), "mx01.lolipop.jp".into())),
        "{lolipop:?}"
    );
    assert!(lolipop.contains(&("spf-include".into(), "_spf.lolipop.jp".into())));
    assert!(has_signal(&lolipop, "name-server"), "{lolipop:?}");
    let mixed = finding(&report, "mx-mixed-providers");
    let message = mixed["message"]["en"].as_str().expect("message");
    assert!(
        message.contains("Google") && message.contains("Lolipop"),
        "{message}"
    );
    assert_eq!(ids(&report, "dns_hosts"), ["lolipop"]);
    assert_eq!(ids(&report, "verified_with"), ["google-workspace"]);
    authority.stop().await.expect("stops");
}

// ---- 3. Hostile data ----------------------------------------------------------------

/// A zone file's SOA, NS and name-server address for `origin` (without the dot).
fn zone_head(origin: &str) -> String {
    format!(
        "$ORIGIN {origin}.\n$TTL 300\n\
         @ IN SOA ns1.{origin}. hostmaster.{origin}. ( 1 3600 600 86400 300 )\n\
         @ IN NS ns1.{origin}.\n\
         ns1 IN A 127.0.0.1\n"
    )
}

/// `text` as TXT character-strings of at most 255 octets (RFC 1035 §3.3.14).
fn character_strings(text: &str) -> String {
    text.as_bytes()
        .chunks(255)
        .map(|chunk| format!("\"{}\"", std::str::from_utf8(chunk).expect("ASCII")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Zones too big to commit, written to `dir`: `fanout.test` (one SPF record with
/// 1,000 includes, each of which exists) and `bigtxt.test` (huge TXT sets).
fn generated_zones(dir: &std::path::Path) -> Vec<(String, PathBuf)> {
    let mut fanout = zone_head("fanout.test");
    fanout.push_str("@ IN MX 10 mx.fanout.test.\nmx IN A 127.0.0.70\n");
    fanout.push_str("_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@fanout.test\"\n");
    let includes: Vec<String> = (0..1000)
        .map(|idx| format!("include:i{idx}.fanout.test"))
        .collect();
    let record = format!("v=spf1 {} -all", includes.join(" "));
    fanout.push_str(&format!("@ IN TXT {}\n", character_strings(&record)));
    for idx in 0..1000 {
        fanout.push_str(&format!(
            "i{idx} IN TXT \"v=spf1 ip4:127.0.{}.{} -all\"\n",
            idx / 256,
            idx % 256
        ));
    }

    let mut bigtxt = zone_head("bigtxt.test");
    bigtxt.push_str("@ IN MX 10 mx.bigtxt.test.\nmx IN A 127.0.0.71\n");
    // An SPF record of 2,000-odd octets in nine character-strings.
    let terms: Vec<String> = (0..120)
        .map(|idx| format!("ip4:127.1.{idx}.0/24"))
        .collect();
    let spf = format!("v=spf1 {} -all", terms.join(" "));
    assert!(spf.len() > 2000);
    bigtxt.push_str(&format!("@ IN TXT {}\n", character_strings(&spf)));
    // Twenty more records of ten full strings each: a 50 KB answer (TCP only).
    for record in 0..20 {
        let text = format!("filler-{record:02}-").repeat(255); // 10 octets × 255
        bigtxt.push_str(&format!("@ IN TXT {}\n", character_strings(&text[..2550])));
    }
    // A DKIM "key" of 10,000 octets.
    let key = format!("v=DKIM1; k=rsa; p={}", "A".repeat(10_000));
    bigtxt.push_str(&format!(
        "default._domainkey IN TXT {}\n",
        character_strings(&key)
    ));
    // A DMARC TXT set bigger than any DNS message (65,535 octets): no server can
    // send it, so the question cannot be answered.
    for record in 0..30 {
        let text = format!("v=DMARC1; p=reject; x{record:02}=").repeat(100);
        bigtxt.push_str(&format!(
            "_dmarc IN TXT {}\n",
            character_strings(&text[..255 * 9])
        ));
    }

    let mut zones = Vec::new();
    for (origin, text) in [("fanout.test", fanout), ("bigtxt.test", bigtxt)] {
        let path = dir.join(format!("{origin}.zone"));
        std::fs::write(&path, text).expect("zone written");
        zones.push((format!("{origin}."), path));
    }
    zones
}

#[tokio::test(flavor = "multi_thread")]
async fn an_spf_include_loop_ends() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let started = Instant::now();
    let report = api_survey(authority.addr, "domain=spf-loop.hostile.test").await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(queries(&report) <= MAX_QUERIES);
    let tree = &report["facts"]["spf"]["tree"];
    let back = &tree["children"][0]["children"][0];
    assert_eq!(back["domain"], "spf-loop.hostile.test");
    assert_eq!(back["problem"], "loop", "{tree}");
    assert!(could_not_check(&report).is_empty());
    authority.stop().await.expect("stops");
}

/// RFC 7208 §4.6.4: an include loop makes every evaluation run into the limit of 10
/// DNS lookups, so receivers return permerror for every message. The report shows the
/// loop in the tree (`problem: loop`) but counts 2 lookups and raises nothing.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "bug: an SPF include loop raises no finding (the tree counts 2 lookups and marks \
            `loop`), though every receiver's check_host() hits the 10-lookup limit: permerror"]
async fn an_spf_include_loop_is_an_error() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = api_survey(authority.addr, "domain=spf-loop.hostile.test").await;
    let spf_errors: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding["topic"] == "spf" && finding["severity"] == "error")
        .map(|finding| finding["code"].as_str().expect("code"))
        .collect();
    assert!(!spf_errors.is_empty(), "{:?}", codes(&report));
    authority.stop().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_way_fan_out_stays_within_the_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    let authority = DnsAuthority::serve_zones(&generated_zones(dir.path()))
        .await
        .expect("authority");
    let started = Instant::now();
    let report = cli_check(authority.addr, "fanout.test", &[]).await;
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(queries(&report) <= MAX_QUERIES, "{}", queries(&report));
    // Every include costs a lookup, asked or not.
    assert_eq!(report["facts"]["spf"]["lookup_count"], 1000);
    let found = codes(&report);
    assert!(found.contains(&"spf-too-many-lookups"), "{found:?}");
    // The budget went to the SPF tree last: the domain's own records and its
    // exchanger's address were all answered.
    assert_eq!(
        report["facts"]["mx_addresses"]["mx.fanout.test"],
        serde_json::json!(["127.0.0.70"])
    );
    assert_eq!(report["facts"]["dmarc"]["p"], "reject");
    assert!(!found.contains(&"mx-unresolvable") && !found.contains(&"dmarc-missing"));
    authority.stop().await.expect("stops");
}

/// The survey's invariant (core `survey` module): once the budget is spent "the report
/// says which parts could not be checked". With 1,000 includes, 927 are never asked,
/// and they come back with neither a record nor a problem, and nothing in
/// `could_not_check`: a reader cannot tell them from includes still to be looked at.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "bug: SPF includes left unasked when the query budget runs out are reported as \
            nothing (record null, problem null, not in could_not_check)"]
async fn includes_the_budget_left_unasked_are_said_to_be_unknown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let authority = DnsAuthority::serve_zones(&generated_zones(dir.path()))
        .await
        .expect("authority");
    let report = api_survey(authority.addr, "domain=fanout.test").await;
    let children = report["facts"]["spf"]["tree"]["children"]
        .as_array()
        .expect("includes");
    assert_eq!(children.len(), 1000);
    let silent: Vec<&Value> = children
        .iter()
        .filter(|child| child["record"].is_null() && child["problem"].is_null())
        .collect();
    assert!(
        silent.is_empty(),
        "{} includes with neither a record nor a problem, e.g. {}",
        silent.len(),
        silent[0]
    );
    authority.stop().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread")]
async fn huge_txt_records_are_read_or_could_not_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let authority = DnsAuthority::serve_zones(&generated_zones(dir.path()))
        .await
        .expect("authority");
    let report = cli_check(authority.addr, "bigtxt.test", &[]).await;
    assert!(queries(&report) <= MAX_QUERIES);
    let found = codes(&report);
    // 21 records, 50 KB, over TCP: read in full. The SPF record is one of them.
    let spf = report["facts"]["spf"]["records"][0].as_str().expect("SPF");
    assert!(spf.len() > 2000 && spf.ends_with(" -all"), "{}", spf.len());
    assert!(found.contains(&"spf-record-too-long"), "{found:?}");
    assert!(!found.contains(&"spf-missing") && !found.contains(&"spf-syntax-error"));
    // A 10,000-octet "key" is read, and is no key.
    assert_eq!(
        report["facts"]["dkim"],
        serde_json::json!([["default", null]])
    );
    assert!(found.contains(&"dkim-syntax-error"), "{found:?}");
    // A DMARC set no DNS message can hold: could not check, not "missing".
    assert_eq!(could_not_check(&report), ["_dmarc.bigtxt.test TXT"]);
    assert!(found.contains(&"dns-could-not-check"), "{found:?}");
    assert!(!found.contains(&"dmarc-missing"), "{found:?}");
    authority.stop().await.expect("stops");
}

/// The exchanger is a CNAME loop. The authority's answer ends in no address, which
/// is what the zone says: the exchanger cannot be reached, whoever asks.
#[tokio::test(flavor = "multi_thread")]
async fn an_exchanger_that_is_a_cname_loop_ends() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let started = Instant::now();
    let report = api_survey(authority.addr, "domain=cname-loop.hostile.test").await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(queries(&report) <= MAX_QUERIES);
    assert_eq!(
        report["facts"]["mx_addresses"]["mx.cname-loop.hostile.test"],
        serde_json::json!([])
    );
    assert!(
        codes(&report).contains(&"mx-unresolvable"),
        "{:?}",
        codes(&report)
    );
    assert!(could_not_check(&report).is_empty());
    authority.stop().await.expect("stops");
}

/// A healthy domain whose exchanger and SPF include are in a delegated zone whose
/// name server never answers: those parts are unknown, and the domain is not broken.
/// Slow: the lookups wait for their deadline (about 5 s).
#[tokio::test(flavor = "multi_thread")]
async fn a_delegation_that_never_answers_is_could_not_check() {
    let (authority, proxy) = fixtures_behind_proxy().await;
    let started = Instant::now();
    let report = cli_check(proxy.addr, "partial.hostile.test", &[]).await;
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(queries(&report) <= MAX_QUERIES);
    assert_eq!(
        could_not_check(&report),
        [
            "_spf.lame.hostile.test TXT",
            "mx.lame.hostile.test A",
            "mx.lame.hostile.test AAAA"
        ]
    );
    let found = codes(&report);
    assert_eq!(found, ["dns-could-not-check"], "{found:?}");
    // Not "no address", not "void lookup".
    assert_eq!(report["facts"]["spf"]["void_lookup_count"], 0);
    assert_eq!(
        report["facts"]["spf"]["tree"]["children"][0]["problem"],
        "could-not-check"
    );
    drop(proxy);
    authority.stop().await.expect("stops");
}

/// The only name server never answers at all (a UDP and TCP endpoint that swallows
/// every question). The survey ends within its deadline, and everything is unknown
/// rather than missing. Slow: about 5 s.
#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_never_answers_is_could_not_check_not_a_broken_domain() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let silent = DnsProxy::start(
        authority.addr,
        Rules {
            blackhole: vec!["test".into()],
            ..Rules::default()
        },
    )
    .await
    .expect("proxy");
    let started = Instant::now();
    let report = cli_check(silent.addr, "example.test", &[]).await;
    // The server's survey deadline is 15 s.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(queries(&report) <= MAX_QUERIES);
    assert_eq!(codes(&report), ["dns-could-not-check"]);
    let unknown = could_not_check(&report);
    for query in [
        "example.test MX",
        "example.test TXT",
        "_dmarc.example.test TXT",
    ] {
        assert!(unknown.iter().any(|q| q == query), "{unknown:?}");
    }
    assert_eq!(report["facts"]["mx"], serde_json::json!([]));
    drop(silent);
    authority.stop().await.expect("stops");
}

/// A domain that does not exist: every answer is NXDOMAIN, which is an answer. The
/// survey completes with nothing unknown; it says what is missing (there is no
/// finding code for "the domain does not exist").
#[tokio::test(flavor = "multi_thread")]
async fn a_domain_that_does_not_exist() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = api_survey(authority.addr, "domain=nxdomain.hostile.test").await;
    assert!(queries(&report) <= MAX_QUERIES);
    assert!(could_not_check(&report).is_empty());
    assert_eq!(codes(&report), ["mx-missing", "spf-missing"]);
    // DMARC comes from the organisational domain, which exists.
    assert_eq!(report["facts"]["dmarc"]["found_at"], "_dmarc.hostile.test");
    assert_eq!(report["facts"]["dnssec"]["status"], "not-zone-apex");
    authority.stop().await.expect("stops");
}

// ---- 4. An internationalised domain name --------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn an_internationalised_domain_is_surveyed_by_its_unicode_form() {
    let policy = mailmove_core::NamePolicy::allowing(["test"]);
    let name = DomainName::parse_with("日本語.test", &policy).expect("valid");
    assert_eq!(name.as_str(), "xn--wgv71a119e.test");
    assert!(
        mailmove_testkit::fixture(&format!("zones/{name}.zone")).exists(),
        "the zone file is named after the A-label"
    );
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let report = cli_check(authority.addr, "日本語.test", &[]).await;
    assert_eq!(report["domain"], "xn--wgv71a119e.test");
    assert_eq!(report["domain_unicode"], "日本語.test");
    assert_eq!(
        report["facts"]["mx"],
        serde_json::json!([[10, "mx.xn--wgv71a119e.test"]])
    );
    assert_eq!(
        report["facts"]["dmarc"]["found_at"],
        "_dmarc.xn--wgv71a119e.test"
    );
    assert!(could_not_check(&report).is_empty());
    let found = codes(&report);
    for code in [
        "mx-unresolvable",
        "spf-missing",
        "dmarc-missing",
        "mx-missing",
    ] {
        assert!(!found.contains(&code), "{found:?}");
    }
    // The API, given an address at the Unicode name (percent-encoded), says the same.
    let api = api_survey(
        authority.addr,
        "domain=info%40%E6%97%A5%E6%9C%AC%E8%AA%9E.test",
    )
    .await;
    assert_eq!(api, report);
    authority.stop().await.expect("stops");
}
