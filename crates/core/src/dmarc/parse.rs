//! The DMARC record parser: every tag it can read, plus every problem with its span.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{
    Alignment, DmarcRecord, FailureOption, Policy, PsdFlag, ReportUri, SizeLimit, SizeUnit,
};
use crate::parse_issue::ParseIssue;
use crate::tag_list::{
    Grammar, KeepUnknown, LateVersion, OtherCase, RawTag, Step, TagProblem, is_report_uri,
    split_list, split_tags, walk,
};

/// What can be wrong in a DMARC record. [`DmarcIssue::is_error`] tells the problems that
/// make receivers discard or misread the record from those they tolerate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum DmarcIssue {
    /// The record does not start with `v=DMARC1`; receivers discard it (RFC 7489 §6.6.3).
    NotDmarc,
    /// `v=` spelled in another case than `DMARC1` (RFC 7489 §6.4 gives exact octets).
    VersionCase,
    /// No `p=`: "REQUIRED for policy records" (RFC 7489 §6.3).
    MissingPolicy,
    /// `p=` is not the tag right after `v=` (RFC 7489 §6.4).
    PolicyNotSecond,
    /// A value outside the tag's grammar (`p=foo`, `pct=200`, a URI without a scheme).
    InvalidValue {
        /// The tag, canonical.
        tag: String,
        /// The offending value (or list element), as written.
        value: String,
    },
    /// A well-formed value that no registry defines (`rf=iodef`); receivers ignore it.
    UnknownValue {
        /// The tag, canonical.
        tag: String,
        /// The value, as written.
        value: String,
    },
    /// A tag given twice. RFC 6376 §3.2 (whose syntax DMARC uses) makes the record
    /// invalid; this parser keeps the first.
    DuplicateTag(String),
    /// A tag neither RFC 7489 nor DMARCbis defines; ignored (RFC 7489 §6.3).
    UnknownTag(String),
    /// A known tag name written in another case (`P=reject`).
    TagCase(String),
    /// A piece between `;` that is not `name=value`.
    MalformedTag,
    /// A control or non-ASCII character.
    InvalidCharacter(char),
}

impl DmarcIssue {
    /// Whether receivers discard or misread the record because of this problem, as
    /// opposed to a warning about a record that still works.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            DmarcIssue::VersionCase
                | DmarcIssue::PolicyNotSecond
                | DmarcIssue::UnknownValue { .. }
                | DmarcIssue::UnknownTag(_)
                | DmarcIssue::TagCase(_)
        )
    }
}

/// RFC 7489 §6.4: tag names are read without regard to case (the ABNF's strings are
/// case-insensitive), unknown tags are ignored (§6.3), and `v=DMARC1` comes first.
const GRAMMAR: Grammar = Grammar {
    known: &[
        "v", "p", "sp", "np", "rua", "ruf", "adkim", "aspf", "ri", "fo", "rf", "pct", "psd", "t",
    ],
    other_case: OtherCase::AsKnown,
    unknown: KeepUnknown::All,
    late_version: LateVersion::Drop,
};

/// Whether a TXT record is meant as a DMARC record: it starts with a `v` tag whose value
/// is `DMARC1`, whitespace and case aside (RFC 7489 §6.6.3 step 4).
pub fn is_dmarc_record(text: &str) -> bool {
    matches!(
        split_tags(text).first(),
        Some(Ok(tag)) if tag.name.eq_ignore_ascii_case("v") && tag.value.eq_ignore_ascii_case("DMARC1")
    )
}

