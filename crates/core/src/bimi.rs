//! BIMI (draft-brand-indicators-for-message-identification): the assertion record a
//! domain publishes at `default._bimi.<domain>` to point at its logo, and its parser.
//!
//! The tag grammar, after the draft's "Assertion Record Definition" (the draft has
//! changed between versions; `avp` and `lps` are the newest tags):
//!
//! ```text
//! bimi-record    = bimi-version
//!                  (bimi-sep bimi-location)
//!                  [bimi-sep bimi-evidence]
//!                  [bimi-sep bimi-avatar]
//!                  [bimi-sep bimi-lps]
//!                  [bimi-sep]
//!                  ; components other than bimi-version may appear in any order
//! bimi-version   = "v" *WSP "=" *WSP %x42.49.4D.49.31      ; "BIMI1", exact case
//! bimi-sep       = *WSP %x3b *WSP
//! bimi-location  = "l" *WSP "=" *WSP [bimi-uri]          ; empty: declined
//! bimi-evidence  = "a" *WSP "=" *WSP [bimi-uri]          ; mark certificate (PEM)
//! bimi-avatar    = "avp" *WSP "=" *WSP ( "brand" / "personal" )
//! bimi-lps       = "lps" *WSP "=" *WSP [ prefix *( "," prefix ) ]
//! bimi-uri       = URI   ; HTTPS only; commas (ASCII 0x2C) MUST be encoded
//! ```

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::parse_issue::ParseIssue;
use crate::tag_list::{
    Grammar, KeepUnknown, LateVersion, OtherCase, RawTag, Step, TagProblem, TagSpan, UnknownTag,
    is_report_uri, span_of, split_tags, uri_scheme, walk,
};

/// Joins the character-strings of a BIMI TXT record. The draft: "the module performing
/// BIMI Assertion MUST concatenate these strings by joining together the objects in
/// order and parsing the result as a single string" (no spaces added).
pub fn join_txt(strings: &[String]) -> String {
    strings.concat()
}

/// A parsed BIMI assertion record (`v=BIMI1` is implied).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BimiRecord {
    /// `l`: where the logo (an SVG Tiny PS file) is, or that the domain declines to show
    /// one. `None` when the tag is missing or invalid.
    pub location: Option<BimiLocation>,
    /// `a`: the HTTPS URI of the mark certificate (VMC or CMC, a PEM file). `None` when
    /// absent or empty.
    pub authority: Option<String>,
    /// `avp`: whether mailbox providers should prefer the brand logo or a personal
    /// avatar.
    pub avatar_preference: Option<AvatarPreference>,
    /// `lps`: local-part selector prefixes, as written (not interpreted here).
    pub local_part_selectors: Option<String>,
    /// Tags the draft does not define ("unknown tags MUST be ignored").
    pub unknown: Vec<UnknownTag>,
    /// Where each tag stood, when parsed from text.
    pub spans: Vec<TagSpan>,
}

/// The `l=` value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BimiLocation {
    /// `l=` with no value: the domain declines to have a logo shown.
    Declined,
    /// The HTTPS URI of the logo.
    Logo(String),
}

/// `avp` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AvatarPreference {
    /// `brand`: show the BIMI logo even where the sender has a personal avatar.
    Brand,
    /// `personal`: show the sender's personal avatar where there is one.
    Personal,
}

impl BimiRecord {
    /// Whether `l=` is empty: the domain declines to have a logo shown.
    pub fn is_declined(&self) -> bool {
        self.location == Some(BimiLocation::Declined)
    }

    /// Where the tag `name` (canonical, lower-case) stood in the parsed text.
    pub fn span_of(&self, name: &str) -> Option<Range<usize>> {
        span_of(&self.spans, name)
    }
}

impl fmt::Display for BimiLocation {
    /// The `l=` value: the URI, or nothing for a declination.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BimiLocation::Declined => Ok(()),
            BimiLocation::Logo(uri) => f.write_str(uri),
        }
    }
}

impl fmt::Display for AvatarPreference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AvatarPreference::Brand => "brand",
            AvatarPreference::Personal => "personal",
        })
    }
}

impl fmt::Display for BimiRecord {
    /// Canonical form: `v=BIMI1`, `l`, `a`, `avp`, `lps`, then unknown tags, separated
    /// by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v=BIMI1")?;
        if let Some(location) = &self.location {
            write!(f, "; l={location}")?;
        }
        if let Some(authority) = &self.authority {
            write!(f, "; a={authority}")?;
        }
        if let Some(preference) = self.avatar_preference {
            write!(f, "; avp={preference}")?;
        }
        if let Some(selectors) = &self.local_part_selectors {
            write!(f, "; lps={selectors}")?;
        }
        for tag in &self.unknown {
            write!(f, "; {tag}")?;
        }
        Ok(())
    }
}

