use proptest::prelude::*;

use super::*;

#[test]
fn parses_and_prints_canonically() {
    for (input, canonical) in [
        (
            "v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem",
            "v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem",
        ),
        (
            " v = BIMI1 ;L=https://example.com/logo.svg;a=; avp=Personal;",
            "v=BIMI1; l=https://example.com/logo.svg; avp=personal",
        ),
        ("v=BIMI1; l=;", "v=BIMI1; l="),
        ("v=BIMI1;l=;a=", "v=BIMI1; l="),
        (
            "v=BIMI1; lps=brand-,news; l=https://example.com/a.svg",
            "v=BIMI1; l=https://example.com/a.svg; lps=brand-,news",
        ),
    ] {
        let (record, issues) = parse(input);
        let errors: Vec<_> = issues
            .iter()
            .filter(|issue| issue.kind.is_error())
            .collect();
        assert!(errors.is_empty(), "{input}: {issues:?}");
        assert_eq!(record.to_string(), canonical, "{input}");
    }
}

#[test]
fn an_empty_location_means_declined() {
    for input in ["v=BIMI1; l=", "v=BIMI1; l= ; a=", "v=BIMI1;l=;"] {
        let (record, issues) = parse(input);
        assert!(
            record.is_declined() && issues.is_empty(),
            "{input}: {issues:?}"
        );
        assert_eq!(record.authority, None, "{input}");
    }
    let (record, _) = parse("v=BIMI1; l=https://example.com/logo.svg");
    assert!(!record.is_declined());
}

#[test]
fn reports_each_problem_with_its_span() {
    let detail = |tag: &str, value: &str| (tag.to_owned(), value.to_owned());
    let not_https = |(tag, value)| BimiIssue::NotHttps { tag, value };
    let invalid = |(tag, value)| BimiIssue::InvalidValue { tag, value };
    for (input, expected) in [
        (
            "v=BIMI1; l=http://example.com/logo.svg",
            vec![(
                11..38,
                not_https(detail("l", "http://example.com/logo.svg")),
            )],
        ),
        (
            "v=BIMI1; l=https://example.com/logo.svg; a=example.com/vmc.pem",
            vec![(43..62, invalid(detail("a", "example.com/vmc.pem")))],
        ),
        (
            "v=BIMI1; l=https:logo.svg",
            vec![(11..25, invalid(detail("l", "https:logo.svg")))],
        ),
        ("v=BIMI1", vec![(0..7, BimiIssue::MissingLocation)]),
        ("v=BIMI2; l=", vec![(0..7, BimiIssue::NotBimi)]),
        ("v=bimi1; l=", vec![(0..7, BimiIssue::NotBimi)]),
        ("l=; v=BIMI1", vec![(0..2, BimiIssue::NotBimi)]),
        (
            "v=BIMI1; l=; l=https://example.com/x.svg",
            vec![(13..40, BimiIssue::DuplicateTag("l".into()))],
        ),
        (
            "v=BIMI1; l=; avp=both",
            vec![(
                17..21,
                BimiIssue::UnknownValue {
                    tag: "avp".into(),
                    value: "both".into(),
                },
            )],
        ),
        (
            "v=BIMI1; l=; z=64x64",
            vec![(13..20, BimiIssue::UnknownTag("z".into()))],
        ),
        ("v=BIMI1; L=", vec![(9..11, BimiIssue::TagCase("L".into()))]),
        ("v=BIMI1; l=; logo", vec![(13..17, BimiIssue::MalformedTag)]),
        (
            "v=BIMI1; l=https://\u{4f8b}.jp/l.svg",
            vec![
                (19..22, BimiIssue::InvalidCharacter('\u{4f8b}')),
                (0..31, BimiIssue::MissingLocation),
            ],
        ),
    ] {
        let (_, issues) = parse(input);
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(span, kind)| ParseIssue::new(span, kind))
            .collect();
        assert_eq!(issues, expected, "{input}");
    }
}

#[test]
fn recognises_bimi_records() {
    for (input, expected) in [
        ("v=BIMI1; l=", true),
        ("v = BIMI1", true),
        ("v=BIMI10; l=", false),
        ("v=bimi1", false),
        ("l=; v=BIMI1", false),
    ] {
        assert_eq!(is_bimi_record(input), expected, "{input}");
    }
}

#[test]
fn joins_character_strings_without_spaces() {
    let strings = vec![
        "v=BIMI1; l=https://example.com/lo".to_owned(),
        "go.svg".to_owned(),
    ];
    let (record, issues) = parse(&join_txt(&strings));
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(
        record.location,
        Some(BimiLocation::Logo("https://example.com/logo.svg".into()))
    );
}

fn https_uri() -> impl Strategy<Value = String> {
    "https://[a-z]{1,10}\\.example/[a-z0-9/]{0,10}(logo\\.svg|vmc\\.pem)?"
}

proptest! {
    #[test]
    fn parse_inverts_display(
        location in proptest::option::of(prop_oneof![
            Just(BimiLocation::Declined),
            https_uri().prop_map(BimiLocation::Logo),
        ]),
        authority in proptest::option::of(https_uri()),
        avatar_preference in proptest::option::of(prop_oneof![
            Just(AvatarPreference::Brand),
            Just(AvatarPreference::Personal),
        ]),
        local_part_selectors in proptest::option::of("[a-z0-9-]{0,6}(,[a-z0-9-]{1,6}){0,2}"),
        unknown in proptest::collection::btree_map("x[a-z0-9_]{0,5}", "[!-:<-~]{1,10}", 0..3),
    ) {
        let record = BimiRecord {
            location,
            authority,
            avatar_preference,
            local_part_selectors,
            unknown: unknown
                .into_iter()
                .map(|(name, value)| UnknownTag { name, value })
                .collect(),
            spans: Vec::new(),
        };
        let text = record.to_string();
        let (mut parsed, issues) = parse(&text);
        let errors: Vec<_> = issues
            .iter()
            .filter(|issue| issue.kind.is_error() && issue.kind != BimiIssue::MissingLocation)
            .collect();
        prop_assert!(errors.is_empty(), "{}: {:?}", text, errors);
        parsed.spans.clear();
        prop_assert_eq!(parsed, record, "{}", text);
    }
}
