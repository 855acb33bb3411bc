use std::net::Ipv4Addr;

use super::*;
use crate::api::SpfNodeJson;
use crate::dns::{Record, RecordData, RecordType};
use crate::survey::SpfVia;

const KEY: &str = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArzp7VL//xIZLmbdJPOHl+/vJ/q4At25+h8YLYQIaqFgdyTzKLr7cfsI31MyR5t71dbjXL8Ck1bp30HGy1hlw74IbY3TmKwTWqu74HLnxoiGJ5pAjwyNhH/ZUz1BGIkblNIEQ5CAzz/hQZhs031pzAv4wilo8pYVwdvG4MXzJquw91v1d6Rl/j+o1OWs6RDTObI9IEPTTu2WC1tPi4s9fnQJraJIqyQB68DpRUATZbahbMwfVUEUE/o7iR/691SnOWXpTKloFZxxuFL4AQShEjcoSlN9kCxqNlP5iRO5t5vkgfnFmkFj2RVdbmiUODX6gUjTWMznDXW6bi2Qto+FQXwIDAQAB";

fn txt(name: &str, value: &str) -> Record {
    Record {
        name: name.into(),
        ttl: 3600,
        data: RecordData::Txt {
            strings: vec![value.into()],
        },
    }
}

fn xserver_today() -> Vec<Record> {
    vec![
        Record {
            name: "example.jp".into(),
            ttl: 3600,
            data: RecordData::Mx {
                preference: 10,
                exchange: "mail.example.jp".into(),
            },
        },
        Record {
            name: "mail.example.jp".into(),
            ttl: 3600,
            data: RecordData::A {
                address: Ipv4Addr::new(203, 0, 113, 10),
            },
        },
        txt(
            "example.jp",
            "v=spf1 +mx include:spf.sender.xserver.jp include:mail.zendesk.com ~all",
        ),
        txt("example.jp", "google-site-verification=old-token-kept"),
    ]
}

fn domain() -> crate::DomainName {
    crate::DomainName::parse("example.jp").unwrap()
}

fn google_request() -> RecordRequest {
    RecordRequest {
        target: "google-workspace".into(),
        verification_token: Some("abc123XYZ".into()),
        dkim: Some(DkimInput::TxtKey {
            selector: "google".into(),
            key: KEY.into(),
        }),
        dmarc_rua: Some("dmarc@example.jp".into()),
        ..RecordRequest::default()
    }
}

fn find(generated: &Generated, step: Step, rtype: RecordType) -> Vec<&Change> {
    generated
        .changes
        .iter()
        .filter(|change| change.record.step == step && change.record.rtype == rtype)
        .collect()
}

#[test]
fn google_workspace_from_xserver_in_steps() {
    let today = xserver_today();
    let current = Current {
        known: true,
        records: &today,
        spf_tree: None,
    };
    let generated = generate(&domain(), &google_request(), current);

    let verify = find(&generated, Step::Verification, RecordType::Txt);
    assert_eq!(verify.len(), 1);
    assert_eq!(verify[0].action, Action::Add);
    assert_eq!(verify[0].record.data, "google-site-verification=abc123XYZ");

    // Before the cutover: the target's include first, the sender kept, the old
    // provider's include and the old server's address (what "+mx" meant) kept.
    let spf = find(&generated, Step::BeforeCutover, RecordType::Txt)
        .into_iter()
        .find(|change| change.record.data.starts_with("v=spf1"))
        .expect("SPF");
    assert_eq!(spf.action, Action::Change);
    assert_eq!(
        spf.record.data,
        "v=spf1 include:_spf.google.com ip4:203.0.113.10 include:spf.sender.xserver.jp include:mail.zendesk.com ~all"
    );
    assert_eq!(
        spf.old.as_deref(),
        Some("v=spf1 +mx include:spf.sender.xserver.jp include:mail.zendesk.com ~all")
    );
    // Once the old service is gone, its entries go.
    let later = find(&generated, Step::AfterOldService, RecordType::Txt);
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].action, Action::Change);
    assert_eq!(
        later[0].record.data,
        "v=spf1 include:_spf.google.com include:mail.zendesk.com ~all"
    );
    assert_eq!(later[0].old.as_deref(), Some(spf.record.data.as_str()));

    let dkim = find(&generated, Step::BeforeCutover, RecordType::Txt)
        .into_iter()
        .find(|change| change.record.name == "google._domainkey.example.jp")
        .expect("DKIM");
    assert_eq!(dkim.record.data, KEY);

    // The MX changes only at the cutover, and the old one goes in the same edit.
    let mx = find(&generated, Step::Cutover, RecordType::Mx);
    let actions: Vec<(Action, &str)> = mx
        .iter()
        .map(|change| (change.action, change.record.data.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            (Action::Add, "1 smtp.google.com."),
            (Action::Delete, "10 mail.example.jp.")
        ]
    );
    assert!(
        generated
            .changes
            .iter()
            .all(|change| change.record.rtype != RecordType::Mx
                || change.record.step == Step::Cutover),
        "no MX change outside the cutover"
    );

    let dmarc: Vec<(Step, Action, &str)> = generated
        .changes
        .iter()
        .filter(|change| change.record.name == "_dmarc.example.jp")
        .map(|change| {
            (
                change.record.step,
                change.action,
                change.record.data.as_str(),
            )
        })
        .collect();
    assert_eq!(
        dmarc,
        [
            (
                Step::BeforeCutover,
                Action::Add,
                "v=DMARC1; p=none; rua=mailto:dmarc@example.jp"
            ),
            (
                Step::Tighten,
                Action::Change,
                "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.jp"
            ),
        ]
    );
    // Steps never go backwards.
    let steps: Vec<Step> = generated
        .changes
        .iter()
        .map(|change| change.record.step)
        .collect();
    assert!(steps.windows(2).all(|pair| pair[0] <= pair[1]), "{steps:?}");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert_eq!(generated.spf.len(), 2);
    assert_eq!(generated.spf[0].lookups, 3);
    assert!(
        generated.spf[0].lookups_is_minimum,
        "nested lookups were not read"
    );
}