/// Parses a DMARC record. Tags with problems are left out of the record and reported.
pub fn parse(text: &str) -> (DmarcRecord, Vec<ParseIssue<DmarcIssue>>) {
    let mut record = DmarcRecord::default();
    let mut issues = Vec::new();
    let walk = walk(text, &GRAMMAR);
    let mut version_ok = false;
    let mut policy_index = None;
    for step in walk.steps {
        match step {
            Step::Problem {
                index,
                span,
                problem,
            } => {
                // The first piece is not a tag, or not one DMARC knows: no `v=DMARC1`.
                let first_not_known = index == 0
                    && matches!(
                        problem,
                        TagProblem::Malformed
                            | TagProblem::InvalidCharacter(_)
                            | TagProblem::Unknown(_)
                    );
                if first_not_known {
                    issues.push(ParseIssue::new(span.clone(), DmarcIssue::NotDmarc));
                }
                issues.extend(issue(problem).map(|kind| ParseIssue::new(span, kind)));
            }
            Step::Known { index, name, tag } => {
                if index == 0 {
                    version_ok = read_version(&mut issues, name, &tag);
                }
                if name == "p" {
                    policy_index = Some(index);
                }
                apply(&mut record, &mut issues, name, &tag);
            }
        }
    }
    record.unknown = walk.unknown;
    record.spans = walk.spans;
    if walk.pieces == 0 {
        issues.push(ParseIssue::new(0..text.len(), DmarcIssue::NotDmarc));
    }
    match policy_index {
        None => issues.push(ParseIssue::new(0..text.len(), DmarcIssue::MissingPolicy)),
        Some(idx) if version_ok && idx != 1 => {
            let span = record.span_of("p").unwrap_or(0..text.len());
            issues.push(ParseIssue::new(span, DmarcIssue::PolicyNotSecond));
        }
        _ => {}
    }
    (record, issues)
}

/// Reads the first tag as the version; says whether it is `v=DMARC1` (in any case).
fn read_version(issues: &mut Issues, name: &str, tag: &RawTag<'_>) -> bool {
    if name != "v" {
        issues.push(ParseIssue::new(tag.span.clone(), DmarcIssue::NotDmarc));
        false
    } else if tag.value == "DMARC1" {
        true
    } else if tag.value.eq_ignore_ascii_case("DMARC1") {
        let kind = DmarcIssue::VersionCase;
        issues.push(ParseIssue::new(tag.value_span.clone(), kind));
        true
    } else {
        issues.push(ParseIssue::new(tag.span.clone(), DmarcIssue::NotDmarc));
        false
    }
}

/// A tag-list problem in this record's words.
fn issue(problem: TagProblem<'_>) -> Option<DmarcIssue> {
    Some(match problem {
        TagProblem::Malformed => DmarcIssue::MalformedTag,
        TagProblem::InvalidCharacter(ch) => DmarcIssue::InvalidCharacter(ch),
        TagProblem::OtherCase(name) => DmarcIssue::TagCase(name.to_owned()),
        TagProblem::Unknown(name) | TagProblem::BadExtension(name) => {
            DmarcIssue::UnknownTag(name.to_owned())
        }
        TagProblem::Duplicate(name) => DmarcIssue::DuplicateTag(name.to_owned()),
        // Whitespace around `=` is allowed (RFC 6376 §3.2's FWS, which DMARC uses).
        TagProblem::SpaceAroundEquals => return None,
        // The record does not start with `v=DMARC1`: `NotDmarc` says so.
        TagProblem::VersionNotFirst => return None,
    })
}

type Issues = Vec<ParseIssue<DmarcIssue>>;

fn invalid(issues: &mut Issues, span: Range<usize>, tag: &str, value: &str) {
    let kind = DmarcIssue::InvalidValue {
        tag: tag.to_owned(),
        value: value.to_owned(),
    };
    issues.push(ParseIssue::new(span, kind));
}

