use proptest::prelude::*;

use super::*;
use crate::tag_list::UnknownTag;

#[test]
fn parses_and_prints_canonically() {
    for (input, canonical) in [
        ("v=DMARC1; p=reject", "v=DMARC1; p=reject"),
        ("v=DMARC1;p=none;", "v=DMARC1; p=none"),
        (
            "  v = DMARC1 ;  p = Quarantine ; pct = 50 ;; ",
            "v=DMARC1; p=quarantine; pct=50",
        ),
        (
            "v=DMARC1; p=reject; rua=mailto:a@example.com!10M , mailto:b@example.net; \
             ruf=mailto:f@example.com!1024",
            "v=DMARC1; p=reject; rua=mailto:a@example.com!10m,mailto:b@example.net; \
             ruf=mailto:f@example.com!1024",
        ),
        (
            "v=DMARC1; p=reject; t=y; psd=n; pct=100; rf=AFRF; fo=0 : 1:d:S; ri=3600; \
             aspf=r; adkim=s; np=reject; sp=quarantine",
            "v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r; ri=3600; \
             fo=0:1:d:s; rf=afrf; pct=100; psd=n; t=y",
        ),
        (
            "v=DMARC1; p=none; rua=https://reports.example.com/dmarc",
            "v=DMARC1; p=none; rua=https://reports.example.com/dmarc",
        ),
    ] {
        let (record, issues) = parse(input);
        assert!(issues.is_empty(), "{input}: {issues:?}");
        assert_eq!(record.to_string(), canonical, "{input}");
        let (again, issues) = parse(&record.to_string());
        assert!(issues.is_empty(), "{input}: {issues:?}");
        assert_eq!(without_spans(again), without_spans(record), "{input}");
    }
}