#[test]
fn microsoft_365_records_and_both_dkim_formats() {
    let mut request = RecordRequest {
        target: "microsoft-365".into(),
        verification_token: Some("ms12345678".into()),
        dkim: Some(DkimInput::Microsoft {
            tenant: "contoso.onmicrosoft.com".into(),
            partition: None,
        }),
        ..RecordRequest::default()
    };
    let generated = generate(&domain(), &request, Current::empty());
    let data = |name: &str| -> Vec<String> {
        generated
            .changes
            .iter()
            .filter(|change| change.record.name == name)
            .map(|change| change.record.data.clone())
            .collect()
    };
    assert_eq!(data("example.jp")[0], "MS=ms12345678");
    assert!(data("example.jp").contains(&"0 example-jp.mail.protection.outlook.com.".to_owned()));
    assert!(
        data("example.jp").contains(&"v=spf1 include:spf.protection.outlook.com -all".to_owned())
    );
    assert_eq!(
        data("selector1._domainkey.example.jp"),
        ["selector1-example-jp._domainkey.contoso.onmicrosoft.com."]
    );
    assert_eq!(
        data("autodiscover.example.jp"),
        ["autodiscover.outlook.com."]
    );
    let autodiscover = generated
        .changes
        .iter()
        .find(|change| change.record.name == "autodiscover.example.jp")
        .unwrap();
    assert_eq!(autodiscover.record.step, Step::Cutover);
    // Optional records (Teams …) only when asked.
    assert!(data("sip.example.jp").is_empty());

    request.dkim = Some(DkimInput::Microsoft {
        tenant: "contoso".into(),
        partition: Some("R".into()),
    });
    request.include_optional = true;
    let generated = generate(&domain(), &request, Current::empty());
    let selector2: Vec<&str> = generated
        .changes
        .iter()
        .filter(|change| change.record.name == "selector2._domainkey.example.jp")
        .map(|change| change.record.data.as_str())
        .collect();
    assert_eq!(
        selector2,
        ["selector2-example-jp._domainkey.contoso.r-v1.dkim.mail.microsoft."]
    );
    assert!(
        generated
            .changes
            .iter()
            .any(|change| change.record.name == "sip.example.jp")
    );
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.code == "dmarc-no-reports")
    );
}

fn node(
    domain: &str,
    via: &str,
    lookups: u32,
    total: u32,
    children: Vec<SpfNodeJson>,
) -> SpfNodeJson {
    SpfNodeJson {
        domain: domain.into(),
        via: SpfVia::from_name(via).expect("a via"),
        record: None,
        problem: None,
        lookups,
        total_lookups: total,
        targets: Vec::new(),
        children,
    }
}

