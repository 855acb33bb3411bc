//! The DNSSEC fact over whole surveys.

use super::tests::Reviewing as _;
use super::tests::{google_zone, run};
use super::*;
use crate::dns::{RecordData, RecordType};

/// RFC 4034 §5.4's example key: algorithm 5, key tag 60485.
fn rfc_key() -> RecordData {
    RecordData::Dnskey {
        flags: 256,
        protocol: 3,
        algorithm: 5,
        public_key: "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==".into(),
    }
}

fn ds(key_tag: u16) -> RecordData {
    RecordData::Ds {
        key_tag,
        algorithm: 5,
        digest_type: 2,
        digest: "ab01".into(),
    }
}

fn codes(report: &Report) -> Vec<&'static str> {
    report
        .findings()
        .iter()
        .map(|finding| finding.code.0)
        .collect()
}

#[test]
fn a_zone_without_ds_is_unsigned() {
    let (report, _) = run("example.co.jp", &google_zone(), SurveyOptions::default());
    assert_eq!(report.dnssec.status, DnssecStatus::Unsigned);
    assert_eq!(report.dnssec.ds, Presence::Absent);
    assert!(codes(&report).contains(&"dnssec-unsigned"));
}

#[test]
fn a_ds_naming_a_zone_key_is_signed() {
    let mut zone = google_zone();
    zone.add("example.co.jp", ds(60485))
        .add("example.co.jp", rfc_key());
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(report.dnssec.status, DnssecStatus::Signed);
    assert_eq!(report.dnssec.dnskey_tags, [60485]);
    assert_eq!(report.dnssec.ds_records, ["60485 5 2 ab01"]);
    let codes = codes(&report);
    assert!(!codes.contains(&"dnssec-unsigned"));
    assert!(!codes.contains(&"dnssec-ds-without-dnskey"));
}

#[test]
fn a_ds_without_its_key_breaks_the_chain() {
    // The old host's DS left behind: no keys at all, or someone else's key.
    let mut no_keys = google_zone();
    no_keys.add("example.co.jp", ds(60485));
    let mut other_key = google_zone();
    other_key
        .add("example.co.jp", ds(11111))
        .add("example.co.jp", rfc_key());
    for zone in [no_keys, other_key] {
        let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
        assert_eq!(report.dnssec.status, DnssecStatus::Broken);
        assert!(codes(&report).contains(&"dnssec-ds-without-dnskey"));
    }
}

#[test]
fn a_name_inside_its_parents_zone_is_not_judged() {
    let mut zone = google_zone();
    zone.txt("mail.example.co.jp", "v=spf1 -all");
    let (report, _) = run("mail.example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(report.dnssec.status, DnssecStatus::NotZoneApex);
    assert!(!codes(&report).contains(&"dnssec-unsigned"));
}

#[test]
fn a_failed_ds_lookup_could_not_be_checked() {
    let mut zone = google_zone();
    zone.timeouts.push(("example.co.jp".into(), RecordType::Ds));
    let (report, _) = run("example.co.jp", &zone, SurveyOptions::default());
    assert_eq!(report.dnssec.status, DnssecStatus::CouldNotCheck);
    assert_eq!(report.dnssec.ds, Presence::Unknown);
    assert!(
        !codes(&report)
            .iter()
            .any(|code| code.starts_with("dnssec-"))
    );
}
