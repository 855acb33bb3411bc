//! Ownership by the method the user picks: TXT, CNAME or the low-priority MX.

use super::*;
use crate::dns::RecordType;

fn domain() -> crate::DomainName {
    crate::DomainName::parse("example.jp").unwrap()
}

fn request(target: &str, method: Option<VerificationChoice>, token: &str) -> RecordRequest {
    RecordRequest {
        target: target.into(),
        verification_method: method,
        verification_token: Some(token.into()),
        ..RecordRequest::default()
    }
}

fn at_step(generated: &Generated, step: Step) -> Vec<(Action, &str, RecordType, &str)> {
    generated
        .changes
        .iter()
        .filter(|change| change.record.step == step)
        .map(|change| {
            (
                change.action,
                change.record.name.as_str(),
                change.record.rtype,
                change.record.data.as_str(),
            )
        })
        .collect()
}

fn codes(generated: &Generated) -> Vec<&str> {
    generated
        .warnings
        .iter()
        .map(|warning| warning.code.as_str())
        .collect()
}

#[test]
fn each_target_offers_its_methods() {
    let offered = |target: &str| offered_methods(&request(target, None, ""), &domain());
    use VerificationChoice::{Cname, Mx, Txt};
    assert_eq!(offered("google-workspace"), [Txt, Cname]);
    assert_eq!(offered("microsoft-365"), [Txt, Mx]);
    assert_eq!(offered("zoho-mail"), [Txt, Cname]);
    assert_eq!(offered(CUSTOM_TARGET), [Txt]);
    assert_eq!(offered("no-such-target"), []);
}

#[test]
fn microsoft_365_by_mx_never_takes_mail_and_goes_at_the_cutover() {
    for token in ["ms12345678", "12345678", "MS12345678.msv1.invalid."] {
        let generated = generate(
            &domain(),
            &request("microsoft-365", Some(VerificationChoice::Mx), token),
            Current::empty(),
        );
        assert_eq!(
            at_step(&generated, Step::Verification),
            [(
                Action::Add,
                "example.jp",
                RecordType::Mx,
                "32767 ms12345678.msv1.invalid."
            )],
            "{token}"
        );
        let cutover = at_step(&generated, Step::Cutover);
        assert!(
            cutover.contains(&(
                Action::Delete,
                "example.jp",
                RecordType::Mx,
                "32767 ms12345678.msv1.invalid."
            )),
            "{cutover:?}"
        );
    }
    // Not Microsoft's form: refused, nothing added.
    let generated = generate(
        &domain(),
        &request(
            "microsoft-365",
            Some(VerificationChoice::Mx),
            "mx.example.net",
        ),
        Current::empty(),
    );
    assert!(at_step(&generated, Step::Verification).is_empty());
    assert!(codes(&generated).contains(&"verification-token-invalid"));
}

#[test]
fn cnames_take_the_console_pair_or_the_token_when_the_target_is_fixed() {
    let zoho = generate(
        &domain(),
        &request("zoho-mail", Some(VerificationChoice::Cname), "zb12345678"),
        Current::empty(),
    );
    assert_eq!(
        at_step(&zoho, Step::Verification),
        [(
            Action::Add,
            "zb12345678.example.jp",
            RecordType::Cname,
            "zmverify.zoho.com."
        )]
    );
    let google = generate(
        &domain(),
        &request(
            "google-workspace",
            Some(VerificationChoice::Cname),
            "abcdefghij1k gv-abcdefghijklmnop.dv.googlehosted.com.",
        ),
        Current::empty(),
    );
    assert_eq!(
        at_step(&google, Step::Verification),
        [(
            Action::Add,
            "abcdefghij1k.example.jp",
            RecordType::Cname,
            "gv-abcdefghijklmnop.dv.googlehosted.com."
        )]
    );
    // Google's target is issued per domain: the label alone is not enough.
    for token in [
        "abcdefghij1k",
        "abc elsewhere.example.net",
        "zb1 zmverify.zoho.com extra",
    ] {
        let generated = generate(
            &domain(),
            &request("google-workspace", Some(VerificationChoice::Cname), token),
            Current::empty(),
        );
        assert!(
            at_step(&generated, Step::Verification).is_empty(),
            "{token}"
        );
        assert!(
            codes(&generated).contains(&"verification-cname-invalid"),
            "{token}"
        );
    }
}

