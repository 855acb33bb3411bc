//! Provider mix and readiness for a target over whole surveys.

use super::tests::Reviewing as _;
use super::tests::{Zone, google_zone, run};
use super::*;
use crate::dns::RecordData;

fn codes(report: &Report) -> Vec<&'static str> {
    report
        .findings()
        .iter()
        .map(|finding| finding.code.0)
        .collect()
}

/// Google receives; Microsoft 365's exchanger was added for a move in progress.
fn mixed_zone() -> Zone {
    let mut zone = google_zone();
    zone.add(
        "example.co.jp",
        RecordData::Mx {
            preference: 0,
            exchange: "example-co-jp.mail.protection.outlook.com".into(),
        },
    );
    zone
}

#[test]
fn mx_at_two_providers_is_a_split() {
    let (report, _) = run("example.co.jp", &mixed_zone(), SurveyOptions::default());
    let ids: Vec<&str> = report
        .mx_providers()
        .iter()
        .map(|found| found.provider.id)
        .collect();
    assert_eq!(ids, ["google-workspace", "microsoft-365"]);
    assert!(codes(&report).contains(&"mx-mixed-providers"));
    let (report, _) = run("example.co.jp", &google_zone(), SurveyOptions::default());
    assert!(!codes(&report).contains(&"mx-mixed-providers"));
    assert!(
        !codes(&report).contains(&"mx-ttl-long"),
        "3600 s is short enough"
    );
}

/// Sakura's most common SPF names the server only by `a:www<NNNN>.sakura.ne.jp`; the
/// MX is the customer's own name.
#[test]
fn an_spf_a_host_names_the_rental_server() {
    let mut zone = Zone::default();
    zone.add(
        "example.jp",
        RecordData::Mx {
            preference: 10,
            exchange: "example.jp".into(),
        },
    )
    .txt("example.jp", "v=spf1 include:spf.example.jp mx ~all")
    .txt("spf.example.jp", "v=spf1 a:WWW1234.sakura.ne.jp. ~all");
    let (report, _) = run("example.jp", &zone, SurveyOptions::default());
    assert_eq!(report.spf_tree.hosts(), ["www1234.sakura.ne.jp"]);
    let json = crate::api::survey_json(&crate::findings::review(report.clone()));
    let sakura = json
        .providers
        .mail
        .iter()
        .find(|provider| provider.id == "sakura")
        .expect("Sakura detected");
    assert_eq!(
        sakura.evidence[0].0.name(),
        "spf-host",
        "named by the record it came from"
    );
    assert_eq!(sakura.evidence[0].1, "www1234.sakura.ne.jp");
    // SPF says who may send, not where mail lands.
    assert!(report.mx_providers().is_empty());
}

/// An own-name exchanger that is an alias for the rental server: the CNAME target
/// shows who receives the mail (signal `exchanger-name`).
#[test]
fn an_exchanger_alias_names_the_server_behind_it() {
    let mut zone = Zone::default();
    zone.add(
        "example.jp",
        RecordData::Mx {
            preference: 10,
            exchange: "mail.example.jp".into(),
        },
    );
    zone.records
        .entry(("mail.example.jp".into(), RecordType::A))
        .or_default()
        .extend([
            RecordData::Cname {
                target: "sv1234.xserver.jp".into(),
            },
            RecordData::A {
                address: std::net::Ipv4Addr::new(127, 0, 0, 30),
            },
        ]);
    let (report, _) = run("example.jp", &zone, SurveyOptions::default());
    assert_eq!(report.exchanger_names(), ["sv1234.xserver.jp"]);
    let receiving = report.mx_providers();
    assert_eq!(receiving.len(), 1, "{receiving:?}");
    assert_eq!(receiving[0].provider.id, "xserver");
    assert_eq!(
        receiving[0].evidence[0].signal,
        crate::catalog::Signal::ExchangerName
    );
    let json = crate::api::survey_json(&crate::findings::review(report.clone()));
    let xserver = &json.providers.mail[0];
    assert_eq!(xserver.id, "xserver");
    assert_eq!(
        xserver.evidence[0],
        (
            crate::catalog::Signal::ExchangerName,
            "sv1234.xserver.jp".into(),
            xserver.evidence[0].2.clone()
        )
    );
}
