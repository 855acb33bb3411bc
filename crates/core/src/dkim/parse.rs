//! The DKIM key record parser: every tag it can read, plus every problem with its span.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::key::{decode_base64, rsa_modulus_bits};
use super::{DkimKeyRecord, Flag, HashAlgorithm, KeyType, PublicKey, ServiceType};
use crate::parse_issue::ParseIssue;
use crate::tag_list::{
    Grammar, KeepUnknown, LateVersion, OtherCase, RawTag, Step, TagProblem, split_list, walk,
};

/// What can be wrong in a DKIM key record. [`DkimIssue::is_error`] tells the problems
/// that make verifiers unable to use the key from those they tolerate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum DkimIssue {
    /// `v=` is not the first tag (RFC 6376 §3.6.1: "This tag MUST be the first tag").
    VersionNotFirst,
    /// `v=` other than `DKIM1`: such records "MUST be discarded".
    BadVersion(String),
    /// No `p=` tag: it is REQUIRED.
    MissingKey,
    /// `p=` is not valid base64.
    BadBase64,
    /// `k=rsa` (or no `k=`), but `p=` is not a DER RSA public key.
    BadRsaKey,
    /// `k=ed25519`, but `p=` is not 32 bytes (RFC 8463 §4.2).
    BadEd25519Key {
        /// The decoded length in bytes.
        len: usize,
    },
    /// A key type verifiers do not know ("Unrecognized key types MUST be ignored").
    UnknownKeyType(String),
    /// A value outside the tag's grammar (`h=sha_256`, `t=`).
    InvalidValue {
        /// The tag.
        tag: String,
        /// The offending value (or list element), as written.
        value: String,
    },
    /// A well-formed hash algorithm, service type or flag RFC 6376 does not define;
    /// verifiers ignore it.
    UnknownValue {
        /// The tag.
        tag: String,
        /// The value, as written.
        value: String,
    },
    /// A tag given twice: "the entire tag-list is invalid" (RFC 6376 §3.2). This parser
    /// keeps the first.
    DuplicateTag(String),
    /// A tag RFC 6376 does not define ("Unrecognized tags MUST be ignored").
    UnknownTag(String),
    /// A known tag name in another case (`P=`). "Tags MUST be interpreted in a
    /// case-sensitive manner" (RFC 6376 §3.2), so verifiers ignore it: it is kept as an
    /// unknown tag, and what its absence breaks (`p=`, `k=`) is reported on its own.
    TagCase(String),
    /// A piece between `;` that is not `name=value`.
    MalformedTag,
    /// A control or non-ASCII character.
    InvalidCharacter(char),
}

impl DkimIssue {
    /// Whether verifiers reject the record or cannot use its key because of this
    /// problem, as opposed to a warning about a record that still works.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            DkimIssue::UnknownValue { .. } | DkimIssue::UnknownTag(_) | DkimIssue::TagCase(_)
        )
    }
}

/// RFC 6376 §3.2: "Tags MUST be interpreted in a case-sensitive manner", unrecognized
/// tags "MUST be ignored"; §3.6.1: `v=` is optional, but "MUST be the first tag".
const GRAMMAR: Grammar = Grammar {
    known: &["v", "h", "k", "n", "p", "s", "t"],
    other_case: OtherCase::AsUnknown,
    unknown: KeepUnknown::All,
    late_version: LateVersion::Read,
};

/// Parses a DKIM key record. Tags with problems are left out of the record and reported.
pub fn parse(text: &str) -> (DkimKeyRecord, Vec<ParseIssue<DkimIssue>>) {
    let mut record = DkimKeyRecord::default();
    let mut issues = Vec::new();
    let walk = walk(text, &GRAMMAR);
    for step in walk.steps {
        match step {
            Step::Problem { span, problem, .. } => {
                issues.extend(issue(problem).map(|kind| ParseIssue::new(span, kind)));
            }
            Step::Known { name, tag, .. } => apply(&mut record, &mut issues, name, &tag),
        }
    }
    record.unknown = walk.unknown;
    record.spans = walk.spans;
    check_key(&record, &mut issues, text.len());
    (record, issues)
}

/// A tag-list problem in this record's words.
fn issue(problem: TagProblem<'_>) -> Option<DkimIssue> {
    Some(match problem {
        TagProblem::Malformed => DkimIssue::MalformedTag,
        TagProblem::InvalidCharacter(ch) => DkimIssue::InvalidCharacter(ch),
        TagProblem::OtherCase(name) => DkimIssue::TagCase(name.to_owned()),
        TagProblem::Unknown(name) | TagProblem::BadExtension(name) => {
            DkimIssue::UnknownTag(name.to_owned())
        }
        TagProblem::Duplicate(name) => DkimIssue::DuplicateTag(name.to_owned()),
        TagProblem::VersionNotFirst => DkimIssue::VersionNotFirst,
        // Whitespace around `=` is allowed (`tag-spec`'s FWS).
        TagProblem::SpaceAroundEquals => return None,
    })
}

