//! A target outside the catalog: the MX set and SPF include the user types.

use std::net::Ipv4Addr;

use super::*;
use crate::dns::{Record, RecordData, RecordType};

fn today() -> Vec<Record> {
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
        Record {
            name: "example.jp".into(),
            ttl: 3600,
            data: RecordData::Txt {
                strings: vec!["v=spf1 +mx include:spf.sender.xserver.jp ~all".into()],
            },
        },
    ]
}

fn custom_request(mx: &[&str], spf_include: Option<&str>) -> RecordRequest {
    RecordRequest {
        target: CUSTOM_TARGET.into(),
        custom: Some(CustomTarget {
            name: "社内メールサーバー".into(),
            mx: mx.iter().filter_map(|line| CustomMx::parse(line)).collect(),
            spf_include: spf_include.map(str::to_owned),
        }),
        dmarc_rua: Some("dmarc@example.jp".into()),
        ..RecordRequest::default()
    }
}

fn codes(generated: &Generated) -> Vec<&str> {
    generated
        .warnings
        .iter()
        .map(|warning| warning.code.as_str())
        .collect()
}

#[test]
fn reads_mx_lines() {
    assert_eq!(
        CustomMx::parse(" 20  MX2.Example.NET. "),
        Some(CustomMx {
            preference: 20,
            host: "MX2.Example.NET".into()
        })
    );
    assert_eq!(
        CustomMx::parse("mx.example.net"),
        Some(CustomMx {
            preference: 10,
            host: "mx.example.net".into()
        })
    );
    for bad in ["", "10", "10 a b", "70000 mx.example.net x"] {
        assert_eq!(CustomMx::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn the_typed_mx_set_replaces_the_old_one_at_the_cutover() {
    let records = today();
    let current = Current {
        known: true,
        records: &records,
        spf_tree: None,
    };
    let request = custom_request(
        &[
            "10 mx1.mailhost.example.net",
            "20 MX2.mailhost.example.net.",
        ],
        Some("include:_spf.mailhost.example.net"),
    );
    let generated = generate(
        &crate::DomainName::parse("example.jp").unwrap(),
        &request,
        current,
    );

    let mx: Vec<(Step, Action, &str)> = generated
        .changes
        .iter()
        .filter(|change| change.record.rtype == RecordType::Mx)
        .map(|change| {
            (
                change.record.step,
                change.action,
                change.record.data.as_str(),
            )
        })
        .collect();
    assert_eq!(
        mx,
        [
            (Step::Cutover, Action::Add, "10 mx1.mailhost.example.net."),
            (Step::Cutover, Action::Add, "20 mx2.mailhost.example.net."),
            (Step::Cutover, Action::Delete, "10 mail.example.jp."),
        ]
    );
    let spf: Vec<&str> = generated
        .changes
        .iter()
        .filter(|change| change.record.data.starts_with("v=spf1"))
        .map(|change| change.record.data.as_str())
        .collect();
    assert_eq!(
        spf,
        [
            "v=spf1 include:_spf.mailhost.example.net ip4:203.0.113.10 include:spf.sender.xserver.jp ~all",
            "v=spf1 include:_spf.mailhost.example.net ~all",
        ]
    );
    // No token given: the user is told to verify as the provider says, MX untouched.
    let warnings = codes(&generated);
    assert!(
        warnings.contains(&"verification-as-provider-says"),
        "{warnings:?}"
    );
    assert!(warnings.contains(&"dkim-not-given"), "{warnings:?}");
    assert!(!warnings.contains(&"unknown-target"), "{warnings:?}");
}

#[test]
fn a_pasted_verification_value_goes_at_the_domain() {
    let mut request = custom_request(&["10 mx.example.net"], None);
    request.verification_token = Some("\"mailhost-verify=8f3a\"".into());
    let generated = generate(
        &crate::DomainName::parse("example.jp").unwrap(),
        &request,
        Current::empty(),
    );
    let verify: Vec<(&str, &str)> = generated
        .changes
        .iter()
        .filter(|change| change.record.step == Step::Verification)
        .map(|change| (change.record.name.as_str(), change.record.data.as_str()))
        .collect();
    assert_eq!(verify, [("example.jp", "mailhost-verify=8f3a")]);
    // No include: no SPF is invented, and the user hears why.
    assert!(codes(&generated).contains(&"custom-spf-missing"));
    assert!(
        !generated
            .changes
            .iter()
            .any(|change| change.record.data.starts_with("v=spf1"))
    );
}

#[test]
fn bad_or_missing_hosts_are_left_out_with_a_warning() {
    let request = RecordRequest {
        target: CUSTOM_TARGET.into(),
        custom: Some(CustomTarget {
            name: String::new(),
            mx: vec![
                CustomMx {
                    preference: 10,
                    host: "mx..example.net".into(),
                },
                CustomMx {
                    preference: 20,
                    host: "good.example.net".into(),
                },
            ],
            spf_include: Some("not a domain".into()),
        }),
        ..RecordRequest::default()
    };
    let generated = generate(
        &crate::DomainName::parse("example.jp").unwrap(),
        &request,
        Current::empty(),
    );
    let warnings = codes(&generated);
    assert!(warnings.contains(&"custom-mx-invalid"), "{warnings:?}");
    assert!(warnings.contains(&"custom-spf-invalid"), "{warnings:?}");
    let mx: Vec<&str> = generated
        .changes
        .iter()
        .filter(|change| change.record.rtype == RecordType::Mx)
        .map(|change| change.record.data.as_str())
        .collect();
    assert_eq!(mx, ["20 good.example.net."]);

    let empty = RecordRequest {
        target: CUSTOM_TARGET.into(),
        ..RecordRequest::default()
    };
    let generated = generate(
        &crate::DomainName::parse("example.jp").unwrap(),
        &empty,
        Current::empty(),
    );
    assert!(codes(&generated).contains(&"custom-mx-missing"));
    assert!(
        generated
            .changes
            .iter()
            .all(|change| change.record.rtype != RecordType::Mx)
    );
}

/// Typed MX lines that are all invalid plan no MX, so today's MX must stay: deleting
/// it with nothing in its place would stop the domain's mail.
#[test]
fn no_valid_mx_keeps_todays_mx() {
    let records = today();
    let current = Current {
        known: true,
        records: &records,
        spf_tree: None,
    };
    let generated = generate(
        &crate::DomainName::parse("example.jp").unwrap(),
        &custom_request(&["10 mx_1.example.net"], None),
        current,
    );
    let warnings = codes(&generated);
    assert!(warnings.contains(&"custom-mx-invalid"), "{warnings:?}");
    assert!(warnings.contains(&"custom-mx-missing"), "{warnings:?}");
    assert!(
        generated
            .changes
            .iter()
            .all(|change| change.record.rtype != RecordType::Mx),
        "{:?}",
        generated.changes
    );
}
