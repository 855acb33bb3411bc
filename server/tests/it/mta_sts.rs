//! The MTA-STS policy fetch against a real HTTPS server on loopback (rustls, a test CA
//! made with rcgen) and a real DNS authority: every way RFC 8461 §3.3 says a fetch
//! fails is reported as such, and the survey turns the outcome into findings.

use mailmove_core::mta_sts::{FetchError, PolicyFetch};
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::mta_sts_fetch::PolicyFetcher;
use mailmove_testkit::dns_authority::DnsAuthority;

use crate::test_tls::{TestCa, https_server, leaf};

const ZONE: &str = "\
$ORIGIN sts.test.
$TTL 300
@        IN SOA ns1 hostmaster 1 3600 600 86400 60
@        IN NS  ns1
ns1      IN A   127.0.0.1
@        IN MX  10 mx1.sts.test.
@        IN MX  20 mx.new-provider.test.
mx1      IN A   127.0.0.10
@        IN TXT \"v=spf1 -all\"
_mta-sts IN TXT \"v=STSv1; id=20261128\"
mta-sts  IN A   127.0.0.1
";

const NO_HOST_ZONE: &str = "\
$ORIGIN nohost.test.
$TTL 300
@        IN SOA ns1 hostmaster 1 3600 600 86400 60
@        IN NS  ns1
ns1      IN A   127.0.0.1
_mta-sts IN TXT \"v=STSv1; id=1\"
";

/// A policy that lists mx1 only, in enforce mode: the new provider's MX is not covered.
const POLICY: &str = "version: STSv1\r\nmode: enforce\r\nmx: mx1.sts.test\r\nmax_age: 604800\r\n";

fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("Connection: close\r\n\r\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

struct Setup {
    authority: DnsAuthority,
    _dir: tempfile::TempDir,
    ca: TestCa,
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let sts = dir.path().join("sts.test.zone");
    let nohost = dir.path().join("nohost.test.zone");
    std::fs::write(&sts, ZONE).unwrap();
    std::fs::write(&nohost, NO_HOST_ZONE).unwrap();
    let authority =
        DnsAuthority::serve_zones(&[("sts.test.".into(), sts), ("nohost.test.".into(), nohost)])
            .await
            .unwrap();
    Setup {
        authority,
        _dir: dir,
        ca: TestCa::new("Mailmove test CA"),
    }
}

impl Setup {
    /// The resolver, and beside it the policy fetcher.
    fn dns(&self, fetcher: PolicyFetcher) -> (Dns, PolicyFetcher) {
        let dns = Dns::new(&Upstream::Nameserver(self.authority.addr)).unwrap();
        (dns, fetcher)
    }

    async fn fetch_with(&self, cert_name: &str, response: Vec<u8>, trust: bool) -> PolicyFetch {
        let port = https_server(self.ca.server_config(leaf(cert_name)), response).await;
        let roots = if trust {
            vec![self.ca.der()]
        } else {
            Vec::new()
        };
        let (dns, fetcher) = self.dns(PolicyFetcher::for_tests(port, &roots));
        fetcher.fetch(&dns, "sts.test").await
    }

    async fn fetch(&self, response: Vec<u8>) -> PolicyFetch {
        self.fetch_with("mta-sts.sts.test", response, true).await
    }
}

fn error_of(fetch: PolicyFetch) -> FetchError {
    match fetch {
        PolicyFetch::Failed { error, .. } => error,
        PolicyFetch::Fetched { body, .. } => panic!("fetched unexpectedly: {body}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_good_policy_is_fetched() {
    let setup = setup().await;
    let ok = http(
        "200 OK",
        &[("Content-Type", "text/plain; charset=utf-8")],
        POLICY.as_bytes(),
    );
    match setup.fetch(ok).await {
        PolicyFetch::Fetched { url, body } => {
            assert_eq!(url, "https://mta-sts.sts.test/.well-known/mta-sts.txt");
            assert_eq!(body, POLICY);
        }
        failed => panic!("{failed:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_failure_is_named() {
    let setup = setup().await;
    let text = [("Content-Type", "text/plain")];

    let error = error_of(setup.fetch(http("404 Not Found", &text, b"no")).await);
    assert_eq!(error, FetchError::Status { code: 404 });

    let moved = [("Location", "https://www.sts.test/mta-sts.txt")];
    let error = error_of(
        setup
            .fetch(http("301 Moved Permanently", &moved, b""))
            .await,
    );
    assert_eq!(
        error,
        FetchError::Redirect {
            code: 301,
            location: Some("https://www.sts.test/mta-sts.txt".into())
        }
    );

    let html = [("Content-Type", "text/html")];
    let error = error_of(setup.fetch(http("200 OK", &html, POLICY.as_bytes())).await);
    assert_eq!(
        error,
        FetchError::ContentType {
            found: "text/html".into()
        }
    );

    let huge = vec![b'#'; 70 * 1024];
    let error = error_of(setup.fetch(http("200 OK", &text, &huge)).await);
    assert_eq!(error, FetchError::TooLarge);

    let error = error_of(setup.fetch(http("200 OK", &text, b"mode: \xff\xfe")).await);
    assert_eq!(error, FetchError::NotText);

    // A certificate for another name, and one from a CA nobody trusts.
    let ok = http("200 OK", &text, POLICY.as_bytes());
    let error = error_of(setup.fetch_with("www.sts.test", ok.clone(), true).await);
    assert!(
        matches!(&error, FetchError::Tls { detail } if detail.contains("NotValidForName")),
        "{error:?}"
    );
    let error = error_of(setup.fetch_with("mta-sts.sts.test", ok, false).await);
    assert!(
        matches!(&error, FetchError::Tls { detail } if detail.contains("UnknownIssuer")),
        "{error:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_host_no_listener_and_private_addresses() {
    let setup = setup().await;
    let closed = mailmove_testkit::free_port();
    let (dns, fetcher) = setup.dns(PolicyFetcher::for_tests(closed, &[]));
    assert_eq!(
        error_of(fetcher.fetch(&dns, "nohost.test").await),
        FetchError::NoAddress
    );
    assert!(matches!(
        error_of(fetcher.fetch(&dns, "sts.test").await),
        FetchError::Connect { .. }
    ));
    // The production fetcher never connects to a loopback (or any private) address.
    let (dns, fetcher) = setup.dns(PolicyFetcher::default());
    assert_eq!(
        error_of(fetcher.fetch(&dns, "sts.test").await),
        FetchError::NotAsked
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_survey_reads_the_policy_against_the_mx() {
    let setup = setup().await;
    let names = mailmove_core::NamePolicy::allowing(["test"]);
    let domain = mailmove_core::DomainName::parse_with("sts.test", &names).unwrap();
    let survey = |(dns, fetcher): (Dns, PolicyFetcher)| {
        let domain = domain.clone();
        async move {
            let report =
                mailmove_server::survey::run(&dns, &fetcher, domain, Default::default()).await;
            mailmove_core::api::survey_json(&report)
        }
    };
    let codes = |json: &mailmove_core::api::SurveyJson| -> Vec<String> {
        json.findings.iter().map(|f| f.code.clone()).collect()
    };

    let ok = http(
        "200 OK",
        &[("Content-Type", "text/plain")],
        POLICY.as_bytes(),
    );
    let port = https_server(setup.ca.server_config(leaf("mta-sts.sts.test")), ok).await;
    let json = survey(setup.dns(PolicyFetcher::for_tests(port, &[setup.ca.der()]))).await;
    assert!(
        codes(&json).contains(&"mta-sts-mx-not-covered".to_owned()),
        "{:?}",
        codes(&json)
    );
    assert!(!codes(&json).contains(&"mta-sts-policy-unavailable".to_owned()));
    let finding = json
        .findings
        .iter()
        .find(|f| f.code == "mta-sts-mx-not-covered")
        .unwrap();
    assert!(
        finding.message.en.contains("mx.new-provider.test"),
        "{:?}",
        finding.message
    );
    assert!(
        !finding.message.en.contains("mx1.sts.test"),
        "{:?}",
        finding.message
    );
    let facts = serde_json::to_value(&json.facts).unwrap();
    assert_eq!(facts["mta_sts_policy"]["status"], "fetched");

    let gone = http("404 Not Found", &[("Content-Type", "text/plain")], b"");
    let port = https_server(setup.ca.server_config(leaf("mta-sts.sts.test")), gone).await;
    let json = survey(setup.dns(PolicyFetcher::for_tests(port, &[setup.ca.der()]))).await;
    assert!(
        codes(&json).contains(&"mta-sts-policy-unavailable".to_owned()),
        "{:?}",
        codes(&json)
    );
    assert!(!codes(&json).contains(&"mta-sts-mx-not-covered".to_owned()));

    // Not contacted (production policy, loopback address): neither finding.
    let json = survey(setup.dns(PolicyFetcher::default())).await;
    assert!(
        !codes(&json)
            .iter()
            .any(|code| code.starts_with("mta-sts-policy-unavailable"))
    );
    let facts = serde_json::to_value(&json.facts).unwrap();
    assert_eq!(facts["mta_sts_policy"]["error"]["kind"], "not-asked");
}

/// Issue 18, item 5: a policy host whose address lookup fails (SERVFAIL, or no answer
/// in time) is "could not check", never the domain's "has no address".
#[tokio::test(flavor = "multi_thread")]
async fn a_failed_lookup_of_the_policy_host_is_could_not_check() {
    use mailmove_core::survey::Failure;
    let setup = setup().await;
    let names = mailmove_core::NamePolicy::allowing(["test"]);
    let domain = mailmove_core::DomainName::parse_with("sts.test", &names).unwrap();
    let ok = http(
        "200 OK",
        &[("Content-Type", "text/plain")],
        POLICY.as_bytes(),
    );
    let port = https_server(setup.ca.server_config(leaf("mta-sts.sts.test")), ok).await;
    let fetcher = PolicyFetcher::for_tests(port, &[setup.ca.der()]);
    for (rules, expected) in [
        (
            crate::dns_proxy::Rules {
                servfail: vec!["mta-sts.sts.test".into()],
                ..Default::default()
            },
            FetchError::LookupFailed {
                failure: Failure::ServFail,
            },
        ),
        (
            crate::dns_proxy::Rules {
                blackhole: vec!["mta-sts.sts.test".into()],
                ..Default::default()
            },
            // The lookups' own deadline runs past the fetch's.
            FetchError::Timeout,
        ),
    ] {
        let proxy = crate::dns_proxy::DnsProxy::start(setup.authority.addr, rules)
            .await
            .unwrap();
        let dns = Dns::new(&Upstream::Nameserver(proxy.addr)).unwrap();
        assert_eq!(error_of(fetcher.fetch(&dns, "sts.test").await), expected);
        let report =
            mailmove_server::survey::run(&dns, &fetcher, domain.clone(), Default::default()).await;
        let json = mailmove_core::api::survey_json(&report);
        let codes: Vec<&str> = json.findings.iter().map(|f| f.code.as_str()).collect();
        assert!(codes.contains(&"mta-sts-could-not-check"), "{codes:?}");
        assert!(!codes.contains(&"mta-sts-policy-unavailable"), "{codes:?}");
        let finding = json
            .findings
            .iter()
            .find(|f| f.code == "mta-sts-could-not-check")
            .unwrap();
        assert!(
            !finding.message.en.contains("no address"),
            "{:?}",
            finding.message
        );
        assert!(
            finding.message.ja.contains("確認できませんでした"),
            "{:?}",
            finding.message
        );
    }
}

/// Issue 17, item 3: an enforced policy that lists only today's MX, with a target
/// chosen, is `mta-sts-enforce-without-target` (the senders that cached it will refuse
/// the target's MX after the switch), linked to the planner's `prepare-records` step.
/// Without a target there is nothing to compare the policy with.
#[tokio::test(flavor = "multi_thread")]
async fn an_enforced_policy_without_the_targets_mx_is_a_migration_hazard() {
    let setup = setup().await;
    let names = mailmove_core::NamePolicy::allowing(["test"]);
    let domain = mailmove_core::DomainName::parse_with("sts.test", &names).unwrap();
    let ok = http(
        "200 OK",
        &[("Content-Type", "text/plain")],
        POLICY.as_bytes(),
    );
    for (target, expected) in [(Some("google-workspace"), true), (None, false)] {
        let port = https_server(setup.ca.server_config(leaf("mta-sts.sts.test")), ok.clone()).await;
        let (dns, fetcher) = setup.dns(PolicyFetcher::for_tests(port, &[setup.ca.der()]));
        let options = mailmove_core::survey::SurveyOptions {
            target: target.map(str::to_owned),
            ..Default::default()
        };
        let report = mailmove_server::survey::run(&dns, &fetcher, domain.clone(), options).await;
        let json = mailmove_core::api::survey_json(&report);
        let hazard = json
            .findings
            .iter()
            .find(|f| f.code == "mta-sts-enforce-without-target");
        assert_eq!(hazard.is_some(), expected, "{target:?}");
        if let Some(hazard) = hazard {
            assert!(
                hazard.message.en.contains("smtp.google.com"),
                "{:?}",
                hazard.message
            );
            assert_eq!(
                hazard.plan_step,
                Some(mailmove_core::plan::StepId::PrepareRecords)
            );
        }
    }
}