/// What can be wrong in a BIMI record. [`BimiIssue::is_error`] tells the problems that
/// keep receivers from showing the logo from those they tolerate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum BimiIssue {
    /// The record does not start with `v=BIMI1` ("The value of this tag MUST match
    /// precisely"); receivers discard it.
    NotBimi,
    /// No `l=` tag.
    MissingLocation,
    /// `l=` or `a=` is not a URI.
    InvalidValue {
        /// The tag, canonical.
        tag: String,
        /// The value, as written.
        value: String,
    },
    /// `l=` or `a=` is a URI, but not `https:`, the only transport the draft allows.
    NotHttps {
        /// The tag, canonical.
        tag: String,
        /// The value, as written.
        value: String,
    },
    /// An `avp` value the draft does not define; receivers ignore it.
    UnknownValue {
        /// The tag, canonical.
        tag: String,
        /// The value, as written.
        value: String,
    },
    /// A tag given twice; this parser keeps the first.
    DuplicateTag(String),
    /// A tag the draft does not define; ignored.
    UnknownTag(String),
    /// A known tag name in another case (`L=`).
    TagCase(String),
    /// A piece between `;` that is not `name=value`.
    MalformedTag,
    /// A control or non-ASCII character.
    InvalidCharacter(char),
}

impl BimiIssue {
    /// Whether receivers discard the record or cannot fetch the logo or certificate
    /// because of this problem, as opposed to a warning about a record that still works.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            BimiIssue::UnknownValue { .. } | BimiIssue::UnknownTag(_) | BimiIssue::TagCase(_)
        )
    }
}

/// Whether a TXT record is meant as a BIMI record: it starts with a `v` tag whose value
/// is exactly `BIMI1`.
pub fn is_bimi_record(text: &str) -> bool {
    matches!(
        split_tags(text).first(),
        Some(Ok(tag)) if tag.name.eq_ignore_ascii_case("v") && tag.value == "BIMI1"
    )
}

/// The draft: tag names are read without regard to case, unknown tags are ignored, and
/// the record must start with `v=BIMI1`.
const GRAMMAR: Grammar = Grammar {
    known: &["v", "l", "a", "avp", "lps"],
    other_case: OtherCase::AsKnown,
    unknown: KeepUnknown::All,
    late_version: LateVersion::Drop,
};

/// Parses a BIMI record. Tags with problems are left out of the record and reported.
pub fn parse(text: &str) -> (BimiRecord, Vec<ParseIssue<BimiIssue>>) {
    let mut record = BimiRecord::default();
    let mut issues = Vec::new();
    if !is_bimi_record(text) {
        let end = text.find(';').unwrap_or(text.len());
        issues.push(ParseIssue::new(0..end, BimiIssue::NotBimi));
    }
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
    if record.span_of("l").is_none() {
        issues.push(ParseIssue::new(0..text.len(), BimiIssue::MissingLocation));
    }
    (record, issues)
}

/// A tag-list problem in this record's words.
fn issue(problem: TagProblem<'_>) -> Option<BimiIssue> {
    Some(match problem {
        TagProblem::Malformed => BimiIssue::MalformedTag,
        TagProblem::InvalidCharacter(ch) => BimiIssue::InvalidCharacter(ch),
        TagProblem::OtherCase(name) => BimiIssue::TagCase(name.to_owned()),
        TagProblem::Unknown(name) | TagProblem::BadExtension(name) => {
            BimiIssue::UnknownTag(name.to_owned())
        }
        TagProblem::Duplicate(name) => BimiIssue::DuplicateTag(name.to_owned()),
        // Whitespace around `=` is allowed (RFC 6376 §3.2's FWS).
        TagProblem::SpaceAroundEquals => return None,
        // The record does not start with `v=BIMI1`: `NotBimi` says so.
        TagProblem::VersionNotFirst => return None,
    })
}

fn apply(
    record: &mut BimiRecord,
    issues: &mut Vec<ParseIssue<BimiIssue>>,
    name: &str,
    tag: &RawTag<'_>,
) {
    let value = tag.value;
    let span = tag.value_span.clone();
    let detail = || (name.to_owned(), value.to_owned());
    match name {
        "l" if value.is_empty() => record.location = Some(BimiLocation::Declined),
        // An empty `a=` says there is no certificate, the same as no `a=`.
        "a" if value.is_empty() => {}
        "l" | "a" => {
            let scheme = uri_scheme(value);
            if scheme.as_deref() == Some("https") && is_report_uri(value) {
                if name == "l" {
                    record.location = Some(BimiLocation::Logo(value.to_owned()));
                } else {
                    record.authority = Some(value.to_owned());
                }
            } else if scheme.is_some_and(|scheme| scheme != "https") {
                let (tag, value) = detail();
                issues.push(ParseIssue::new(span, BimiIssue::NotHttps { tag, value }));
            } else {
                let (tag, value) = detail();
                issues.push(ParseIssue::new(
                    span,
                    BimiIssue::InvalidValue { tag, value },
                ));
            }
        }
        "avp" => {
            record.avatar_preference = match value.to_ascii_lowercase().as_str() {
                "brand" => Some(AvatarPreference::Brand),
                "personal" => Some(AvatarPreference::Personal),
                _ => {
                    let (tag, value) = detail();
                    issues.push(ParseIssue::new(
                        span,
                        BimiIssue::UnknownValue { tag, value },
                    ));
                    None
                }
            };
        }
        "lps" => record.local_part_selectors = Some(value.to_owned()),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