#[test]
fn a_method_the_target_lacks_falls_back_with_a_warning() {
    let generated = generate(
        &domain(),
        &request("google-workspace", Some(VerificationChoice::Mx), "abc123"),
        Current::empty(),
    );
    assert!(codes(&generated).contains(&"verification-method-not-offered"));
    assert_eq!(
        at_step(&generated, Step::Verification),
        [(
            Action::Add,
            "example.jp",
            RecordType::Txt,
            "google-site-verification=abc123"
        )]
    );
    // The default is TXT, and the choice survives a JSON round trip.
    let json = serde_json::to_string(&request("microsoft-365", Some(VerificationChoice::Mx), "x"))
        .unwrap();
    assert!(json.contains("\"verification_method\":\"mx\""), "{json}");
    let back: RecordRequest = serde_json::from_str(&json).unwrap();
    assert_eq!(back.verification_method, Some(VerificationChoice::Mx));
    let old: RecordRequest = serde_json::from_str("{\"target\":\"microsoft-365\"}").unwrap();
    assert_eq!(old.verification_method, None);
}

#[test]
fn the_mx_method_takes_the_txt_form_and_refuses_bad_hosts() {
    let generated = generate(
        &domain(),
        &request(
            "microsoft-365",
            Some(VerificationChoice::Mx),
            "MS=ms12345678",
        ),
        Current::empty(),
    );
    assert_eq!(
        at_step(&generated, Step::Verification),
        [(
            Action::Add,
            "example.jp",
            RecordType::Mx,
            "32767 ms12345678.msv1.invalid."
        )]
    );
    for bad in ["ms_1", "ms1..x", "ms 1"] {
        let generated = generate(
            &domain(),
            &request("microsoft-365", Some(VerificationChoice::Mx), bad),
            Current::empty(),
        );
        assert!(at_step(&generated, Step::Verification).is_empty(), "{bad}");
    }
}

/// Today's DNS already has the verification MX (the user added it, then checked
/// again): deleted once at the cutover, kept at verification, and never an active
/// line of the zone fragment.
#[test]
fn a_verification_mx_already_published_is_deleted_once() {
    let records = vec![
        crate::dns::Record {
            name: "example.jp".into(),
            ttl: 3600,
            data: crate::dns::RecordData::Mx {
                preference: 10,
                exchange: "mail.example.jp".into(),
            },
        },
        crate::dns::Record {
            name: "example.jp".into(),
            ttl: 3600,
            data: crate::dns::RecordData::Mx {
                preference: 32767,
                exchange: "ms12345678.msv1.invalid".into(),
            },
        },
    ];
    let current = Current {
        known: true,
        records: &records,
        spf_tree: None,
    };
    let generated = generate(
        &domain(),
        &request("microsoft-365", Some(VerificationChoice::Mx), "ms12345678"),
        current,
    );
    let verification = "32767 ms12345678.msv1.invalid.";
    let deletes: Vec<_> = generated
        .changes
        .iter()
        .filter(|change| change.action == Action::Delete && change.record.data == verification)
        .collect();
    assert_eq!(deletes.len(), 1, "{:?}", generated.changes);
    assert_eq!(
        at_step(&generated, Step::Verification),
        [(Action::Keep, "example.jp", RecordType::Mx, verification)]
    );
    let zone = zone_fragment(&generated);
    for line in zone.lines().filter(|line| line.contains("msv1.invalid")) {
        assert!(
            line.starts_with(';'),
            "active verification MX: {line}\n{zone}"
        );
    }
    assert!(
        zone.contains("; 切り替え時に削除 / removed at the cutover:"),
        "{zone}"
    );
}

/// A target that activates on MX says so whatever was typed in the token field.
#[test]
fn a_target_without_advance_verification_says_so_even_with_a_token() {
    let generated = generate(
        &domain(),
        &request("fastmail", None, "left-over\"token"),
        Current::empty(),
    );
    let codes = codes(&generated);
    assert!(codes.contains(&"verification-by-mx"), "{codes:?}");
    assert!(!codes.contains(&"verification-token-invalid"), "{codes:?}");
    assert!(at_step(&generated, Step::Verification).is_empty());
}
