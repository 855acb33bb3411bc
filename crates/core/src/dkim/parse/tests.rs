use proptest::prelude::*;

use super::*;
use crate::dkim::key::tests::{RSA_1024_SPKI, RSA_2048_SPKI};
use crate::tag_list::UnknownTag;

/// RFC 8463 Appendix A's Ed25519 key (`brisbane._domainkey.football.example.com`).
const ED25519: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

#[test]
fn parses_and_prints_canonically() {
    let folded = format!(
        "p={}\r\n\t{} {}",
        &RSA_1024_SPKI[..60],
        &RSA_1024_SPKI[60..120],
        &RSA_1024_SPKI[120..]
    );
    for (input, canonical) in [
        (
            format!("v=DKIM1; k=rsa; p={RSA_1024_SPKI}"),
            format!("v=DKIM1; k=rsa; p={RSA_1024_SPKI}"),
        ),
        (
            format!(" v = DKIM1 ;\tk = ed25519 ; p = {ED25519} ;"),
            format!("v=DKIM1; k=ed25519; p={ED25519}"),
        ),
        ("p=".into(), "p=".into()),
        ("v=DKIM1; p= ;".into(), "v=DKIM1; p=".into()),
        (
            format!("t=y:s; s=email:*; p={ED25519}; n=Test key; k=ed25519; h=sha1 : sha256"),
            format!("h=sha1:sha256; k=ed25519; n=Test key; p={ED25519}; s=email:*; t=y:s"),
        ),
        (folded, format!("p={RSA_1024_SPKI}")),
    ] {
        let (record, issues) = parse(&input);
        assert!(issues.is_empty(), "{input}: {issues:?}");
        assert_eq!(record.to_string(), canonical, "{input}");
        let (again, issues) = parse(&record.to_string());
        assert!(issues.is_empty(), "{input}: {issues:?}");
        assert_eq!(without_spans(again), without_spans(record), "{input}");
    }
}

#[test]
fn computes_the_key_length() {
    for (input, bits) in [
        (format!("v=DKIM1; p={RSA_1024_SPKI}"), Some(1024)),
        (format!("v=DKIM1; k=rsa; p={RSA_2048_SPKI}"), Some(2048)),
        (
            // A bare RSAPublicKey (`openssl rsa -RSAPublicKey_out`).
            "p=MIGJAoGBAKQ2eCrbi+8qCZA1FEerZaiQyPfMuuNxASXw87MN1mOrWSLOJ/oPahyhYJfaaDxwR0zO4uY17t\
             HPrUCARTL8dkIHY7O/PF8FARLkeOX7EhSBoPp+aDG/Yadm1wGVw76iXJ5AwScPpyA+1lhMK5OYNII1H1zmf+\
             gsNyACW+zTfVu9AgMBAAE="
                .into(),
            Some(1024),
        ),
        (format!("v=DKIM1; k=ed25519; p={ED25519}"), Some(256)),
        ("v=DKIM1; p=".into(), None),
        (format!("v=DKIM1; k=foo; p={ED25519}"), None),
        (format!("v=DKIM1; p={ED25519}"), None),
    ] {
        let (record, _) = parse(&input);
        assert_eq!(record.key_bits(), bits, "{input}");
    }
    let (revoked, issues) = parse("v=DKIM1; p=");
    assert!(revoked.is_revoked() && issues.is_empty(), "{issues:?}");
}