#[test]
fn a_merge_over_ten_lookups_is_flagged_with_flattening_choices() {
    let today = vec![txt(
        "example.jp",
        "v=spf1 include:spf.a.example include:spf.b.example include:spf.c.example -all",
    )];
    let tree = node(
        "example.jp",
        "root",
        3,
        9,
        vec![
            node("spf.a.example", "include", 3, 3, vec![]),
            node("spf.b.example", "include", 2, 2, vec![]),
            node("spf.c.example", "include", 1, 1, vec![]),
            // The target's include, as the survey read it with --target.
            node("_spf.google.com", "include", 3, 3, vec![]),
        ],
    );
    let current = Current {
        known: true,
        records: &today,
        spf_tree: Some(&tree),
    };
    let generated = generate(&domain(), &google_request(), current);
    let spf = &generated.spf[0];
    // 1 + 3 (Google) + 1 + 3 + 1 + 2 + 1 + 1.
    assert_eq!(spf.lookups, 13);
    assert!(!spf.lookups_is_minimum);
    assert!(
        spf.record.ends_with(" -all"),
        "the domain's own all is kept: {}",
        spf.record
    );
    let choices: Vec<(&str, u32)> = spf
        .flatten
        .iter()
        .map(|choice| (choice.term.as_str(), choice.saves))
        .collect();
    assert_eq!(
        choices,
        [
            ("include:spf.a.example", 4),
            ("include:spf.b.example", 3),
            ("include:spf.c.example", 2)
        ]
    );
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.code == "spf-over-lookup-limit")
    );

    // Keeping only one sender brings it under.
    let request = RecordRequest {
        keep_spf: Some(vec!["spf.c.example".into()]),
        ..google_request()
    };
    let generated = generate(&domain(), &request, current);
    assert_eq!(
        generated.spf[0].record,
        "v=spf1 include:_spf.google.com include:spf.c.example -all"
    );
    assert_eq!(generated.spf[0].lookups, 6);
    assert!(generated.spf[0].flatten.is_empty());
    assert!(
        !generated
            .warnings
            .iter()
            .any(|w| w.code == "spf-over-lookup-limit")
    );
}

#[test]
fn what_is_already_published_is_kept() {
    let today = vec![
        txt("example.jp", "google-site-verification=abc123XYZ"),
        txt("example.jp", "v=spf1 include:_spf.google.com ~all"),
        txt("_dmarc.example.jp", "v=DMARC1; p=reject"),
        Record {
            name: "example.jp".into(),
            ttl: 300,
            data: RecordData::Mx {
                preference: 1,
                exchange: "smtp.google.com".into(),
            },
        },
    ];
    let current = Current {
        known: true,
        records: &today,
        spf_tree: None,
    };
    let generated = generate(&domain(), &google_request(), current);
    let actions: Vec<(RecordType, Action)> = generated
        .changes
        .iter()
        .filter(|change| change.record.name == "example.jp")
        .map(|change| (change.record.rtype, change.action))
        .collect();
    assert_eq!(
        actions,
        [
            (RecordType::Txt, Action::Keep),
            (RecordType::Txt, Action::Keep),
            (RecordType::Mx, Action::Keep)
        ]
    );
    // An existing DMARC policy is the domain's own decision: left alone.
    assert!(
        !generated
            .changes
            .iter()
            .any(|change| change.record.name == "_dmarc.example.jp")
    );
}

#[test]
fn bad_inputs_are_warnings_not_records() {
    let request = RecordRequest {
        target: "no-such-target".into(),
        ..RecordRequest::default()
    };
    let generated = generate(&domain(), &request, Current::empty());
    assert!(generated.changes.is_empty());
    assert_eq!(generated.warnings[0].code, "unknown-target");

    let request = RecordRequest {
        verification_token: Some("two words".into()),
        dkim: Some(DkimInput::TxtKey {
            selector: "google".into(),
            key: "v=DKIM1; p=not base64!".into(),
        }),
        ..google_request()
    };
    let generated = generate(&domain(), &request, Current::empty());
    let codes: Vec<&str> = generated.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"verification-token-invalid"), "{codes:?}");
    assert!(codes.contains(&"dkim-key-unreadable"), "{codes:?}");
    assert!(find(&generated, Step::Verification, RecordType::Txt).is_empty());
}

