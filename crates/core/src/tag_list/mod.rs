//! The `tag=value` list of DKIM key records (RFC 6376 §3.2), which DMARC, MTA-STS,
//! TLS-RPT and BIMI records borrow: the types those parsers share, and the tokenizer
//! they all start from.
//!
//! ```text
//! tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
//! tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
//! tag-name  =  ALPHA *ALNUMPUNC
//! tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
//!                   ; Prohibits WSP and FWS at beginning and end
//! tval      =  1*VALCHAR
//! VALCHAR   =  %x21-3A / %x3C-7E
//!                   ; EXCLAMATION to TILDE except SEMICOLON
//! ALNUMPUNC =  ALPHA / DIGIT / "_"
//! ```
//!
//! The tokenizer is lenient where the protocols differ (whitespace around `=`, `-` and
//! `.` in names, which MTA-STS and TLS-RPT extensions allow) and records what it saw,
//! so each protocol's parser decides what is an issue. [`walk`] goes over a whole list
//! and reports the problems the protocols share; each maps them to its own issues.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

mod walk;

pub(crate) use walk::{Grammar, KeepUnknown, LateVersion, OtherCase, Step, TagProblem, walk};

/// Where one tag stood in the parsed text. Records built in code have none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagSpan {
    /// The tag name: the canonical spelling for known tags, as written for unknown ones.
    pub name: String,
    /// Bytes of the whole `name=value`, without the whitespace around it.
    pub span: Range<usize>,
}

/// A tag the parser does not know. Receivers ignore it; it is kept so that the record
/// prints back as it was published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownTag {
    /// The name, as written.
    pub name: String,
    /// The value, without the whitespace around it.
    pub value: String,
}

impl fmt::Display for UnknownTag {
    /// `name=value`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)
    }
}

/// The span of the tag called `name` in `spans`, if the record was parsed from text.
pub(crate) fn span_of(spans: &[TagSpan], name: &str) -> Option<Range<usize>> {
    spans
        .iter()
        .find(|tag| tag.name == name)
        .map(|tag| tag.span.clone())
}

/// One `name=value` as written.
#[derive(Clone, Debug)]
pub(crate) struct RawTag<'a> {
    pub name: &'a str,
    pub value: &'a str,
    /// The whole tag-spec, trimmed.
    pub span: Range<usize>,
    pub value_span: Range<usize>,
    /// Whitespace stood between the name and `=`, or between `=` and the value.
    pub spaced_equals: bool,
}

/// Why a `;`-separated piece is not a tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawTagError {
    /// No `=`, or no name before it, or a name with characters names cannot have.
    Malformed,
    /// A control character or a non-ASCII character.
    InvalidCharacter(char),
}

pub(crate) type RawItem<'a> = Result<RawTag<'a>, (Range<usize>, RawTagError)>;

/// Whitespace as the tag-list grammar allows it: WSP, and the CR LF of FWS.
pub(crate) fn is_space(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\r' | '\n')
}

/// `text[range]` without the whitespace around it, as a range of `text`.
pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start_matches(is_space).len());
    let end = range.end - (piece.len() - piece.trim_end_matches(is_space).len());
    start..end.max(start)
}

/// Splits `text` at `separator` into trimmed pieces with their spans, keeping empty
/// ones (as empty spans) for lists where an empty element is itself an error
/// (`rua=a,,b`). `offset` is where `text` starts in the record.
pub(crate) fn split_list(text: &str, offset: usize, separator: char) -> Vec<(&str, Range<usize>)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (idx, ch) in text.char_indices().chain([(text.len(), separator)]) {
        if ch != separator {
            continue;
        }
        let range = trim_range(text, start..idx);
        pieces.push((
            &text[range.clone()],
            offset + range.start..offset + range.end,
        ));
        start = idx + ch.len_utf8();
    }
    pieces
}

/// Splits a record into its tags. Empty pieces (`;;`, a trailing `;`) are skipped.
pub(crate) fn split_tags(text: &str) -> Vec<RawItem<'_>> {
    split_list(text, 0, ';')
        .into_iter()
        .filter(|(piece, _)| !piece.is_empty())
        .map(|(piece, span)| raw_tag(text, piece, span))
        .collect()
}

