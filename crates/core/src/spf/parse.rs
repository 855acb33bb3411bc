//! The SPF record parser: every term it can read, plus every problem with its span.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{DualCidr, MacroString, Mechanism, Modifier, Qualifier, SpfRecord, Term, TermKind};
use crate::parse_issue::ParseIssue;

/// What can be wrong in an SPF record. Each one is a syntax error: RFC 7208 §4.6 makes
/// `check_host()` return `permerror` for any of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum SpfIssue {
    /// The text does not start with `v=spf1`.
    NotSpf,
    /// A character outside the grammar (control, non-ASCII, …).
    InvalidCharacter(char),
    /// A `%` that does not start a valid macro.
    BadMacro,
    /// A mechanism name RFC 7208 does not define.
    UnknownMechanism(String),
    /// A mechanism that needs a domain (`include:`, `exists:`) has none.
    MissingDomain,
    /// A domain-spec whose last label cannot be a top-level label (RFC 7208 §7.1 `domain-end`).
    BadDomainEnd,
    /// Text after a mechanism that takes no argument (`all`).
    UnexpectedArgument,
    /// Not an IPv4 network.
    BadIp4,
    /// Not an IPv6 network.
    BadIp6,
    /// A CIDR length that is malformed or too long.
    BadCidr,
    /// `redirect=` or `exp=` given twice.
    DuplicateModifier(String),
}

/// Whether a TXT record is an SPF record: `v=spf1`, then a space or the end
/// (RFC 7208 §4.5). Case-insensitive.
pub fn is_spf_record(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 6
        && bytes[..6].eq_ignore_ascii_case(b"v=spf1")
        && (bytes.len() == 6 || bytes[6] == b' ')
}

/// Parses an SPF record. Terms with errors are left out of the record and reported.
pub fn parse(text: &str) -> (SpfRecord, Vec<ParseIssue<SpfIssue>>) {
    let mut record = SpfRecord { terms: Vec::new() };
    let mut issues = Vec::new();
    if !is_spf_record(text) {
        issues.push(ParseIssue::new(0..text.len(), SpfIssue::NotSpf));
        return (record, issues);
    }
    let mut offset = 6;
    for piece in text[6..].split(' ') {
        let start = offset;
        offset += piece.len() + 1;
        if piece.is_empty() {
            continue;
        }
        let span = start..start + piece.len();
        match parse_term(piece, start) {
            Ok(kind) => record.terms.push(Term { kind, span }),
            Err((span, issue)) => issues.push(ParseIssue::new(span, issue)),
        }
    }
    for name in ["redirect", "exp"] {
        let mut seen = record.terms.iter().filter(|term| match &term.kind {
            TermKind::Modifier(Modifier::Redirect(_)) => name == "redirect",
            TermKind::Modifier(Modifier::Exp(_)) => name == "exp",
            _ => false,
        });
        if let (Some(_), Some(second)) = (seen.next(), seen.next()) {
            issues.push(ParseIssue::new(
                second.span.clone(),
                SpfIssue::DuplicateModifier(name.into()),
            ));
        }
    }
    (record, issues)
}

type TermResult<T> = Result<T, (Range<usize>, SpfIssue)>;

