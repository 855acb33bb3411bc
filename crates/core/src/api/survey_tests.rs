//! The survey JSON's shape: what clients read stays.

use super::*;
use crate::survey::readiness_tests::report_with_spf_lookups;

/// The wire shape: the fields clients read, by name. Existing fields stay; new ones
/// are added beside them.
#[test]
fn the_survey_json_keeps_its_shape() {
    let json = serde_json::to_value(survey_json(&crate::findings::review(
        report_with_spf_lookups(7),
    )))
    .expect("serialisable");
    for key in [
        "domain",
        "domain_unicode",
        "findings",
        "facts",
        "providers",
        "could_not_check",
        "not_asked",
        "queries",
        "readiness",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let facts = &json["facts"];
    for key in [
        "mx",
        "mx_addresses",
        "mx_ttl",
        "mx_ttl_source",
        "null_mx",
        "domain_state",
        "ns",
        "soa_serial",
        "negative_ttl",
        "spf",
        "dmarc",
        "dkim",
        "mta_sts",
        "mta_sts_policy",
        "tls_rpt",
        "bimi",
        "dnssec",
        "client_config",
        "dmarc_external_reports",
        "ns_servers",
    ] {
        assert!(facts.get(key).is_some(), "missing facts.{key}");
    }
    assert!(facts["spf"]["tree"]["targets"].is_array());
    // The test zone has one name server, on a loopback address, that serves
    // the zone.
    let ns = &facts["ns_servers"];
    assert_eq!(ns["status"], "consistent");
    assert_eq!(ns["newest_serial"], 2026112801);
    assert_eq!(ns["servers"][0]["host"], "ns1.example-dns.jp");
    assert_eq!(ns["servers"][0]["address"], "127.0.0.53");
    assert_eq!(ns["servers"][0]["state"], "answered");
    assert_eq!(ns["servers"][0]["serial"], 2026112801);
    assert_eq!(ns["lagging"], serde_json::json!([]));
    assert_eq!(ns["shared_network"], "127.0.0.0/24");
    assert_eq!(facts["dnssec"]["status"], "unsigned");
    assert_eq!(facts["dnssec"]["ds"], "absent");
    let readiness = &json["readiness"];
    assert_eq!(readiness["target"], "google-workspace");
    assert_eq!(readiness["name"]["en"], "Google Workspace");
    let spf = readiness["items"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|item| item["code"] == "spf-room")
        .expect("listed");
    assert_eq!(spf["status"], "blocked");
    assert!(
        spf["message"]["ja"]
            .as_str()
            .is_some_and(|text| text.contains("7 + 4 = 11"))
    );
    // Clients built against this shape read it back.
    let back: SurveyJson = serde_json::from_value(json).expect("deserialisable");
    assert_eq!(back.readiness.map(|r| r.items.len()), Some(6));
}

#[test]
fn older_json_without_the_new_fields_still_reads() {
    let mut json = serde_json::to_value(survey_json(&crate::findings::review(
        crate::survey::report::empty("example.jp"),
    )))
    .expect("serialisable");
    let object = json.as_object_mut().expect("an object");
    object.remove("readiness");
    object.remove("not_asked");
    object["facts"]["spf"]
        .as_object_mut()
        .expect("an object")
        .remove("lookup_count_is_minimum");
    object["facts"]["spf"]["tree"]
        .as_object_mut()
        .expect("an object")
        .remove("targets");
    let facts = object["facts"].as_object_mut().expect("an object");
    for key in [
        "dnssec",
        "client_config",
        "dmarc_external_reports",
        "ns_servers",
    ] {
        facts.remove(key);
    }
    let back: SurveyJson = serde_json::from_value(json).expect("deserialisable");
    assert!(back.readiness.is_none());
    assert!(back.not_asked.is_empty());
    assert!(!back.facts.spf.lookup_count_is_minimum);
    assert!(back.facts.spf.tree.targets.is_empty());
    assert!(back.facts.dnssec.is_none());
    assert!(back.facts.ns_servers.is_none());
}
