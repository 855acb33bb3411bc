//! Without today's records (no check of the domain): never a second SPF, DMARC or MX
//! set beside today's, and the old MX deleted by name when the old service is known.

use super::*;
use crate::dns::{Record, RecordData, RecordType};

fn domain() -> crate::DomainName {
    crate::DomainName::parse("example.jp").unwrap()
}

fn request(target: &str, source: Option<&str>) -> RecordRequest {
    RecordRequest {
        target: target.into(),
        verification_token: Some("abc123XYZ".into()),
        dmarc_rua: Some("dmarc@example.jp".into()),
        tls_rpt_rua: Some("tls@example.jp".into()),
        source: source.map(str::to_owned),
        ..RecordRequest::default()
    }
}

fn actions(generated: &Generated, rtype: RecordType, kind: &str) -> Vec<(Step, Action)> {
    generated
        .changes
        .iter()
        .filter(|change| change.record.rtype == rtype)
        .filter(|change| {
            kind.is_empty() || change.record.data.to_ascii_lowercase().starts_with(kind)
        })
        .map(|change| (change.record.step, change.action))
        .collect()
}

#[test]
fn no_check_means_no_spf_add_but_set() {
    let generated = generate(
        &domain(),
        &request("google-workspace", None),
        Current::unknown(),
    );
    assert_eq!(
        actions(&generated, RecordType::Txt, "v=spf1"),
        [(Step::BeforeCutover, Action::Set)]
    );
    assert!(
        !generated
            .changes
            .iter()
            .any(|change| change.action == Action::Add
                && change.record.rtype == RecordType::Txt
                && change.record.data.starts_with("v=spf1")),
        "{generated:#?}"
    );
    let spf = generated
        .changes
        .iter()
        .find(|change| change.record.data.starts_with("v=spf1"))
        .unwrap();
    let note = spf.note.as_ref().expect("a Set says what it means");
    assert!(
        note.ja.contains("今ある SPF レコード") && note.ja.contains("なければ追加"),
        "{note:?}"
    );
    assert!(note.en.contains("existing SPF record"), "{note:?}");
    // DMARC and TLS-RPT: one per name, so Set too (the tightening changes the p=none).
    assert_eq!(
        actions(&generated, RecordType::Txt, "v=dmarc1"),
        [
            (Step::BeforeCutover, Action::Set),
            (Step::Tighten, Action::Change)
        ]
    );
    assert_eq!(
        actions(&generated, RecordType::Txt, "v=tlsrptv1"),
        [(Step::BeforeCutover, Action::Set)]
    );
    // The verification TXT is one more record beside the others: Add.
    assert_eq!(
        actions(&generated, RecordType::Txt, "google-site-verification"),
        [(Step::Verification, Action::Add)]
    );
    // The MX set is Set, and every other MX goes in the same edit.
    let mx = actions(&generated, RecordType::Mx, "");
    assert_eq!(
        mx,
        [
            (Step::Cutover, Action::Set),
            (Step::Cutover, Action::Delete)
        ],
        "{generated:#?}"
    );
    let others = generated
        .changes
        .iter()
        .find(|change| change.action == Action::Delete)
        .unwrap();
    assert!(
        others
            .note
            .as_ref()
            .unwrap()
            .ja
            .contains("MX レコードをすべて削除")
    );
    assert!(
        generated
            .warnings
            .iter()
            .any(|warning| warning.code == "records-today-unknown")
    );
    // Without a source, nothing is assumed about today's SPF.
    assert_eq!(generated.spf.len(), 1);
    assert_eq!(
        generated.spf[0].record,
        "v=spf1 include:_spf.google.com ~all"
    );
}

#[test]
fn a_known_source_names_the_old_mx_and_keeps_its_spf_until_it_ends() {
    let generated = generate(
        &domain(),
        &request("google-workspace", Some("lolipop")),
        Current::unknown(),
    );
    let deleted: Vec<(&str, Step)> = generated
        .changes
        .iter()
        .filter(|change| change.action == Action::Delete)
        .map(|change| (change.record.data.as_str(), change.record.step))
        .collect();
    assert_eq!(
        deleted,
        [("mx01.lolipop.jp.", Step::Cutover), ("", Step::Cutover)],
        "{generated:#?}"
    );
    let lolipop = generated
        .changes
        .iter()
        .find(|change| change.record.data == "mx01.lolipop.jp.")
        .unwrap();
    assert!(lolipop.note.as_ref().unwrap().ja.contains("ロリポップ!"));
    // The old include stays until the old service ends; both versions are never Add.
    let spf: Vec<(&str, Step)> = generated
        .spf
        .iter()
        .map(|spf| (spf.record.as_str(), spf.step))
        .collect();
    assert_eq!(
        spf,
        [
            (
                "v=spf1 include:_spf.google.com include:_spf.lolipop.jp ~all",
                Step::BeforeCutover
            ),
            ("v=spf1 include:_spf.google.com ~all", Step::AfterOldService),
        ]
    );
    assert_eq!(
        actions(&generated, RecordType::Txt, "v=spf1"),
        [
            (Step::BeforeCutover, Action::Set),
            (Step::AfterOldService, Action::Change)
        ]
    );

    // A pattern source: every MX ending in its fixed part.
    let generated = generate(
        &domain(),
        &request("google-workspace", Some("xserver")),
        Current::unknown(),
    );
    let note = generated
        .changes
        .iter()
        .find(|change| change.record.data == "*.xserver.jp.")
        .and_then(|change| change.note.clone())
        .expect("the Xserver MX line");
    assert!(note.ja.contains("末尾が「.xserver.jp」"), "{note:?}");
    assert!(note.en.contains("ending in “.xserver.jp”"), "{note:?}");

    // The target itself named as the source: nothing of it is deleted.
    let generated = generate(
        &domain(),
        &request("google-workspace", Some("google-workspace")),
        Current::unknown(),
    );
    assert_eq!(
        generated
            .changes
            .iter()
            .filter(|change| change.action == Action::Delete)
            .count(),
        1
    );
}