fn parse_term(piece: &str, offset: usize) -> TermResult<TermKind> {
    let span = offset..offset + piece.len();
    if let Some(bad) = piece.char_indices().find(|(_, ch)| !ch.is_ascii_graphic()) {
        let at = offset + bad.0;
        return Err((at..at + bad.1.len_utf8(), SpfIssue::InvalidCharacter(bad.1)));
    }
    // name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ), then "=": a modifier.
    let name_len = piece
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        .count();
    if name_len > 0
        && piece.as_bytes()[0].is_ascii_alphabetic()
        && piece[name_len..].starts_with('=')
    {
        let name = &piece[..name_len];
        let value = &piece[name_len + 1..];
        let value_offset = offset + name_len + 1;
        let modifier = if name.eq_ignore_ascii_case("redirect") {
            Modifier::Redirect(domain_spec(value, value_offset)?)
        } else if name.eq_ignore_ascii_case("exp") {
            Modifier::Exp(domain_spec(value, value_offset)?)
        } else {
            let value = MacroString::parse(value, value_offset, false)?;
            Modifier::Unknown {
                name: name.to_owned(),
                value,
            }
        };
        return Ok(TermKind::Modifier(modifier));
    }
    let (qualifier, body, body_offset) = match piece.as_bytes()[0] {
        b'+' => (Qualifier::Pass, &piece[1..], offset + 1),
        b'-' => (Qualifier::Fail, &piece[1..], offset + 1),
        b'~' => (Qualifier::SoftFail, &piece[1..], offset + 1),
        b'?' => (Qualifier::Neutral, &piece[1..], offset + 1),
        _ => (Qualifier::Pass, piece, offset),
    };
    let name_end = body.find([':', '/']).unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    let rest = &body[name_end..];
    let rest_offset = body_offset + name_end;
    let mechanism = match name.as_str() {
        "all" => {
            if !rest.is_empty() {
                return Err((span, SpfIssue::UnexpectedArgument));
            }
            Mechanism::All
        }
        "include" => Mechanism::Include(required_domain(rest, rest_offset, &span)?),
        "exists" => Mechanism::Exists(required_domain(rest, rest_offset, &span)?),
        "ptr" => Mechanism::Ptr(optional_domain(rest, rest_offset)?),
        "a" | "mx" => {
            let (target, cidr) = split_dual_cidr(rest).ok_or((span.clone(), SpfIssue::BadCidr))?;
            let domain = optional_domain(target, rest_offset)?;
            if name == "a" {
                Mechanism::A(domain, cidr)
            } else {
                Mechanism::Mx(domain, cidr)
            }
        }
        "ip4" => {
            let text = rest
                .strip_prefix(':')
                .ok_or((span.clone(), SpfIssue::BadIp4))?;
            let (addr, prefix) = split_prefix(text, 32).ok_or((span.clone(), SpfIssue::BadCidr))?;
            let addr: Ipv4Addr = addr.parse().map_err(|_| (span.clone(), SpfIssue::BadIp4))?;
            Mechanism::Ip4(addr, prefix)
        }
        "ip6" => {
            let text = rest
                .strip_prefix(':')
                .ok_or((span.clone(), SpfIssue::BadIp6))?;
            let (addr, prefix) =
                split_prefix(text, 128).ok_or((span.clone(), SpfIssue::BadCidr))?;
            let addr: Ipv6Addr = addr.parse().map_err(|_| (span.clone(), SpfIssue::BadIp6))?;
            Mechanism::Ip6(addr, prefix)
        }
        _ => return Err((span, SpfIssue::UnknownMechanism(name))),
    };
    Ok(TermKind::Directive(qualifier, mechanism))
}

fn required_domain(rest: &str, offset: usize, span: &Range<usize>) -> TermResult<MacroString> {
    match rest.strip_prefix(':') {
        Some(text) => domain_spec(text, offset + 1),
        None => Err((span.clone(), SpfIssue::MissingDomain)),
    }
}

fn optional_domain(rest: &str, offset: usize) -> TermResult<Option<MacroString>> {
    if rest.is_empty() {
        return Ok(None);
    }
    match rest.strip_prefix(':') {
        Some(text) => domain_spec(text, offset + 1).map(Some),
        None => Err((offset..offset + rest.len(), SpfIssue::UnexpectedArgument)),
    }
}

/// `domain-spec = macro-string domain-end`,
/// `domain-end = ( "." toplabel [ "." ] ) / macro-expand`.
fn domain_spec(text: &str, offset: usize) -> TermResult<MacroString> {
    let span = offset..offset + text.len();
    if text.is_empty() {
        return Err((span, SpfIssue::MissingDomain));
    }
    let spec = MacroString::parse(text, offset, false)?;
    if spec.ends_with_macro() {
        return Ok(spec);
    }
    let tail = spec.trailing_literal().unwrap_or_default();
    let tail = tail.strip_suffix('.').unwrap_or(tail);
    match tail.rsplit_once('.') {
        Some((_, top)) if is_toplabel(top) => Ok(spec),
        _ => Err((span, SpfIssue::BadDomainEnd)),
    }
}

/// `toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )`
fn is_toplabel(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes.iter().any(|b| b.is_ascii_alphabetic() || *b == b'-')
}