#[test]
fn reports_each_problem_with_its_span() {
    let invalid = |tag: &str, value: &str| DkimIssue::InvalidValue {
        tag: tag.into(),
        value: value.into(),
    };
    for (input, expected) in [
        (
            "v=DKIM1; p=!!!!".to_owned(),
            vec![(11..15, DkimIssue::BadBase64)],
        ),
        (
            "v=DKIM1; p=TQ".to_owned(),
            vec![(11..13, DkimIssue::BadBase64)],
        ),
        (
            format!("v=DKIM1; k=rsa; p={ED25519}"),
            vec![(16..62, DkimIssue::BadRsaKey)],
        ),
        (
            "v=DKIM1; k=ed25519; p=TWFu".to_owned(),
            vec![(20..26, DkimIssue::BadEd25519Key { len: 3 })],
        ),
        (
            "k=rsa; v=DKIM1; p=".to_owned(),
            vec![(7..14, DkimIssue::VersionNotFirst)],
        ),
        (
            "v=DKIM2; p=".to_owned(),
            vec![(2..7, DkimIssue::BadVersion("DKIM2".into()))],
        ),
        (
            "v=DKIM1; k=rsa".to_owned(),
            vec![(0..14, DkimIssue::MissingKey)],
        ),
        (
            "v=DKIM1; k=dsa; p=".to_owned(),
            vec![(11..14, DkimIssue::UnknownKeyType("dsa".into()))],
        ),
        (
            "v=DKIM1; k=; p=".to_owned(),
            vec![(11..11, invalid("k", ""))],
        ),
        (
            "v=DKIM1; h=sha512; p=".to_owned(),
            vec![(
                11..17,
                DkimIssue::UnknownValue {
                    tag: "h".into(),
                    value: "sha512".into(),
                },
            )],
        ),
        (
            "v=DKIM1; h=sha1:sha_256; p=".to_owned(),
            vec![(16..23, invalid("h", "sha_256"))],
        ),
        (
            "v=DKIM1; t=; p=".to_owned(),
            vec![(11..11, invalid("t", ""))],
        ),
        (
            "v=DKIM1; p=; p=".to_owned(),
            vec![(13..15, DkimIssue::DuplicateTag("p".into()))],
        ),
        (
            "v=DKIM1; P=; ".to_owned(),
            vec![
                (9..11, DkimIssue::TagCase("P".into())),
                (0..13, DkimIssue::MissingKey),
            ],
        ),
        (
            "v=DKIM1; x=1; p=".to_owned(),
            vec![(9..12, DkimIssue::UnknownTag("x".into()))],
        ),
        (
            "v=DKIM1; n=caf\u{e9}; p=".to_owned(),
            vec![(14..16, DkimIssue::InvalidCharacter('\u{e9}'))],
        ),
        (
            "v=DKIM1; p".to_owned(),
            vec![
                (9..10, DkimIssue::MalformedTag),
                (0..10, DkimIssue::MissingKey),
            ],
        ),
        (String::new(), vec![(0..0, DkimIssue::MissingKey)]),
    ] {
        let (_, issues) = parse(&input);
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(span, kind)| ParseIssue::new(span, kind))
            .collect();
        assert_eq!(issues, expected, "{input}");
    }
}