/// Reads one known tag into the record, or reports its value.
fn apply(record: &mut DmarcRecord, issues: &mut Issues, name: &'static str, tag: &RawTag<'_>) {
    let value = tag.value;
    let span = tag.value_span.clone();
    let ok = match name {
        "v" => true,
        "p" => set(&mut record.policy, parse_policy(value)),
        "sp" => set(&mut record.subdomain_policy, parse_policy(value)),
        "np" => set(&mut record.non_existent_policy, parse_policy(value)),
        "rua" | "ruf" => {
            let uris = report_uris(issues, name, value, span.start);
            let target = if name == "rua" {
                &mut record.rua
            } else {
                &mut record.ruf
            };
            *target = uris;
            true
        }
        "adkim" => set(&mut record.adkim, parse_alignment(value)),
        "aspf" => set(&mut record.aspf, parse_alignment(value)),
        "ri" => set(&mut record.report_interval, digits(value, 10)),
        "pct" => set(
            &mut record.percent,
            digits(value, 3)
                .filter(|pct| *pct <= 100)
                .and_then(|pct| u8::try_from(pct).ok()),
        ),
        "psd" => set(
            &mut record.psd,
            match value.to_ascii_lowercase().as_str() {
                "y" => Some(PsdFlag::Yes),
                "n" => Some(PsdFlag::No),
                "u" => Some(PsdFlag::Unspecified),
                _ => None,
            },
        ),
        "t" => set(
            &mut record.testing,
            match value.to_ascii_lowercase().as_str() {
                "y" => Some(true),
                "n" => Some(false),
                _ => None,
            },
        ),
        "fo" => {
            record.failure_options = list(issues, name, value, span.start, |option| {
                Some(match option.to_ascii_lowercase().as_str() {
                    "0" => FailureOption::AllFail,
                    "1" => FailureOption::AnyFail,
                    "d" => FailureOption::Dkim,
                    "s" => FailureOption::Spf,
                    _ => return None,
                })
            });
            true
        }
        "rf" => {
            record.report_formats = list(issues, name, value, span.start, |format| {
                is_keyword(format).then(|| format.to_ascii_lowercase())
            });
            for (format, span) in split_list(value, span.start, ':') {
                if is_keyword(format) && !format.eq_ignore_ascii_case("afrf") {
                    let kind = DmarcIssue::UnknownValue {
                        tag: name.to_owned(),
                        value: format.to_owned(),
                    };
                    issues.push(ParseIssue::new(span, kind));
                }
            }
            true
        }
        _ => true,
    };
    if !ok {
        invalid(issues, span, name, value);
    }
}

/// Stores `value` if there is one; says whether there was.
fn set<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    let ok = value.is_some();
    *slot = value;
    ok
}

fn parse_policy(value: &str) -> Option<Policy> {
    match value.to_ascii_lowercase().as_str() {
        "none" => Some(Policy::None),
        "quarantine" => Some(Policy::Quarantine),
        "reject" => Some(Policy::Reject),
        _ => None,
    }
}

fn parse_alignment(value: &str) -> Option<Alignment> {
    match value.to_ascii_lowercase().as_str() {
        "r" => Some(Alignment::Relaxed),
        "s" => Some(Alignment::Strict),
        _ => None,
    }
}

/// `1*DIGIT`, at most `max_len` digits, as a `u32`.
fn digits(value: &str, max_len: usize) -> Option<u32> {
    let valid =
        !value.is_empty() && value.len() <= max_len && value.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| value.parse().ok()).flatten()
}

/// `Keyword = Ldh-str` (RFC 5321): letters, digits and inner hyphens.
fn is_keyword(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !text.ends_with('-')
}

/// A `:`-separated list; bad elements are reported and left out.
fn list<T>(
    issues: &mut Issues,
    name: &str,
    value: &str,
    offset: usize,
    read: impl Fn(&str) -> Option<T>,
) -> Vec<T> {
    let mut items = Vec::new();
    for (element, span) in split_list(value, offset, ':') {
        match read(element) {
            Some(item) => items.push(item),
            None => invalid(issues, span, name, element),
        }
    }
    items
}

/// `dmarc-uri *(*WSP "," *WSP dmarc-uri)`; bad URIs are reported and left out.
fn report_uris(issues: &mut Issues, name: &str, value: &str, offset: usize) -> Vec<ReportUri> {
    let mut uris = Vec::new();
    for (element, span) in split_list(value, offset, ',') {
        match report_uri(element) {
            Some(uri) => uris.push(uri),
            None => invalid(issues, span, name, element),
        }
    }
    uris
}

fn report_uri(text: &str) -> Option<ReportUri> {
    let (uri, max_size) = match text.rsplit_once('!') {
        Some((uri, limit)) => (uri, Some(size_limit(limit)?)),
        None => (text, None),
    };
    is_report_uri(uri).then(|| ReportUri {
        uri: uri.to_owned(),
        max_size,
    })
}

/// `1*DIGIT [ "k" / "m" / "g" / "t" ]`.
fn size_limit(text: &str) -> Option<SizeLimit> {
    let digit_len = text.bytes().take_while(u8::is_ascii_digit).count();
    let unit = match text[digit_len..].to_ascii_lowercase().as_str() {
        "" => None,
        "k" => Some(SizeUnit::Kilo),
        "m" => Some(SizeUnit::Mega),
        "g" => Some(SizeUnit::Giga),
        "t" => Some(SizeUnit::Tera),
        _ => return None,
    };
    let value = text[..digit_len].parse().ok()?;
    Some(SizeLimit { value, unit })
}

#[cfg(test)]
mod tests;
