//! The `_mta-sts` TXT record parser: every field it can read, plus every problem with
//! its span.

use serde::{Deserialize, Serialize};

use super::MtaStsRecord;
use crate::parse_issue::ParseIssue;
use crate::tag_list::{Grammar, KeepUnknown, LateVersion, OtherCase, Step, TagProblem, walk};

/// What can be wrong in an `_mta-sts` TXT record. RFC 8461 §3.1: "if the resulting
/// record is syntactically invalid, senders MUST assume the recipient domain does not
/// have an available MTA-STS Policy", so every syntax problem is an error;
/// [`MtaStsIssue::is_error`] is false only for the tolerated ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum MtaStsIssue {
    /// The record does not begin with `v=STSv1` (exact case, no spaces); senders
    /// discard it.
    NotMtaSts,
    /// No `id=` field.
    MissingId,
    /// An `id` that is not 1 to 32 letters and digits.
    BadId(String),
    /// Whitespace around `=`, which the grammar does not allow (only around `;`).
    SpaceAroundEquals,
    /// An extension whose name or value is outside the grammar (a value with `=`, a
    /// name longer than 32 characters).
    BadExtension(String),
    /// A field given twice; the first one is used.
    DuplicateField(String),
    /// An extension field RFC 8461 does not define; senders ignore it.
    UnknownField(String),
    /// `ID=` or `V=`: field names are case-sensitive (`%s`), so this is an extension,
    /// and what its absence breaks is reported on its own.
    FieldCase(String),
    /// A piece between `;` that is not `name=value`.
    MalformedField,
    /// A control or non-ASCII character.
    InvalidCharacter(char),
}

impl MtaStsIssue {
    /// Whether senders ignore the record because of this problem, as opposed to a
    /// warning about a record that still works.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            MtaStsIssue::DuplicateField(_)
                | MtaStsIssue::UnknownField(_)
                | MtaStsIssue::FieldCase(_)
        )
    }
}

/// Whether a TXT record is meant as an MTA-STS record: it begins with `v=STSv1`, then
/// `;`, whitespace or the end (RFC 8461 §3.1: "records that do not begin with
/// "v=STSv1;" are discarded").
pub fn is_mta_sts_record(text: &str) -> bool {
    text.strip_prefix("v=STSv1").is_some_and(|rest| {
        let rest = rest.trim_start_matches([' ', '\t']);
        rest.is_empty() || rest.starts_with(';')
    })
}

/// RFC 8461 §3.1: field names are case-sensitive (`%s`), unknown fields are
/// `sts-extension`s, and the record must begin with `v=STSv1`.
const GRAMMAR: Grammar = Grammar {
    known: &["v", "id"],
    other_case: OtherCase::AsUnknown,
    unknown: KeepUnknown::Extensions,
    late_version: LateVersion::Drop,
};

/// Parses an `_mta-sts` TXT record. Fields with problems are left out and reported.
pub fn parse(text: &str) -> (MtaStsRecord, Vec<ParseIssue<MtaStsIssue>>) {
    let mut record = MtaStsRecord::default();
    let mut issues = Vec::new();
    if !is_mta_sts_record(text) {
        let end = text.find(';').unwrap_or(text.len());
        issues.push(ParseIssue::new(0..end, MtaStsIssue::NotMtaSts));
    }
    let walk = walk(text, &GRAMMAR);
    for step in walk.steps {
        match step {
            Step::Problem { span, problem, .. } => {
                issues.extend(issue(problem).map(|kind| ParseIssue::new(span, kind)));
            }
            Step::Known {
                name: "id", tag, ..
            } => {
                if is_id(tag.value) {
                    record.id = Some(tag.value.to_owned());
                } else {
                    let kind = MtaStsIssue::BadId(tag.value.to_owned());
                    issues.push(ParseIssue::new(tag.value_span, kind));
                }
            }
            Step::Known { .. } => {}
        }
    }
    record.extensions = walk.unknown;
    record.spans = walk.spans;
    if record.span_of("id").is_none() {
        issues.push(ParseIssue::new(0..text.len(), MtaStsIssue::MissingId));
    }
    (record, issues)
}

/// A tag-list problem in this record's words.
fn issue(problem: TagProblem<'_>) -> Option<MtaStsIssue> {
    Some(match problem {
        TagProblem::Malformed => MtaStsIssue::MalformedField,
        TagProblem::InvalidCharacter(ch) => MtaStsIssue::InvalidCharacter(ch),
        TagProblem::SpaceAroundEquals => MtaStsIssue::SpaceAroundEquals,
        TagProblem::OtherCase(name) => MtaStsIssue::FieldCase(name.to_owned()),
        TagProblem::Unknown(name) => MtaStsIssue::UnknownField(name.to_owned()),
        TagProblem::BadExtension(name) => MtaStsIssue::BadExtension(name.to_owned()),
        TagProblem::Duplicate(name) => MtaStsIssue::DuplicateField(name.to_owned()),
        // The record does not begin with `v=STSv1`: `NotMtaSts` says so.
        TagProblem::VersionNotFirst => return None,
    })
}