#[test]
fn long_txt_values_are_split_and_escaped() {
    let long = "a".repeat(300);
    assert_eq!(
        split_txt(&long),
        format!("\"{}\" \"{}\"", "a".repeat(255), "a".repeat(45))
    );
    assert_eq!(split_txt(r#"say "hi" \ bye"#), r#""say \"hi\" \\ bye""#);
    // Never split inside a character: 100 three-octet characters are 300 octets.
    let japanese = "あ".repeat(100);
    let split = split_txt(&japanese);
    assert_eq!(
        split,
        format!("\"{}\" \"{}\"", "あ".repeat(85), "あ".repeat(15))
    );
}

#[test]
fn the_zone_fragment_has_one_consistent_state() {
    let today = xserver_today();
    let current = Current {
        known: true,
        records: &today,
        spf_tree: None,
    };
    let generated = generate(&domain(), &google_request(), current);
    let zone = zone_fragment(&generated);
    assert!(zone.contains("$ORIGIN example.jp.\n"), "{zone}");
    let active: Vec<&str> = zone
        .lines()
        .filter(|line| !line.starts_with(';') && !line.starts_with('$'))
        .filter(|line| !line.is_empty())
        .collect();
    // One SPF and one DMARC record among the active lines.
    assert_eq!(
        active.iter().filter(|line| line.contains("v=spf1")).count(),
        1,
        "{zone}"
    );
    assert_eq!(
        active
            .iter()
            .filter(|line| line.contains("v=DMARC1"))
            .count(),
        1,
        "{zone}"
    );
    assert!(
        active.contains(&"@\t3600\tIN\tMX\t1 smtp.google.com."),
        "{zone}"
    );
    assert!(
        zone.contains("; 削除 / delete: @\t3600\tIN\tMX\t10 mail.example.jp."),
        "{zone}"
    );
    let dkim = active
        .iter()
        .find(|line| line.starts_with("google._domainkey"))
        .unwrap();
    assert!(dkim.contains("\" \""), "a 2048-bit key is split: {dkim}");
}

#[test]
fn the_old_providers_own_server_goes_with_it() {
    let today = vec![txt(
        "example.jp",
        "v=spf1 +a:sv1234.xserver.jp +a:example.jp include:spf.sender.xserver.jp ~all",
    )];
    let current = Current {
        known: true,
        records: &today,
        spf_tree: None,
    };
    let generated = generate(&domain(), &google_request(), current);
    assert_eq!(
        generated.spf[1].record,
        "v=spf1 include:_spf.google.com +a:example.jp ~all"
    );
}

#[test]
fn each_dns_host_gets_its_own_form() {
    let today = xserver_today();
    let current = Current {
        known: true,
        records: &today,
        spf_tree: None,
    };
    let generated = generate(&domain(), &google_request(), current);
    let entry = |guide: &HostGuide, rtype: RecordType, step: Step| -> Entry {
        guide
            .entries
            .iter()
            .find(|entry| {
                entry.rtype == rtype && entry.step == step && entry.action != Action::Delete
            })
            .cloned()
            .unwrap()
    };

    let xserver = host_guide(&generated, Some("xserver"));
    let mx = entry(&xserver, RecordType::Mx, Step::Cutover);
    assert_eq!(
        (mx.host_field.as_str(), mx.priority, mx.value.as_str()),
        ("", Some(1), "smtp.google.com")
    );
    assert!(
        xserver
            .notes
            .iter()
            .any(|note| note.ja.contains("自動で取り除かれます"))
    );

    let route53 = host_guide(&generated, Some("route-53"));
    let mx = entry(&route53, RecordType::Mx, Step::Cutover);
    assert_eq!(mx.value, "smtp.google.com.");
    let dkim = route53
        .entries
        .iter()
        .find(|entry| entry.host_field == "google._domainkey")
        .unwrap();
    assert!(
        dkim.value.starts_with('"') && dkim.value.contains("\" \""),
        "{}",
        dkim.value
    );

    let cloudflare = host_guide(&generated, Some("cloudflare"));
    let verify = entry(&cloudflare, RecordType::Txt, Step::Verification);
    assert_eq!(verify.host_field, "@");
    assert_eq!(verify.value, "google-site-verification=abc123XYZ");
    assert!(
        cloudflare
            .notes
            .iter()
            .any(|note| note.en.contains("DNS only"))
    );

    let unknown = host_guide(&generated, Some("no-such-host"));
    assert_eq!(unknown.host, None);
    assert!(
        unknown
            .notes
            .iter()
            .any(|note| note.en.contains("trailing"))
    );
    let deleted = unknown
        .entries
        .iter()
        .find(|entry| entry.action == Action::Delete)
        .unwrap();
    assert_eq!(deleted.value, "mail.example.jp");
    assert_eq!(deleted.priority, Some(10));
}
