use proptest::prelude::*;

use super::*;

#[test]
fn parses_and_prints_canonically() {
    for (input, canonical) in [
        (
            // RFC 8461 §3.2's example.
            "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\n\
             mx: backupmx.example.com\nmax_age: 604800\n",
            "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\n\
             mx: backupmx.example.com\nmax_age: 604800\n",
        ),
        (
            "version: STSv1\r\nmode: testing\r\nmx: MX.Example.COM\r\nmax_age: 86400",
            "version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n",
        ),
        (
            "max_age:0\nmode:none\nversion:STSv1  \n\n",
            "version: STSv1\nmode: none\nmax_age: 0\n",
        ),
        (
            "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 31557600\n",
            "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 31557600\n",
        ),
    ] {
        let (policy, issues) = parse_policy(input);
        assert!(issues.is_empty(), "{input:?}: {issues:?}");
        assert_eq!(policy.to_string(), canonical, "{input:?}");
        let (mut again, issues) = parse_policy(&policy.to_string());
        assert!(issues.is_empty(), "{input:?}: {issues:?}");
        let mut policy = policy;
        again.spans.clear();
        policy.spans.clear();
        assert_eq!(again, policy, "{input:?}");
    }
}

#[test]
fn reports_each_problem_with_its_span() {
    const HEAD: &str = "version: STSv1\nmode: enforce\nmx: mx.example.com\n";
    let invalid = |field: &str, value: &str| MtaStsPolicyIssue::InvalidValue {
        field: field.into(),
        value: value.into(),
    };
    for (input, expected) in [
        (format!("{HEAD}max_age: 86400\n"), vec![]),
        (
            format!("{HEAD}max_age: 31557601\n"),
            vec![(57..65, invalid("max_age", "31557601"))],
        ),
        (
            format!("{HEAD}max_age: -1\n"),
            vec![(57..59, invalid("max_age", "-1"))],
        ),
        (
            format!("{HEAD}max_age: 86400\nmode: testing\n"),
            vec![(63..76, MtaStsPolicyIssue::DuplicateField("mode".into()))],
        ),
        (
            format!("{HEAD}max_age: 86400\nmx: *.*.example.net\n"),
            vec![(67..82, invalid("mx", "*.*.example.net"))],
        ),
        (
            format!("{HEAD}max_age: 86400\nmx: mx.example.com.\n"),
            vec![(67..82, invalid("mx", "mx.example.com."))],
        ),
        (
            format!("{HEAD}max_age: 86400\nmx: mail*.example.com\n"),
            vec![(67..84, invalid("mx", "mail*.example.com"))],
        ),
        (
            "version: STSv1\nmode: report\nmx: mx.example.com\nmax_age: 86400\n".into(),
            vec![(21..27, invalid("mode", "report"))],
        ),
        (
            "version: STSv2\nmode: none\nmax_age: 86400\n".into(),
            vec![(9..14, MtaStsPolicyIssue::BadVersion("STSv2".into()))],
        ),
        (
            "Version: STSv1\nmode: none\nmax_age: 86400\n".into(),
            vec![
                (0..14, MtaStsPolicyIssue::FieldCase("Version".into())),
                (0..41, MtaStsPolicyIssue::MissingVersion),
            ],
        ),
        (
            "version : STSv1\nmode: none\nmax_age: 86400\n".into(),
            vec![(0..15, MtaStsPolicyIssue::SpaceBeforeColon)],
        ),
        (
            "version: STSv1\nmode: none\nmax_age: 86400\nnote: caf\u{e9} ok\n".into(),
            vec![(41..55, MtaStsPolicyIssue::UnknownField("note".into()))],
        ),
        (
            "version: STSv1\nmode: none\nmax_age: 86400\nnothing here\n".into(),
            vec![(41..53, MtaStsPolicyIssue::MalformedLine)],
        ),
        (
            "version: STSv1\nmode: none\nmax_age: 86400\nx: a\u{7}b\n".into(),
            vec![(45..46, MtaStsPolicyIssue::InvalidCharacter('\u{7}'))],
        ),
        (
            "version: STSv1\nmode: enforce\nmax_age: 86400\n".into(),
            vec![(0..44, MtaStsPolicyIssue::MissingMx)],
        ),
        (
            String::new(),
            vec![
                (0..0, MtaStsPolicyIssue::MissingVersion),
                (0..0, MtaStsPolicyIssue::MissingMode),
                (0..0, MtaStsPolicyIssue::MissingMx),
                (0..0, MtaStsPolicyIssue::MissingMaxAge),
            ],
        ),
    ] {
        let (_, issues) = parse_policy(&input);
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(span, kind)| ParseIssue::new(span, kind))
            .collect();
        assert_eq!(issues, expected, "{input:?}");
    }
}

