//! `mailmove check` and `GET /api/survey` against the fixture zones on a real DNS
//! server: the same report from both shells, and bad input refused.

use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use mailmove_core::api as json;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use tower::ServiceExt as _;

fn check(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .arg("check")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("mailmove runs")
}

async fn api_survey(authority: &DnsAuthority, query: &str) -> (StatusCode, serde_json::Value) {
    let state = AppState::new(
        Dns::new(&Upstream::Nameserver(authority.addr)).expect("resolver"),
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
    (status, serde_json::from_slice(&body).expect("JSON"))
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_and_api_give_the_same_report() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let addr = authority.addr.to_string();
    let output = check(&[
        "taro@Example.TEST",
        "--allow-tld",
        "test",
        "--nameserver",
        &addr,
        "--json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cli: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    let (status, api) = api_survey(&authority, "domain=example.test").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cli, api);

    let report: json::SurveyJson = serde_json::from_value(cli).expect("the documented shape");
    assert_eq!(
        report.facts.mx,
        [
            (10, "mx1.example.test".to_owned()),
            (20, "mx2.example.test".to_owned())
        ]
    );
    assert_eq!(report.facts.mx_ttl, Some(3600));
    assert_eq!(report.facts.spf.lookup_count, 0);
    assert_eq!(
        report
            .facts
            .dmarc
            .as_ref()
            .and_then(|tags| tags.get("p"))
            .map(String::as_str),
        Some("none")
    );
    let codes: Vec<&str> = report
        .findings
        .iter()
        .map(|finding| finding.code.as_str())
        .collect();
    assert!(codes.contains(&"dmarc-policy-none"), "{codes:?}");
    let finding = report
        .findings
        .iter()
        .find(|finding| finding.code == "dmarc-policy-none")
        .expect("finding");
    assert!(!finding.message.ja.is_empty() && !finding.message.en.is_empty());
    assert!(
        report.could_not_check.is_empty(),
        "{:?}",
        report.could_not_check
    );
    authority.stop().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_mx_that_names_an_alias_is_found_over_real_dns() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let (status, body) = api_survey(&authority, "domain=alias.test").await;
    assert_eq!(status, StatusCode::OK);
    let report: json::SurveyJson = serde_json::from_value(body).expect("shape");
    let codes: Vec<&str> = report
        .findings
        .iter()
        .map(|finding| finding.code.as_str())
        .collect();
    assert!(codes.contains(&"mx-points-to-cname"), "{codes:?}");
    assert!(codes.contains(&"dmarc-missing"), "{codes:?}");
    assert!(
        !codes.contains(&"mx-unresolvable"),
        "the alias resolves: {codes:?}"
    );
    authority.stop().await.expect("stops");
}

#[test]
fn human_report_in_both_languages() {
    // No DNS server at port 9: the survey completes with "could not check" parts.
    let args = ["example.jp", "--nameserver", "127.0.0.1:9"];
    let ja = check(&[&args[..], &["--lang", "ja"]].concat());
    assert!(ja.status.success());
    let ja = String::from_utf8(ja.stdout).expect("utf-8");
    assert!(
        ja.contains("ドメイン設定チェック") && ja.contains("確認できなかった"),
        "{ja}"
    );
    assert!(
        !ja.contains('\u{1b}'),
        "no colour when NO_COLOR is set or not a terminal"
    );
    let en =
        String::from_utf8(check(&[&args[..], &["--lang", "en"]].concat()).stdout).expect("utf-8");
    assert!(
        en.contains("Domain check") && en.contains("Could not check"),
        "{en}"
    );
}

/// The headings are core's `Topic::label`, the page's words, in the report's language.
#[tokio::test(flavor = "multi_thread")]
async fn human_report_headings_are_the_topics_labels() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let addr = authority.addr.to_string();
    let args = ["m365.test", "--allow-tld", "test", "--nameserver", &addr];
    for (lang, heading) in [
        (mailmove_core::Lang::Ja, "MX(配送先)"),
        (mailmove_core::Lang::En, "MX (delivery)"),
    ] {
        let output = check(&[&args[..], &["--lang", lang.tag()]].concat());
        assert!(output.status.success(), "{lang:?}");
        let report = String::from_utf8(output.stdout).expect("utf-8");
        assert_eq!(
            mailmove_core::findings::Topic::Mx.label().get(lang),
            heading
        );
        assert!(
            report.lines().any(|line| line == heading),
            "{lang:?}: {report}"
        );
    }
    authority.stop().await.expect("stops");
}

/// `--lang` takes `ja` or `en`: anything else is a usage error, not a silent fallback
/// to the locale.
#[test]
fn a_language_other_than_ja_or_en_is_refused() {
    let output = check(&["example.jp", "--lang", "fr", "--nameserver", "127.0.0.1:9"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ja") && stderr.contains("en"), "{stderr}");
    // Case does not matter, as before.
    let output = check(&["example.jp", "--lang", "EN", "--nameserver", "127.0.0.1:9"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("Domain check"));
}

#[tokio::test]
async fn bad_input_is_refused_with_what_to_fix() {
    for (input, needle) in [
        ("printer.local", "special-use"),
        ("192.0.2.1", "IP address"),
        ("a..b.jp", "empty label"),
    ] {
        let output = check(&[input, "--lang", "en", "--nameserver", "127.0.0.1:9"]);
        assert_eq!(output.status.code(), Some(2), "{input}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{input}: {stderr}");
    }
    let authority = DnsAuthority::fixtures().await.expect("authority");
    for query in [
        "domain=printer.local",
        "domain=192.0.2.1",
        "domain=a%00b.jp",
        "",
        "domain=example.notatld",
    ] {
        let (status, body) = api_survey(&authority, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body["code"], "invalid-domain", "{query}");
    }
}

/// The zone's MX TTL, not what a cache has left: two surveys of one domain through
/// one caching server, seconds apart, both report the zone file's 3600, asked of
/// the zone's own name server (ns1.example.test, 127.0.0.1). Without a name server
/// the survey may ask directly, the resolver's counted-down value is all there is,
/// and the report says where it came from.
#[tokio::test(flavor = "multi_thread")]
async fn the_mx_ttl_is_the_zone_s_on_every_survey() {
    use mailmove_server::address_policy::DirectPolicy;
    use mailmove_server::cache::AnswerCache;
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let survey_twice = |direct: DirectPolicy| {
        let dns = Dns::new(&Upstream::Nameserver(authority.addr))
            .expect("resolver")
            .with_cache(AnswerCache::default())
            .with_direct(direct);
        let state = AppState::new(
            dns,
            None,
            mailmove_core::NamePolicy::allowing(["test"]),
            ServerConfig::default(),
        );
        async move {
            let mut facts = Vec::new();
            for round in 0..2 {
                if round == 1 {
                    // Long enough for a cache's countdown to show.
                    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
                }
                let request = Request::get("/api/survey?domain=example.test")
                    .body(Body::empty())
                    .expect("request");
                let response = app(state.clone())
                    .oneshot(request)
                    .await
                    .expect("infallible");
                let body = response
                    .into_body()
                    .collect()
                    .await
                    .expect("body")
                    .to_bytes();
                let report: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
                facts.push((
                    report["facts"]["mx_ttl"].as_u64(),
                    report["facts"]["mx_ttl_source"].as_str().map(str::to_owned),
                ));
            }
            facts
        }
    };
    let port = authority.addr.port();
    let zone = Some("zone".to_owned());
    assert_eq!(
        survey_twice(DirectPolicy::Loopback { port }).await,
        [(Some(3600), zone.clone()), (Some(3600), zone)]
    );
    let cached = survey_twice(DirectPolicy::default()).await;
    let resolver = Some("resolver".to_owned());
    assert_eq!(cached[0], (Some(3600), resolver.clone()));
    assert_eq!(cached[1].1, resolver);
    assert!(
        cached[1].0.is_some_and(|ttl| ttl < 3600),
        "the cache counts down: {cached:?}"
    );
}

/// For people: a domain that does not exist gets a status line instead of a summary
/// of providers, MX and SPF it cannot have.
#[tokio::test(flavor = "multi_thread")]
async fn the_readable_report_of_a_domain_that_does_not_exist() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let addr = authority.addr.to_string();
    let output = check(&[
        "nxdomain.hostile.test",
        "--allow-tld",
        "test",
        "--nameserver",
        &addr,
        "--lang",
        "en",
    ]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Status: This domain does not exist"),
        "{text}"
    );
    assert!(text.contains("(domain-not-found)"), "{text}");
    assert!(
        !text.contains("Mail provider") && !text.contains("MX:"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn text_from_dns_is_printed_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zone = dir.path().join("ctrl.test.zone");
    // An SPF record and a DMARC record that would retitle the window, ring and clear
    // the screen: the control characters raw in the zone file (hickory-server's
    // reading of `\DDD` escapes is its own).
    std::fs::write(
        &zone,
        "$ORIGIN ctrl.test.
$TTL 300
@       IN SOA  ns1.ctrl.test. hostmaster.ctrl.test. ( 1 3600 600 86400 300 )
@       IN NS   ns1.ctrl.test.
ns1     IN A    127.0.0.1
@       IN MX   10 mx.ctrl.test.
mx      IN A    192.0.2.25
@       IN TXT  \"v=spf1 \u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}2J -all\"
_dmarc  IN TXT  \"v=DMARC1; p=\u{1b}[31mnone\u{7}\"
",
    )
    .expect("zone");
    let authority = DnsAuthority::serve(&[&zone]).await.expect("authority");
    let addr = authority.addr.to_string();
    let run = |json: bool| {
        let mut args = vec![
            "ctrl.test",
            "--allow-tld",
            "test",
            "--nameserver",
            &addr,
            "--lang",
            "en",
        ];
        if json {
            args.push("--json");
        }
        check(&args)
    };
    let output = run(false);
    let out = String::from_utf8(output.stdout).expect("UTF-8");
    let controls: Vec<char> = out
        .chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect();
    assert_eq!(controls, Vec::<char>::new(), "{out:?}");
    assert!(out.contains("\\u001b]0;pwned\\u0007"), "{out}");

    // The JSON report stays JSON with the record's text intact.
    let output = run(true);
    assert!(!output.stdout.contains(&0x1b) && !output.stdout.contains(&0x07));
    let report: json::SurveyJson = serde_json::from_slice(&output.stdout).expect("JSON");
    let text = serde_json::to_string(&report).expect("JSON");
    assert!(text.contains("pwned"), "{text}");
}