/// Splits `[":" domain-spec] [ "/" v4 ] [ "//" v6 ]` into the target and the lengths.
fn split_dual_cidr(text: &str) -> Option<(&str, DualCidr)> {
    let mut rest = text;
    let mut cidr = DualCidr::default();
    if let Some(pos) = rest.rfind("//") {
        cidr.v6 = Some(cidr_length(&rest[pos + 2..], 128)?);
        rest = &rest[..pos];
    }
    if let Some(pos) = rest.rfind('/') {
        let digits = &rest[pos + 1..];
        // A `/` inside a domain-spec macro literal is legal; only trailing digits form a length.
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            cidr.v4 = Some(cidr_length(digits, 32)?);
            rest = &rest[..pos];
        } else if rest.starts_with('/') || digits.is_empty() {
            return None;
        }
    }
    Some((rest, cidr))
}

fn split_prefix(text: &str, max: u8) -> Option<(&str, Option<u8>)> {
    match text.rsplit_once('/') {
        Some((addr, length)) => Some((addr, Some(cidr_length(length, max)?))),
        None => Some((text, None)),
    }
}

/// `"0" / %x31-39 0*1DIGIT` (or up to three digits for IPv6), at most `max`.
fn cidr_length(text: &str, max: u8) -> Option<u8> {
    if text.is_empty()
        || !text.bytes().all(|b| b.is_ascii_digit())
        || (text.len() > 1 && text.starts_with('0'))
    {
        return None;
    }
    let value: u16 = text.parse().ok()?;
    (value <= u16::from(max)).then_some(value as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_canonically() {
        for (input, canonical) in [
            ("v=spf1 -all", "v=spf1 -all"),
            ("V=SPF1 +MX ~ALL", "v=spf1 mx ~all"),
            (
                "v=spf1  a:mail.example.com/24//64  ?include:_spf.google.com",
                "v=spf1 a:mail.example.com/24//64 ?include:_spf.google.com",
            ),
            (
                "v=spf1 ip4:192.0.2.0/24 ip6:2001:DB8::/32 -all",
                "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all",
            ),
            (
                "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} redirect=_spf.example.com",
                "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} redirect=_spf.example.com",
            ),
            (
                "v=spf1 mx/24 a//64 ptr exp=explain.%{d} x-foo=%{S}",
                "v=spf1 mx/24 a//64 ptr exp=explain.%{d} x-foo=%{S}",
            ),
            ("v=spf1", "v=spf1"),
        ] {
            let (record, issues) = parse(input);
            assert!(issues.is_empty(), "{input}: {issues:?}");
            assert_eq!(record.to_string(), canonical, "{input}");
            let (again, issues) = parse(&record.to_string());
            assert!(
                issues.is_empty() && again.terms.len() == record.terms.len(),
                "{input}"
            );
            assert_eq!(again.to_string(), canonical);
        }
    }

    #[test]
    fn reports_each_error_with_its_span() {
        for (input, span, issue) in [
            ("v=spf2 -all", 0..11, SpfIssue::NotSpf),
            (
                "v=spf1 foo -all",
                7..10,
                SpfIssue::UnknownMechanism("foo".into()),
            ),
            ("v=spf1 include -all", 7..14, SpfIssue::MissingDomain),
            ("v=spf1 a:1.2.3.4 -all", 9..16, SpfIssue::BadDomainEnd),
            ("v=spf1 ip4:192.0.2.1/33", 7..23, SpfIssue::BadCidr),
            ("v=spf1 ip4:192.0.2.256", 7..22, SpfIssue::BadIp4),
            ("v=spf1 a:%{q}.com", 9..13, SpfIssue::BadMacro),
            (
                "v=spf1 a:ex\u{e9}.com",
                11..13,
                SpfIssue::InvalidCharacter('\u{e9}'),
            ),
            (
                "v=spf1 redirect=a.com redirect=b.com",
                22..36,
                SpfIssue::DuplicateModifier("redirect".into()),
            ),
            ("v=spf1 all:x", 7..12, SpfIssue::UnexpectedArgument),
        ] {
            let (_, issues) = parse(input);
            assert_eq!(issues, vec![ParseIssue::new(span, issue)], "{input}");
        }
    }

    #[test]
    fn keeps_good_terms_next_to_bad_ones() {
        let (record, issues) = parse("v=spf1 mx foo include:_spf.example.com -all");
        assert_eq!(issues.len(), 1);
        assert_eq!(
            record.to_string(),
            "v=spf1 mx include:_spf.example.com -all"
        );
    }
}