#[test]
fn keeps_every_mx_and_the_first_of_other_fields() {
    let input = "version: STSv1\nmode: testing\nmode: enforce\nmx: a.example\nmx: *.b.example\n\
                 max_age: 60\nmax_age: 120\n";
    let (policy, issues) = parse_policy(input);
    assert_eq!(policy.mode, Some(Mode::Testing), "{input:?}");
    assert_eq!(policy.max_age, Some(60), "{input:?}");
    assert_eq!(policy.mx.len(), 2, "{input:?}");
    assert!(
        issues.iter().all(|issue| !issue.kind.is_error()),
        "{issues:?}"
    );
    assert!(policy.matches_mx("mx1.b.example") && !policy.matches_mx("b.example"));
}

fn label() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?"
}

fn pattern() -> impl Strategy<Value = MxPattern> {
    (any::<bool>(), proptest::collection::vec(label(), 1..4)).prop_map(|(wildcard, labels)| {
        MxPattern {
            wildcard,
            domain: labels.join("."),
        }
    })
}

proptest! {
    #[test]
    fn parse_inverts_display(
        mode in proptest::option::of(prop_oneof![
            Just(Mode::Enforce),
            Just(Mode::Testing),
            Just(Mode::None)
        ]),
        mx in proptest::collection::vec(pattern(), 0..4),
        max_age in proptest::option::of(0..=MAX_AGE_LIMIT),
        extensions in proptest::collection::btree_map(
            "x[A-Za-z0-9_.-]{0,31}",
            "[!-~\u{e0}-\u{ff}]([ !-~\u{e0}-\u{ff}]{0,10}[!-~\u{e0}-\u{ff}])?",
            0..3,
        ),
    ) {
        let policy = MtaStsPolicy {
            mode,
            mx,
            max_age,
            extensions: extensions
                .into_iter()
                .map(|(name, value)| UnknownTag { name, value })
                .collect(),
            spans: Vec::new(),
        };
        let text = policy.to_string();
        let (mut parsed, issues) = parse_policy(&text);
        let errors: Vec<_> = issues
            .iter()
            .filter(|issue| {
                issue.kind.is_error()
                    && !matches!(
                        issue.kind,
                        MtaStsPolicyIssue::MissingMode
                            | MtaStsPolicyIssue::MissingMx
                            | MtaStsPolicyIssue::MissingMaxAge
                    )
            })
            .collect();
        prop_assert!(errors.is_empty(), "{:?}: {:?}", text, errors);
        parsed.spans.clear();
        prop_assert_eq!(parsed, policy, "{:?}", text);
    }

    #[test]
    fn a_wildcard_matches_exactly_one_more_label(
        pattern in pattern(),
        extra in proptest::collection::vec(label(), 0..3),
    ) {
        let host = extra
            .iter()
            .cloned()
            .chain([pattern.domain.clone()])
            .collect::<Vec<_>>()
            .join(".");
        let expected = if pattern.wildcard { extra.len() == 1 } else { extra.is_empty() };
        prop_assert_eq!(pattern.matches(&host), expected, "{} {}", pattern, host);
    }
}
