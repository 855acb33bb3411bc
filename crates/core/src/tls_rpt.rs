//! SMTP TLS Reporting (RFC 8460): the `_smtp._tls.<domain>` TXT record that says where
//! senders send reports about TLS failures, and its parser.
//!
//! RFC 8460 §3:
//!
//! ```text
//! tlsrpt-record     = tlsrpt-version 1*(field-delim tlsrpt-field)
//!                     [field-delim]
//! field-delim       = *WSP ";" *WSP
//! tlsrpt-field      = tlsrpt-rua /        ; Note that the
//!                     tlsrpt-extension    ; tlsrpt-rua field is
//!                                         ; required.
//! tlsrpt-version    = %s"v=TLSRPTv1"
//! tlsrpt-rua        = %s"rua="
//!                     tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
//! tlsrpt-uri        = URI
//!                   ; "URI" is imported from [RFC3986];
//!                   ; commas (ASCII 0x2C), exclamation
//!                   ; points (ASCII 0x21), and semicolons
//!                   ; (ASCII 0x3B) MUST be encoded
//! tlsrpt-extension  = tlsrpt-ext-name "=" tlsrpt-ext-value
//! tlsrpt-ext-name   = (ALPHA / DIGIT) *31(ALPHA /
//!                     DIGIT / "_" / "-" / ".")
//! tlsrpt-ext-value  = 1*(%x21-3A / %x3C / %x3E-7E)
//!                     ; chars excluding "=", ";", SP, and control
//!                     ; chars
//! ```

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::parse_issue::ParseIssue;
use crate::tag_list::{
    Grammar, KeepUnknown, LateVersion, OtherCase, Step, TagProblem, TagSpan, UnknownTag,
    is_report_uri, span_of, split_list, uri_scheme, walk,
};

/// Joins the character-strings of an `_smtp._tls` TXT record. RFC 8460 §3: "If the
/// resulting TXT record contains multiple strings ..., then the record MUST be treated
/// as if those strings are concatenated together without adding spaces."
pub fn join_txt(strings: &[String]) -> String {
    strings.concat()
}

/// A parsed TLS-RPT record (`v=TLSRPTv1` is implied).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsRptRecord {
    /// `rua`: "A URI specifying the endpoint to which aggregate information about policy
    /// validation results should be sent" (`mailto:` or `https:`), in record order.
    pub rua: Vec<String>,
    /// Extension fields, in record order; senders ignore them.
    pub extensions: Vec<UnknownTag>,
    /// Where each field stood, when parsed from text.
    pub spans: Vec<TagSpan>,
}

impl TlsRptRecord {
    /// Where the field `name` stood in the parsed text.
    pub fn span_of(&self, name: &str) -> Option<Range<usize>> {
        span_of(&self.spans, name)
    }
}

impl fmt::Display for TlsRptRecord {
    /// Canonical form: `v=TLSRPTv1`, `rua` with URIs joined by `,`, then extensions,
    /// separated by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v=TLSRPTv1")?;
        if !self.rua.is_empty() {
            write!(f, "; rua={}", self.rua.join(","))?;
        }
        for extension in &self.extensions {
            write!(f, "; {extension}")?;
        }
        Ok(())
    }
}

/// What can be wrong in a TLS-RPT record. RFC 8460 §3: "if the resulting record is
/// syntactically invalid, senders MUST assume the recipient domain does not implement
/// TLSRPT", so every syntax problem is an error; [`TlsRptIssue::is_error`] is false
/// only for the tolerated ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum TlsRptIssue {
    /// The record does not begin with `v=TLSRPTv1` (exact case, no spaces); senders
    /// discard it.
    NotTlsRpt,
    /// No `rua=` field: it is required.
    MissingRua,
    /// A `rua` element that is not a URI reports can go to.
    BadUri(String),
    /// A URI scheme other than `mailto` and `https`, the two RFC 8460 §3 defines.
    UnsupportedScheme(String),
    /// Whitespace around `=`, which the grammar does not allow (only around `;`).
    SpaceAroundEquals,
    /// An extension whose name or value is outside the grammar.
    BadExtension(String),
    /// A field given twice; the first one is used.
    DuplicateField(String),
    /// An extension field RFC 8460 does not define; senders ignore it.
    UnknownField(String),
    /// `RUA=`: field names are case-sensitive (`%s`), so this is an extension, and what
    /// its absence breaks is reported on its own.
    FieldCase(String),
    /// A piece between `;` that is not `name=value`.
    MalformedField,
    /// A control or non-ASCII character.
    InvalidCharacter(char),
}

