//! The MTA-STS policy file parser: every field it can read, plus every problem with its
//! span.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{MAX_AGE_LIMIT, Mode, MtaStsPolicy, MxPattern};
use crate::parse_issue::ParseIssue;
use crate::tag_list::{NameMatch, TagSpan, UnknownTag, is_extension_name, match_name};

/// What can be wrong in an MTA-STS policy file. [`MtaStsPolicyIssue::is_error`] tells
/// the problems that make senders reject the policy (RFC 8461 §3.2) from those they
/// tolerate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum MtaStsPolicyIssue {
    /// No `version` field.
    MissingVersion,
    /// A `version` other than `STSv1`.
    BadVersion(String),
    /// No `mode` field.
    MissingMode,
    /// No `max_age` field.
    MissingMaxAge,
    /// No `mx` field, with a mode other than `none`.
    MissingMx,
    /// A value outside the field's grammar (`mode: report`, `max_age: 31557601`, an
    /// `mx` that is not a host name or `*.` and one).
    InvalidValue {
        /// The field.
        field: String,
        /// The value, as written.
        value: String,
    },
    /// A line that is not `key: value`, or an extension whose name or value is outside
    /// the grammar.
    MalformedLine,
    /// Whitespace before the `:` or at the start of the line, which the grammar does not
    /// allow; the field is read anyway.
    SpaceBeforeColon,
    /// A field other than `mx` given twice: "all entries except for the first SHALL be
    /// ignored".
    DuplicateField(String),
    /// An extension field RFC 8461 does not define; senders ignore it.
    UnknownField(String),
    /// `Mode:` or `MX:`: field names are case-sensitive (`%s`), so this is an
    /// extension, and what its absence breaks is reported on its own.
    FieldCase(String),
    /// A control character.
    InvalidCharacter(char),
}

impl MtaStsPolicyIssue {
    /// Whether senders reject the policy (or lose a field) because of this problem, as
    /// opposed to a warning about a policy that still works.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            MtaStsPolicyIssue::DuplicateField(_)
                | MtaStsPolicyIssue::UnknownField(_)
                | MtaStsPolicyIssue::FieldCase(_)
        )
    }
}

const FIELDS: &[&str] = &["version", "mode", "mx", "max_age"];

type Issues = Vec<ParseIssue<MtaStsPolicyIssue>>;

/// Parses an MTA-STS policy file. Lines end in LF or CRLF; blank lines are skipped.
/// Fields with problems are left out and reported.
pub fn parse_policy(text: &str) -> (MtaStsPolicy, Issues) {
    let mut policy = MtaStsPolicy::default();
    let mut issues = Vec::new();
    let mut offset = 0;
    for raw_line in text.split('\n') {
        let start = offset;
        offset += raw_line.len() + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let span = start..start + line.trim_end_matches([' ', '\t']).len();
        if line.trim().is_empty() {
            continue;
        }
        if let Some((idx, ch)) = line
            .char_indices()
            .find(|(_, ch)| ch.is_control() && *ch != '\t')
        {
            let at = start + idx;
            let kind = MtaStsPolicyIssue::InvalidCharacter(ch);
            issues.push(ParseIssue::new(at..at + ch.len_utf8(), kind));
            continue;
        }
        read_line(&mut policy, &mut issues, &text[span.clone()], span);
    }
    let missing = |name: &str| policy.span_of(name).is_none();
    let mut missing_issues = Vec::new();
    if missing("version") {
        missing_issues.push(MtaStsPolicyIssue::MissingVersion);
    }
    if missing("mode") {
        missing_issues.push(MtaStsPolicyIssue::MissingMode);
    }
    if policy.mx.is_empty() && policy.mode != Some(Mode::None) {
        missing_issues.push(MtaStsPolicyIssue::MissingMx);
    }
    if missing("max_age") {
        missing_issues.push(MtaStsPolicyIssue::MissingMaxAge);
    }
    for kind in missing_issues {
        issues.push(ParseIssue::new(0..text.len(), kind));
    }
    (policy, issues)
}