#[test]
fn the_outputs_say_what_set_means() {
    let generated = generate(
        &domain(),
        &request("google-workspace", Some("lolipop")),
        Current::unknown(),
    );
    let zone = zone_fragment(&generated);
    let spf_line = zone
        .lines()
        .position(|line| line.starts_with("@\t3600\tIN\tTXT\t\"v=spf1"))
        .expect("the SPF line");
    let above: Vec<&str> = zone.lines().collect();
    assert!(
        above[spf_line - 1].starts_with("; 今ある SPF レコード"),
        "{zone}"
    );
    assert!(
        zone.contains("; 削除 / delete: @\t3600\tIN\tMX\tmx01.lolipop.jp."),
        "{zone}"
    );
    assert!(zone.contains("MX レコードをすべて削除"), "{zone}");
    assert!(!zone.contains("IN\tMX\t\n"), "no empty MX line: {zone}");
    for host in [None, Some("sakura"), Some("route-53")] {
        let guide = host_guide(&generated, host);
        let spf = guide
            .entries
            .iter()
            .find(|entry| entry.value.contains("v=spf1"))
            .unwrap();
        assert_eq!(spf.action, Action::Set);
        assert!(spf.note.is_some());
        let others = guide
            .entries
            .iter()
            .rfind(|entry| entry.rtype == RecordType::Mx)
            .unwrap();
        assert_eq!(
            (others.action, others.value.as_str(), others.step),
            (Action::Delete, "", Step::Cutover)
        );
    }
    let json = serde_json::to_value(&generated).unwrap();
    assert!(
        json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|change| change["action"] == "set")
    );
}

#[test]
fn microsoft_365s_verification_mx_is_still_an_add() {
    let mut request = request("microsoft-365", None);
    request.verification_method = Some(VerificationChoice::Mx);
    request.verification_token = Some("ms12345678".into());
    let generated = generate(&domain(), &request, Current::unknown());
    let verification: Vec<Action> = generated
        .changes
        .iter()
        .filter(|change| change.record.data.starts_with("32767 "))
        .map(|change| change.action)
        .collect();
    assert_eq!(verification, [Action::Add, Action::Delete]);
}

#[test]
fn with_todays_records_nothing_is_set() {
    let today = vec![
        Record {
            name: "example.jp".into(),
            ttl: 3600,
            data: RecordData::Mx {
                preference: 10,
                exchange: "mx01.lolipop.jp".into(),
            },
        },
        Record {
            name: "example.jp".into(),
            ttl: 3600,
            data: RecordData::Txt {
                strings: vec!["v=spf1 include:_spf.lolipop.jp ~all".into()],
            },
        },
    ];
    let generated = generate(
        &domain(),
        &request("google-workspace", Some("lolipop")),
        Current::read(&today, None),
    );
    assert!(
        !generated
            .changes
            .iter()
            .any(|change| change.action == Action::Set || change.note.is_some()),
        "{generated:#?}"
    );
    assert!(
        !generated
            .warnings
            .iter()
            .any(|warning| warning.code == "records-today-unknown")
    );
    assert_eq!(
        actions(&generated, RecordType::Txt, "v=spf1"),
        [
            (Step::BeforeCutover, Action::Change),
            (Step::AfterOldService, Action::Change)
        ]
    );
    assert_eq!(
        actions(&generated, RecordType::Mx, ""),
        [
            (Step::Cutover, Action::Add),
            (Step::Cutover, Action::Delete)
        ]
    );
    // Known and empty (a new domain): Add, as before.
    let generated = generate(
        &domain(),
        &request("google-workspace", None),
        Current::empty(),
    );
    assert_eq!(
        actions(&generated, RecordType::Txt, "v=spf1"),
        [(Step::BeforeCutover, Action::Add)]
    );
}