impl TlsRptIssue {
    /// Whether senders ignore the record (or a report URI) because of this problem, as
    /// opposed to a warning about a record that still works.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            TlsRptIssue::DuplicateField(_)
                | TlsRptIssue::UnknownField(_)
                | TlsRptIssue::FieldCase(_)
        )
    }
}

/// Whether a TXT record is meant as a TLS-RPT record: it begins with `v=TLSRPTv1`, then
/// `;`, whitespace or the end (RFC 8460 §3: "records that do not begin with
/// "v=TLSRPTv1;" are discarded").
pub fn is_tls_rpt_record(text: &str) -> bool {
    text.strip_prefix("v=TLSRPTv1").is_some_and(|rest| {
        let rest = rest.trim_start_matches([' ', '\t']);
        rest.is_empty() || rest.starts_with(';')
    })
}

/// RFC 8460 §3: field names are case-sensitive (`%s`), unknown fields are
/// `tlsrpt-extension`s, and the record must begin with `v=TLSRPTv1`.
const GRAMMAR: Grammar = Grammar {
    known: &["v", "rua"],
    other_case: OtherCase::AsUnknown,
    unknown: KeepUnknown::Extensions,
    late_version: LateVersion::Drop,
};

/// Parses a TLS-RPT record. Fields and URIs with problems are left out and reported.
pub fn parse(text: &str) -> (TlsRptRecord, Vec<ParseIssue<TlsRptIssue>>) {
    let mut record = TlsRptRecord::default();
    let mut issues = Vec::new();
    if !is_tls_rpt_record(text) {
        let end = text.find(';').unwrap_or(text.len());
        issues.push(ParseIssue::new(0..end, TlsRptIssue::NotTlsRpt));
    }
    let walk = walk(text, &GRAMMAR);
    for step in walk.steps {
        match step {
            Step::Problem { span, problem, .. } => {
                issues.extend(issue(problem).map(|kind| ParseIssue::new(span, kind)));
            }
            Step::Known {
                name: "rua", tag, ..
            } => read_rua(&mut record, &mut issues, tag.value, tag.value_span.start),
            Step::Known { .. } => {}
        }
    }
    record.extensions = walk.unknown;
    record.spans = walk.spans;
    if record.span_of("rua").is_none() {
        issues.push(ParseIssue::new(0..text.len(), TlsRptIssue::MissingRua));
    }
    (record, issues)
}

/// The `rua` URIs starting at `offset`: those reports can go to are kept.
fn read_rua(
    record: &mut TlsRptRecord,
    issues: &mut Vec<ParseIssue<TlsRptIssue>>,
    value: &str,
    offset: usize,
) {
    for (uri, span) in split_list(value, offset, ',') {
        match uri_scheme(uri).as_deref() {
            Some("mailto" | "https") if is_report_uri(uri) => {
                record.rua.push(uri.to_owned());
            }
            Some(scheme) if is_report_uri(uri) => {
                let kind = TlsRptIssue::UnsupportedScheme(scheme.to_owned());
                issues.push(ParseIssue::new(span, kind));
            }
            _ => issues.push(ParseIssue::new(span, TlsRptIssue::BadUri(uri.to_owned()))),
        }
    }
}