type Issues = Vec<ParseIssue<DkimIssue>>;

/// Reads one known tag into the record, or reports its value.
fn apply(record: &mut DkimKeyRecord, issues: &mut Issues, name: &'static str, tag: &RawTag<'_>) {
    let value = tag.value;
    let span = tag.value_span.clone();
    match name {
        "v" => {
            if value == "DKIM1" {
                record.version = true;
            } else {
                issues.push(ParseIssue::new(span, DkimIssue::BadVersion(value.into())));
            }
        }
        "h" => {
            record.hash_algorithms = words(issues, name, value, span.start, |word| match word {
                "sha1" => HashAlgorithm::Sha1,
                "sha256" => HashAlgorithm::Sha256,
                other => HashAlgorithm::Other(other.to_owned()),
            });
        }
        "k" => {
            record.key_type = match value {
                "rsa" => Some(KeyType::Rsa),
                "ed25519" => Some(KeyType::Ed25519),
                other if is_hyphenated_word(other) => {
                    let kind = DkimIssue::UnknownKeyType(other.to_owned());
                    issues.push(ParseIssue::new(span, kind));
                    Some(KeyType::Other(other.to_owned()))
                }
                other => {
                    invalid(issues, span, name, other);
                    None
                }
            };
        }
        "n" => record.notes = Some(value.to_owned()),
        "p" => {
            record.public_key = if value.is_empty() {
                Some(PublicKey::Revoked)
            } else if let Some(data) = decode_base64(value) {
                Some(PublicKey::Data(data))
            } else {
                issues.push(ParseIssue::new(span, DkimIssue::BadBase64));
                None
            };
        }
        "s" => {
            record.service_types = words(issues, name, value, span.start, |word| match word {
                "*" => ServiceType::All,
                "email" => ServiceType::Email,
                other => ServiceType::Other(other.to_owned()),
            });
        }
        "t" => {
            record.flags = words(issues, name, value, span.start, |word| match word {
                "y" => Flag::Testing,
                "s" => Flag::Strict,
                other => Flag::Other(other.to_owned()),
            });
        }
        _ => {}
    }
}

fn invalid(issues: &mut Issues, span: Range<usize>, tag: &str, value: &str) {
    let kind = DkimIssue::InvalidValue {
        tag: tag.to_owned(),
        value: value.to_owned(),
    };
    issues.push(ParseIssue::new(span, kind));
}

/// A `:`-separated list of hyphenated words (or `*` for `s=`). Malformed elements are
/// reported and left out; words `read` does not know (`Other`) are kept and reported
/// as warnings.
fn words<T>(
    issues: &mut Issues,
    name: &str,
    value: &str,
    offset: usize,
    read: impl Fn(&str) -> T,
) -> Vec<T> {
    let mut items = Vec::new();
    for (word, span) in split_list(value, offset, ':') {
        if !(is_hyphenated_word(word) || (name == "s" && word == "*")) {
            invalid(issues, span, name, word);
            continue;
        }
        let item = read(word);
        let known = match name {
            "h" => ["sha1", "sha256"].contains(&word),
            "s" => ["*", "email"].contains(&word),
            _ => ["y", "s"].contains(&word),
        };
        if !known {
            let kind = DkimIssue::UnknownValue {
                tag: name.to_owned(),
                value: word.to_owned(),
            };
            issues.push(ParseIssue::new(span, kind));
        }
        items.push(item);
    }
    items
}

/// `hyphenated-word = ALPHA [ *(ALPHA / DIGIT / "-") (ALPHA / DIGIT) ]`.
fn is_hyphenated_word(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// Reports a missing `p=` and a key that does not fit its type.
fn check_key(record: &DkimKeyRecord, issues: &mut Issues, text_len: usize) {
    let span = record.span_of("p");
    match (&record.public_key, span) {
        (Some(PublicKey::Data(data)), Some(span)) => match record.effective_key_type() {
            KeyType::Rsa if rsa_modulus_bits(data).is_none() => {
                issues.push(ParseIssue::new(span, DkimIssue::BadRsaKey));
            }
            KeyType::Ed25519 if data.len() != 32 => {
                let kind = DkimIssue::BadEd25519Key { len: data.len() };
                issues.push(ParseIssue::new(span, kind));
            }
            _ => {}
        },
        (None, None) => issues.push(ParseIssue::new(0..text_len, DkimIssue::MissingKey)),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