/// `1*32(ALPHA / DIGIT)`.
fn is_id(text: &str) -> bool {
    (1..=32).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::tag_list::UnknownTag;

    #[test]
    fn parses_and_prints_canonically() {
        for (input, canonical) in [
            (
                "v=STSv1; id=20160831085700Z;",
                "v=STSv1; id=20160831085700Z",
            ),
            ("v=STSv1;id=abc", "v=STSv1; id=abc"),
            ("v=STSv1 ;\tid=abc ; ", "v=STSv1; id=abc"),
            ("v=STSv1; ext.x=a:b/c; id=A1", "v=STSv1; id=A1; ext.x=a:b/c"),
        ] {
            let (record, issues) = parse(input);
            let errors: Vec<_> = issues.iter().filter(|i| i.kind.is_error()).collect();
            assert!(errors.is_empty(), "{input}: {issues:?}");
            assert_eq!(record.to_string(), canonical, "{input}");
        }
    }

    #[test]
    fn reports_each_problem_with_its_span() {
        for (input, expected) in [
            ("v=STSv1; id=abc", vec![]),
            (
                "v=STSv1; id=abc-123",
                vec![(12..19, MtaStsIssue::BadId("abc-123".into()))],
            ),
            (
                "v=STSv1; id=",
                vec![(12..12, MtaStsIssue::BadId(String::new()))],
            ),
            (
                "v=STSv1; id=123456789012345678901234567890123",
                vec![(
                    12..45,
                    MtaStsIssue::BadId("123456789012345678901234567890123".into()),
                )],
            ),
            ("v=STSv1", vec![(0..7, MtaStsIssue::MissingId)]),
            (
                "v=STSv1; id = abc",
                vec![(9..17, MtaStsIssue::SpaceAroundEquals)],
            ),
            (
                "v = STSv1; id=abc",
                vec![
                    (0..9, MtaStsIssue::NotMtaSts),
                    (0..9, MtaStsIssue::SpaceAroundEquals),
                ],
            ),
            ("v=stsv1; id=abc", vec![(0..7, MtaStsIssue::NotMtaSts)]),
            (" v=STSv1; id=abc", vec![(0..8, MtaStsIssue::NotMtaSts)]),
            ("id=abc; v=STSv1", vec![(0..6, MtaStsIssue::NotMtaSts)]),
            (
                "v=STSv1; ID=abc",
                vec![
                    (9..15, MtaStsIssue::FieldCase("ID".into())),
                    (0..15, MtaStsIssue::MissingId),
                ],
            ),
            (
                "v=STSv1; id=abc; id=def",
                vec![(17..23, MtaStsIssue::DuplicateField("id".into()))],
            ),
            (
                "v=STSv1; id=abc; x=a=b",
                vec![
                    (17..22, MtaStsIssue::UnknownField("x".into())),
                    (17..22, MtaStsIssue::BadExtension("x".into())),
                ],
            ),
            (
                "v=STSv1; id=abc; nonsense",
                vec![(17..25, MtaStsIssue::MalformedField)],
            ),
            (
                "v=STSv1; id=\u{e4}bc",
                vec![
                    (12..14, MtaStsIssue::InvalidCharacter('\u{e4}')),
                    (0..16, MtaStsIssue::MissingId),
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
    fn recognises_mta_sts_records() {
        for (input, expected) in [
            ("v=STSv1; id=1", true),
            ("v=STSv1", true),
            ("v=STSv1 ;id=1", true),
            ("v=STSv10; id=1", false),
            ("v=STSv1-x; id=1", false),
            ("v=spf1 -all", false),
            ("id=1; v=STSv1", false),
        ] {
            assert_eq!(is_mta_sts_record(input), expected, "{input}");
        }
    }

    proptest! {
        #[test]
        fn parse_inverts_display(
            id in proptest::option::of("[A-Za-z0-9]{1,32}"),
            extensions in proptest::collection::btree_map(
                "x[A-Za-z0-9_.-]{0,31}",
                "[!-:<>-~]{1,16}",
                0..3,
            ),
        ) {
            let record = MtaStsRecord {
                id,
                extensions: extensions
                    .into_iter()
                    .map(|(name, value)| UnknownTag { name, value })
                    .collect(),
                spans: Vec::new(),
            };
            let text = record.to_string();
            let (mut parsed, issues) = parse(&text);
            let errors: Vec<_> = issues
                .iter()
                .filter(|issue| issue.kind.is_error() && issue.kind != MtaStsIssue::MissingId)
                .collect();
            prop_assert!(errors.is_empty(), "{}: {:?}", text, errors);
            parsed.spans.clear();
            prop_assert_eq!(parsed, record, "{}", text);
        }
    }
}