/// A tag-list problem in this record's words.
fn issue(problem: TagProblem<'_>) -> Option<TlsRptIssue> {
    Some(match problem {
        TagProblem::Malformed => TlsRptIssue::MalformedField,
        TagProblem::InvalidCharacter(ch) => TlsRptIssue::InvalidCharacter(ch),
        TagProblem::SpaceAroundEquals => TlsRptIssue::SpaceAroundEquals,
        TagProblem::OtherCase(name) => TlsRptIssue::FieldCase(name.to_owned()),
        TagProblem::Unknown(name) => TlsRptIssue::UnknownField(name.to_owned()),
        TagProblem::BadExtension(name) => TlsRptIssue::BadExtension(name.to_owned()),
        TagProblem::Duplicate(name) => TlsRptIssue::DuplicateField(name.to_owned()),
        // The record does not begin with `v=TLSRPTv1`: `NotTlsRpt` says so.
        TagProblem::VersionNotFirst => return None,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn parses_and_prints_canonically() {
        for (input, canonical) in [
            (
                "v=TLSRPTv1; rua=mailto:reports@example.com",
                "v=TLSRPTv1; rua=mailto:reports@example.com",
            ),
            (
                "v=TLSRPTv1;rua=mailto:a@example.com , https://reporting.example.com/v1/tls ;",
                "v=TLSRPTv1; rua=mailto:a@example.com,https://reporting.example.com/v1/tls",
            ),
            (
                "v=TLSRPTv1 ;\trua=https://r.example/x",
                "v=TLSRPTv1; rua=https://r.example/x",
            ),
        ] {
            let (record, issues) = parse(input);
            assert!(issues.is_empty(), "{input}: {issues:?}");
            assert_eq!(record.to_string(), canonical, "{input}");
        }
    }

    #[test]
    fn reports_each_problem_with_its_span() {
        for (input, expected) in [
            (
                "v=TLSRPTv1; rua=ftp://example.com/x",
                vec![(16..35, TlsRptIssue::UnsupportedScheme("ftp".into()))],
            ),
            (
                "v=TLSRPTv1; rua=reports@example.com",
                vec![(16..35, TlsRptIssue::BadUri("reports@example.com".into()))],
            ),
            (
                "v=TLSRPTv1; rua=",
                vec![(16..16, TlsRptIssue::BadUri(String::new()))],
            ),
            ("v=TLSRPTv1", vec![(0..10, TlsRptIssue::MissingRua)]),
            ("v=TLSRPTv1;", vec![(0..11, TlsRptIssue::MissingRua)]),
            (
                "v=TLSRPTv1; rua = mailto:a@example.com",
                vec![(12..38, TlsRptIssue::SpaceAroundEquals)],
            ),
            (
                "v=tlsrptv1; rua=mailto:a@example.com",
                vec![(0..10, TlsRptIssue::NotTlsRpt)],
            ),
            (
                "rua=mailto:a@example.com; v=TLSRPTv1",
                vec![(0..24, TlsRptIssue::NotTlsRpt)],
            ),
            (
                "v=TLSRPTv1; RUA=mailto:a@example.com",
                vec![
                    (12..36, TlsRptIssue::FieldCase("RUA".into())),
                    (0..36, TlsRptIssue::MissingRua),
                ],
            ),
            (
                "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com",
                vec![(38..62, TlsRptIssue::DuplicateField("rua".into()))],
            ),
            (
                "v=TLSRPTv1; rua=mailto:a@example.com; x=1",
                vec![(38..41, TlsRptIssue::UnknownField("x".into()))],
            ),
            (
                "v=TLSRPTv1; rua=mailto:r\u{e9}@example.com",
                vec![
                    (24..26, TlsRptIssue::InvalidCharacter('\u{e9}')),
                    (0..38, TlsRptIssue::MissingRua),
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
    fn keeps_good_uris_next_to_bad_ones() {
        let input = "v=TLSRPTv1; rua=mailto:a@example.com,bad,https://r.example/tls";
        let (record, issues) = parse(input);
        assert_eq!(record.rua.len(), 2, "{input}");
        assert_eq!(issues.len(), 1, "{input}: {issues:?}");
    }

    #[test]
    fn joins_character_strings_without_spaces() {
        let strings = vec![
            "v=TLSRPTv1; rua=mailto:tls".to_owned(),
            "@example.com".to_owned(),
        ];
        let (record, issues) = parse(&join_txt(&strings));
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(record.rua, vec!["mailto:tls@example.com".to_owned()]);
    }

    proptest! {
        #[test]
        fn parse_inverts_display(
            rua in proptest::collection::vec(
                "mailto:[a-z0-9.+-]{1,10}@[a-z]{1,10}\\.example|https://[a-z]{1,10}\\.example/[a-z0-9/]{0,10}",
                0..3,
            ),
            extensions in proptest::collection::btree_map(
                "x[A-Za-z0-9_.-]{0,31}",
                "[!-:<>-~]{1,16}",
                0..3,
            ),
        ) {
            let record = TlsRptRecord {
                rua,
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
                .filter(|issue| issue.kind.is_error() && issue.kind != TlsRptIssue::MissingRua)
                .collect();
            prop_assert!(errors.is_empty(), "{}: {:?}", text, errors);
            parsed.spans.clear();
            prop_assert_eq!(parsed, record, "{}", text);
        }
    }
}