#[test]
fn reports_each_problem_with_its_span() {
    let invalid = |tag: &str, value: &str| DmarcIssue::InvalidValue {
        tag: tag.into(),
        value: value.into(),
    };
    for (input, expected) in [
        ("v=DMARC1; p=foo", vec![(12..15, invalid("p", "foo"))]),
        ("v=DMARC1; p=", vec![(12..12, invalid("p", ""))]),
        (
            "v=DMARC1; p=reject; pct=200",
            vec![(24..27, invalid("pct", "200"))],
        ),
        (
            "v=DMARC1; p=reject; pct=-1",
            vec![(24..26, invalid("pct", "-1"))],
        ),
        (
            "v=DMARC1; p=reject; ri=99999999999",
            vec![(23..34, invalid("ri", "99999999999"))],
        ),
        (
            "v=DMARC1; p=none; rua=dmarc@example.com",
            vec![(22..39, invalid("rua", "dmarc@example.com"))],
        ),
        (
            "v=DMARC1; p=none; rua=mailto:a@example.com!10x",
            vec![(22..46, invalid("rua", "mailto:a@example.com!10x"))],
        ),
        (
            "v=DMARC1; p=none; rua=mailto:a@example.com,,",
            vec![(43..43, invalid("rua", "")), (44..44, invalid("rua", ""))],
        ),
        (
            "v=DMARC1; p=none; fo=0:x",
            vec![(23..24, invalid("fo", "x"))],
        ),
        (
            "v=DMARC1; p=none; adkim=x",
            vec![(24..25, invalid("adkim", "x"))],
        ),
        (
            "v=DMARC1; p=none; rf=iodef",
            vec![(
                21..26,
                DmarcIssue::UnknownValue {
                    tag: "rf".into(),
                    value: "iodef".into(),
                },
            )],
        ),
        (
            "v=DMARC1; p=reject; x-note=hi",
            vec![(20..29, DmarcIssue::UnknownTag("x-note".into()))],
        ),
        ("p=reject; v=DMARC1", vec![(0..8, DmarcIssue::NotDmarc)]),
        ("v=DMARC2; p=reject", vec![(0..8, DmarcIssue::NotDmarc)]),
        ("v=dmarc1; p=none", vec![(2..8, DmarcIssue::VersionCase)]),
        (
            "v=DMARC1; P=reject",
            vec![(10..18, DmarcIssue::TagCase("P".into()))],
        ),
        (
            "v=DMARC1; rua=mailto:a@example.com",
            vec![(0..34, DmarcIssue::MissingPolicy)],
        ),
        (
            "v=DMARC1; sp=none; p=reject",
            vec![(19..27, DmarcIssue::PolicyNotSecond)],
        ),
        (
            "v=DMARC1; p=reject; p=none",
            vec![(20..26, DmarcIssue::DuplicateTag("p".into()))],
        ),
        (
            "v=DMARC1; p=reject; v=DMARC1",
            vec![(20..28, DmarcIssue::DuplicateTag("v".into()))],
        ),
        (
            "v=DMARC1; p=none; pct 50",
            vec![(18..24, DmarcIssue::MalformedTag)],
        ),
        (
            "v=DMARC1; p=none; rua=mailto:d@\u{4f8b}.jp",
            vec![(31..34, DmarcIssue::InvalidCharacter('\u{4f8b}'))],
        ),
        (
            "",
            vec![
                (0..0, DmarcIssue::NotDmarc),
                (0..0, DmarcIssue::MissingPolicy),
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
fn keeps_good_tags_next_to_bad_ones() {
    let input = "v=DMARC1; p=foo; sp=reject; pct=200; rua=mailto:a@example.com,bad; x=1";
    let (record, issues) = parse(input);
    assert_eq!(record.policy, None, "{input}");
    assert_eq!(record.subdomain_policy, Some(Policy::Reject), "{input}");
    assert_eq!(record.rua.len(), 1, "{input}");
    assert_eq!(record.unknown.len(), 1, "{input}");
    let errors: Vec<_> = issues
        .iter()
        .filter(|issue| issue.kind.is_error())
        .collect();
    let warnings: Vec<_> = issues
        .iter()
        .filter(|issue| !issue.kind.is_error())
        .collect();
    assert_eq!(
        (errors.len(), warnings.len()),
        (3, 1),
        "{input}: {issues:?}"
    );
    assert_eq!(record.span_of("sp"), Some(17..26), "{input}");
}

#[test]
fn recognises_dmarc_records() {
    for (input, expected) in [
        ("v=DMARC1; p=none", true),
        ("v = dmarc1", true),
        ("v=DMARC1", true),
        ("v=spf1 -all", false),
        ("p=none; v=DMARC1", false),
        ("", false),
    ] {
        assert_eq!(is_dmarc_record(input), expected, "{input}");
    }
}

#[test]
fn size_limits_are_powers_of_two() {
    for (limit, bytes) in [
        ("10", Some(10)),
        ("10k", Some(10 << 10)),
        ("2m", Some(2 << 20)),
        ("1g", Some(1 << 30)),
        ("3t", Some(3 << 40)),
        ("18446744073709551615t", None),
    ] {
        let parsed = size_limit(limit).expect("a valid limit");
        assert_eq!(parsed.bytes(), bytes, "{limit}");
    }
}

#[test]
fn joins_character_strings_without_spaces() {
    let strings = vec![
        "v=DMARC1; p=reject; rua=mailto:a@ex".to_owned(),
        "ample.com".to_owned(),
    ];
    assert_eq!(
        super::super::join_txt(&strings),
        "v=DMARC1; p=reject; rua=mailto:a@example.com"
    );
}

#[test]
fn issues_serialise_with_a_kebab_case_kind() {
    let issue = DmarcIssue::InvalidValue {
        tag: "p".into(),
        value: "foo".into(),
    };
    let json = serde_json::to_string(&issue).expect("serialisable");
    assert_eq!(
        json,
        r#"{"kind":"invalid-value","detail":{"tag":"p","value":"foo"}}"#
    );
    let json = serde_json::to_string(&DmarcIssue::MissingPolicy).expect("serialisable");
    assert_eq!(json, r#"{"kind":"missing-policy"}"#);
}

fn without_spans(mut record: DmarcRecord) -> DmarcRecord {
    record.spans.clear();
    record
}

fn policy() -> impl Strategy<Value = Policy> {
    prop_oneof![
        Just(Policy::None),
        Just(Policy::Quarantine),
        Just(Policy::Reject)
    ]
}

fn alignment() -> impl Strategy<Value = Alignment> {
    prop_oneof![Just(Alignment::Relaxed), Just(Alignment::Strict)]
}

fn report_uri() -> impl Strategy<Value = ReportUri> {
    let unit = prop_oneof![
        Just(SizeUnit::Kilo),
        Just(SizeUnit::Mega),
        Just(SizeUnit::Giga),
        Just(SizeUnit::Tera)
    ];
    (
        "mailto:[a-z0-9.+-]{1,10}@[a-z]{1,10}\\.example|https://[a-z]{1,10}\\.example/[a-z0-9/]{0,10}",
        proptest::option::of((0u64..1_000_000, proptest::option::of(unit))),
    )
        .prop_map(|(uri, limit)| ReportUri {
            uri,
            max_size: limit.map(|(value, unit)| SizeLimit { value, unit }),
        })
}

fn record() -> impl Strategy<Value = DmarcRecord> {
    let failure_option = prop_oneof![
        Just(FailureOption::AllFail),
        Just(FailureOption::AnyFail),
        Just(FailureOption::Dkim),
        Just(FailureOption::Spf)
    ];
    let psd = prop_oneof![
        Just(PsdFlag::Yes),
        Just(PsdFlag::No),
        Just(PsdFlag::Unspecified)
    ];
    let policies = (
        proptest::option::of(policy()),
        proptest::option::of(policy()),
        proptest::option::of(policy()),
    );
    let reports = (
        proptest::collection::vec(report_uri(), 0..3),
        proptest::collection::vec(report_uri(), 0..3),
        proptest::option::of(any::<u32>()),
        proptest::collection::vec(failure_option, 0..4),
        proptest::collection::vec("afrf|[a-z][a-z0-9]{0,5}", 0..3),
    );
    let rest = (
        proptest::option::of(alignment()),
        proptest::option::of(alignment()),
        proptest::option::of(0u8..=100),
        proptest::option::of(psd),
        proptest::option::of(any::<bool>()),
        proptest::collection::btree_map("x[a-z0-9_]{0,6}", "[!-:<-~]{1,12}", 0..3),
    );
    (policies, reports, rest).prop_map(
        |(
            (policy, subdomain_policy, non_existent_policy),
            (rua, ruf, report_interval, failure_options, report_formats),
            (adkim, aspf, percent, psd, testing, unknown),
        )| DmarcRecord {
            policy,
            subdomain_policy,
            non_existent_policy,
            rua,
            ruf,
            adkim,
            aspf,
            report_interval,
            failure_options,
            report_formats,
            percent,
            psd,
            testing,
            unknown: unknown
                .into_iter()
                .map(|(name, value)| UnknownTag { name, value })
                .collect(),
            spans: Vec::new(),
        },
    )
}

proptest! {
    #[test]
    fn parse_inverts_display(record in record()) {
        let text = record.to_string();
        let (parsed, issues) = parse(&text);
        let errors: Vec<_> = issues
            .iter()
            .filter(|issue| issue.kind.is_error() && issue.kind != DmarcIssue::MissingPolicy)
            .collect();
        prop_assert!(errors.is_empty(), "{}: {:?}", text, errors);
        prop_assert_eq!(without_spans(parsed), record, "{}", text);
    }
}