#[test]
fn classifies_errors_and_warnings() {
    assert!(DkimIssue::MissingKey.is_error());
    assert!(!DkimIssue::TagCase("P".into()).is_error());
    assert!(!DkimIssue::UnknownTag("x".into()).is_error());
    let json = serde_json::to_string(&DkimIssue::BadEd25519Key { len: 3 }).expect("serialisable");
    assert_eq!(json, r#"{"kind":"bad-ed25519-key","detail":{"len":3}}"#);
}

#[test]
fn joins_character_strings_without_spaces() {
    let strings = vec![
        format!("v=DKIM1; k=rsa; p={}", &RSA_2048_SPKI[..200]),
        RSA_2048_SPKI[200..].to_owned(),
    ];
    let (record, issues) = parse(&super::super::join_txt(&strings));
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(record.key_bits(), Some(2048));
}

fn without_spans(mut record: DkimKeyRecord) -> DkimKeyRecord {
    record.spans.clear();
    record
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|byte| *byte == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A SubjectPublicKeyInfo around an RSA key with this modulus and e = 65537.
fn spki(modulus: &[u8]) -> Vec<u8> {
    let mut modulus = modulus.to_vec();
    if modulus[0] & 0x80 != 0 {
        modulus.insert(0, 0);
    }
    let rsa_key = der(0x30, &[der(0x02, &modulus), der(0x02, &[1, 0, 1])].concat());
    let oid = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let algorithm = der(0x30, &[der(0x06, &oid), vec![0x05, 0x00]].concat());
    let bits = der(0x03, &[&[0][..], &rsa_key].concat());
    der(0x30, &[algorithm, bits].concat())
}

/// A key type, a key that fits it, and its length in bits.
fn key() -> impl Strategy<Value = (Option<KeyType>, Option<PublicKey>, Option<u32>)> {
    let rsa = (
        prop_oneof![Just(None), Just(Some(KeyType::Rsa))],
        1u8..=255,
        proptest::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(|(key_type, first, rest)| {
            let modulus = [&[first][..], &rest].concat();
            let bits = rest.len() as u32 * 8 + (8 - first.leading_zeros());
            (key_type, Some(PublicKey::Data(spki(&modulus))), Some(bits))
        });
    let ed25519 = proptest::collection::vec(any::<u8>(), 32).prop_map(|data| {
        (
            Some(KeyType::Ed25519),
            Some(PublicKey::Data(data)),
            Some(256),
        )
    });
    let other = (
        "x-[a-z]{1,5}",
        proptest::collection::vec(any::<u8>(), 1..40),
    )
        .prop_map(|(name, data)| {
            (
                Some(KeyType::Other(name)),
                Some(PublicKey::Data(data)),
                None,
            )
        });
    let revoked = proptest::option::of(prop_oneof![Just(KeyType::Rsa), Just(KeyType::Ed25519)])
        .prop_map(|key_type| (key_type, Some(PublicKey::Revoked), None));
    prop_oneof![rsa, ed25519, other, revoked, Just((None, None, None))]
}

fn record() -> impl Strategy<Value = (DkimKeyRecord, Option<u32>)> {
    let hash = prop_oneof![
        Just(HashAlgorithm::Sha1),
        Just(HashAlgorithm::Sha256),
        "x-[a-z0-9]{1,4}".prop_map(HashAlgorithm::Other),
    ];
    let service = prop_oneof![
        Just(ServiceType::All),
        Just(ServiceType::Email),
        "x[a-z]{1,4}".prop_map(ServiceType::Other),
    ];
    let flag = prop_oneof![
        Just(Flag::Testing),
        Just(Flag::Strict),
        "x[a-z]{1,4}".prop_map(Flag::Other),
    ];
    (
        any::<bool>(),
        proptest::collection::vec(hash, 0..3),
        proptest::option::of("[a-zA-Z0-9.,]{1,5}( [a-zA-Z0-9.,]{1,5}){0,3}"),
        key(),
        proptest::collection::vec(service, 0..3),
        proptest::collection::vec(flag, 0..3),
        proptest::collection::btree_map("x[a-z0-9_]{0,5}", "[!-:<-~]{1,10}", 0..3),
    )
        .prop_map(
            |(
                version,
                hash_algorithms,
                notes,
                (key_type, public_key, bits),
                service_types,
                flags,
                unknown,
            )| {
                let record = DkimKeyRecord {
                    version,
                    hash_algorithms,
                    key_type,
                    notes,
                    public_key,
                    service_types,
                    flags,
                    unknown: unknown
                        .into_iter()
                        .map(|(name, value)| UnknownTag { name, value })
                        .collect(),
                    spans: Vec::new(),
                };
                (record, bits)
            },
        )
}

proptest! {
    #[test]
    fn parse_inverts_display((record, bits) in record()) {
        let text = record.to_string();
        let (parsed, issues) = parse(&text);
        let errors: Vec<_> = issues
            .iter()
            .filter(|issue| {
                issue.kind.is_error()
                    && !matches!(issue.kind, DkimIssue::MissingKey | DkimIssue::UnknownKeyType(_))
            })
            .collect();
        prop_assert!(errors.is_empty(), "{}: {:?}", text, errors);
        prop_assert_eq!(parsed.key_bits(), bits, "{}", text);
        prop_assert_eq!(without_spans(parsed), record, "{}", text);
    }
}