fn raw_tag<'a>(text: &'a str, piece: &'a str, span: Range<usize>) -> RawItem<'a> {
    if let Some((idx, ch)) = piece
        .char_indices()
        .find(|(_, ch)| !ch.is_ascii_graphic() && !is_space(*ch))
    {
        let at = span.start + idx;
        return Err((at..at + ch.len_utf8(), RawTagError::InvalidCharacter(ch)));
    }
    let Some(equals) = piece.find('=') else {
        return Err((span, RawTagError::Malformed));
    };
    let name_range = trim_range(text, span.start..span.start + equals);
    let value_range = trim_range(text, span.start + equals + 1..span.end);
    let name = &text[name_range.clone()];
    let valid_name = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if !valid_name {
        return Err((span, RawTagError::Malformed));
    }
    Ok(RawTag {
        name,
        value: &text[value_range.clone()],
        spaced_equals: name_range.end != span.start + equals
            || (value_range.start != span.start + equals + 1),
        span,
        value_span: value_range,
    })
}

/// How a written tag name relates to the names a protocol knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameMatch {
    /// Spelled exactly as a known name.
    Exact(&'static str),
    /// A known name in another case (`P=` for `p=`).
    OtherCase(&'static str),
    /// Not a known name.
    Unknown,
}

/// Looks `name` up in `known`, exactly first, then without regard to case.
pub(crate) fn match_name(name: &str, known: &[&'static str]) -> NameMatch {
    if let Some(exact) = known.iter().find(|known| **known == name) {
        NameMatch::Exact(exact)
    } else if let Some(other) = known.iter().find(|known| known.eq_ignore_ascii_case(name)) {
        NameMatch::OtherCase(other)
    } else {
        NameMatch::Unknown
    }
}

/// `scheme ":" rest` with `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` and a
/// non-empty rest of visible ASCII (RFC 3986 §3.1; enough to catch typos, not a full
/// URI parser). Returns the scheme, lower-cased.
pub(crate) fn uri_scheme(text: &str) -> Option<String> {
    let (scheme, rest) = text.split_once(':')?;
    let valid_scheme = scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    let valid_rest = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_graphic());
    (valid_scheme && valid_rest).then(|| scheme.to_ascii_lowercase())
}

/// Whether `text` is a URI (see [`uri_scheme`]), with the schemes reports go to checked
/// further: `mailto:` needs an address, `https:` a `//` and a host.
pub(crate) fn is_report_uri(text: &str) -> bool {
    match uri_scheme(text).as_deref() {
        Some("mailto") => text[7..].contains('@'),
        Some("https") => text.len() > 8 && text[6..].starts_with("//"),
        Some(_) => true,
        None => false,
    }
}

/// `sts-ext-name "=" sts-ext-value` (RFC 8461 §3.1), the same as `tlsrpt-extension`
/// (RFC 8460 §3): a value of visible ASCII without `=` or `;`.
pub(crate) fn is_extension(name: &str, value: &str) -> bool {
    is_extension_name(name)
        && !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'=' && b != b';')
}

/// `(ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")`.
pub(crate) fn is_extension_name(name: &str) -> bool {
    name.len() <= 32
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_tags_with_spans() {
        let text = " v = DKIM1 ;p=AB CD;; x_y=1;";
        let tags: Vec<_> = split_tags(text)
            .into_iter()
            .map(|item| {
                let tag = item.expect("every piece is a tag");
                (tag.name, tag.value, tag.span, tag.spaced_equals)
            })
            .collect();
        assert_eq!(
            tags,
            vec![
                ("v", "DKIM1", 1..10, true),
                ("p", "AB CD", 12..19, false),
                ("x_y", "1", 22..27, false),
            ]
        );
    }

    #[test]
    fn reports_pieces_that_are_not_tags() {
        for (input, span, error) in [
            ("v=DKIM1; novalue", 9..16, RawTagError::Malformed),
            ("=x", 0..2, RawTagError::Malformed),
            ("a b=1", 0..5, RawTagError::Malformed),
            ("n=caf\u{e9}", 5..7, RawTagError::InvalidCharacter('\u{e9}')),
            ("n=a\u{7}b", 3..4, RawTagError::InvalidCharacter('\u{7}')),
        ] {
            let items = split_tags(input);
            let errors: Vec<_> = items.into_iter().filter_map(Result::err).collect();
            assert_eq!(errors, vec![(span, error)], "{input}");
        }
    }

    #[test]
    fn splits_lists_keeping_empty_elements() {
        assert_eq!(
            split_list("a , ,b", 10, ','),
            vec![("a", 10..11), ("", 14..14), ("b", 15..16)]
        );
    }

    #[test]
    fn recognises_report_uris() {
        for (input, expected) in [
            ("mailto:dmarc@example.com", true),
            ("MAILTO:dmarc@example.com", true),
            ("https://reports.example.com/tls", true),
            ("mailto:nobody", false),
            ("https:", false),
            ("https:/x", false),
            ("dmarc@example.com", false),
            ("1http://x", false),
        ] {
            assert_eq!(is_report_uri(input), expected, "{input}");
        }
    }
}