/// Reads one non-blank line, without its terminator and trailing whitespace; `span` is
/// where it stands in the file.
fn read_line(policy: &mut MtaStsPolicy, issues: &mut Issues, line: &str, span: Range<usize>) {
    let Some(colon) = line.find(':') else {
        issues.push(ParseIssue::new(span, MtaStsPolicyIssue::MalformedLine));
        return;
    };
    let key = line[..colon].trim_matches([' ', '\t']);
    if key.len() != colon {
        issues.push(ParseIssue::new(
            span.clone(),
            MtaStsPolicyIssue::SpaceBeforeColon,
        ));
    }
    let value = line[colon + 1..].trim_start_matches([' ', '\t']);
    let value_span = span.end - value.len()..span.end;
    let field = match match_name(key, FIELDS) {
        NameMatch::Exact(field) => field,
        found => {
            let kind = match found {
                NameMatch::OtherCase(_) => MtaStsPolicyIssue::FieldCase(key.to_owned()),
                _ => MtaStsPolicyIssue::UnknownField(key.to_owned()),
            };
            issues.push(ParseIssue::new(span.clone(), kind));
            if !is_extension_name(key) || value.is_empty() {
                issues.push(ParseIssue::new(span, MtaStsPolicyIssue::MalformedLine));
                return;
            }
            policy.extensions.push(UnknownTag {
                name: key.to_owned(),
                value: value.to_owned(),
            });
            policy.spans.push(TagSpan {
                name: key.to_owned(),
                span,
            });
            return;
        }
    };
    if field != "mx" && policy.span_of(field).is_some() {
        let kind = MtaStsPolicyIssue::DuplicateField(field.to_owned());
        issues.push(ParseIssue::new(span, kind));
        return;
    }
    policy.spans.push(TagSpan {
        name: field.to_owned(),
        span,
    });
    let ok = match field {
        "version" => {
            if value != "STSv1" {
                let kind = MtaStsPolicyIssue::BadVersion(value.to_owned());
                issues.push(ParseIssue::new(value_span, kind));
            }
            return;
        }
        "mode" => {
            policy.mode = match value {
                "enforce" => Some(Mode::Enforce),
                "testing" => Some(Mode::Testing),
                "none" => Some(Mode::None),
                _ => None,
            };
            policy.mode.is_some()
        }
        "mx" => match mx_pattern(value) {
            Some(pattern) => {
                policy.mx.push(pattern);
                true
            }
            None => false,
        },
        _ => {
            policy.max_age = max_age(value);
            policy.max_age.is_some()
        }
    };
    if !ok {
        let kind = MtaStsPolicyIssue::InvalidValue {
            field: field.to_owned(),
            value: value.to_owned(),
        };
        issues.push(ParseIssue::new(value_span, kind));
    }
}

/// `1*10(DIGIT)`, at most [`MAX_AGE_LIMIT`].
fn max_age(value: &str) -> Option<u32> {
    let digits = (1..=10).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
    digits
        .then(|| value.parse::<u64>().ok())
        .flatten()
        .filter(|age| *age <= u64::from(MAX_AGE_LIMIT))
        .and_then(|age| u32::try_from(age).ok())
}

/// `["*."] Domain`, with `Domain = sub-domain *("." sub-domain)` and
/// `sub-domain = Let-dig [Ldh-str]` (RFC 5321 §4.1.2); labels of at most 63 octets.
fn mx_pattern(value: &str) -> Option<MxPattern> {
    let (wildcard, domain) = match value.strip_prefix("*.") {
        Some(domain) => (true, domain),
        None => (false, value),
    };
    let valid = !domain.is_empty()
        && domain.split('.').all(|label| {
            let bytes = label.as_bytes();
            (1..=63).contains(&bytes.len())
                && bytes[0].is_ascii_alphanumeric()
                && bytes[bytes.len() - 1].is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        });
    valid.then(|| MxPattern {
        wildcard,
        domain: domain.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests;
