//! SPF macros (RFC 7208 §7).
//!
//! ```text
//! macro-string     = *( macro-expand / macro-literal )
//! macro-expand     = ( "%{" macro-letter transformers *delimiter "}" )
//!                    / "%%" / "%_" / "%-"
//! macro-literal    = %x21-24 / %x26-7E
//! macro-letter     = "s" / "l" / "o" / "d" / "i" / "p" / "h" / "c" / "r" / "t" / "v"
//! transformers     = *DIGIT [ "r" ]
//! delimiter        = "." / "-" / "+" / "," / "/" / "_" / "="
//! explain-string   = *( macro-string / SP )
//! ```

use std::fmt;
use std::net::IpAddr;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::parse::SpfIssue;

/// A string that may contain macros: a domain-spec or an explanation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MacroString {
    /// Literal text and macros, in order.
    pub parts: Vec<MacroPart>,
}

/// One piece of a [`MacroString`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MacroPart {
    /// Text copied as it is.
    Literal(String),
    /// `%{…}`.
    Macro {
        /// Which value.
        letter: MacroLetter,
        /// Upper-case letter: URL-escape the value.
        url_escape: bool,
        /// Keep only this many right-hand parts (never 0).
        digits: Option<u32>,
        /// `r`: reverse the parts first.
        reverse: bool,
        /// Characters to split on (default `.`).
        delimiters: String,
    },
    /// `%%`: a percent sign.
    Percent,
    /// `%_`: a space.
    Space,
    /// `%-`: a URL-encoded space, `%20`.
    UrlSpace,
}

/// `macro-letter`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MacroLetter {
    /// `s`: the sender, `local-part@domain`.
    Sender,
    /// `l`: the sender's local-part.
    Local,
    /// `o`: the sender's domain.
    SenderDomain,
    /// `d`: the domain being checked.
    Domain,
    /// `i`: the client IP, dotted (IPv6: nibbles).
    Ip,
    /// `p`: the client's validated domain name (discouraged).
    ValidatedName,
    /// `v`: `in-addr` or `ip6`.
    IpVersion,
    /// `h`: the HELO/EHLO name.
    Helo,
    /// `c`: the client IP in readable form (explanations only).
    ClientIp,
    /// `r`: the receiving host (explanations only).
    Receiver,
    /// `t`: the current timestamp (explanations only).
    Timestamp,
}

impl MacroLetter {
    fn from_char(ch: char) -> Option<MacroLetter> {
        Some(match ch.to_ascii_lowercase() {
            's' => MacroLetter::Sender,
            'l' => MacroLetter::Local,
            'o' => MacroLetter::SenderDomain,
            'd' => MacroLetter::Domain,
            'i' => MacroLetter::Ip,
            'p' => MacroLetter::ValidatedName,
            'v' => MacroLetter::IpVersion,
            'h' => MacroLetter::Helo,
            'c' => MacroLetter::ClientIp,
            'r' => MacroLetter::Receiver,
            't' => MacroLetter::Timestamp,
            _ => return None,
        })
    }

    fn as_char(self) -> char {
        match self {
            MacroLetter::Sender => 's',
            MacroLetter::Local => 'l',
            MacroLetter::SenderDomain => 'o',
            MacroLetter::Domain => 'd',
            MacroLetter::Ip => 'i',
            MacroLetter::ValidatedName => 'p',
            MacroLetter::IpVersion => 'v',
            MacroLetter::Helo => 'h',
            MacroLetter::ClientIp => 'c',
            MacroLetter::Receiver => 'r',
            MacroLetter::Timestamp => 't',
        }
    }

    /// `c`, `r` and `t` are allowed only in explanations (RFC 7208 §7.2).
    fn only_in_explanations(self) -> bool {
        matches!(
            self,
            MacroLetter::ClientIp | MacroLetter::Receiver | MacroLetter::Timestamp
        )
    }
}

const DELIMITERS: &str = ".-+,/_=";

impl MacroString {
    /// Parses `text`, which starts at byte `offset` of the record (for spans).
    /// `explanation` allows spaces and the `c`, `r`, `t` letters.
    pub(crate) fn parse(
        text: &str,
        offset: usize,
        explanation: bool,
    ) -> Result<MacroString, (Range<usize>, SpfIssue)> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((idx, ch)) = chars.next() {
            let at = offset + idx;
            if ch != '%' {
                let allowed = ch.is_ascii_graphic() || (explanation && ch == ' ');
                if !allowed {
                    return Err((at..at + ch.len_utf8(), SpfIssue::InvalidCharacter(ch)));
                }
                literal.push(ch);
                continue;
            }
            if !literal.is_empty() {
                parts.push(MacroPart::Literal(std::mem::take(&mut literal)));
            }
            let part = match chars.next() {
                Some((_, '%')) => MacroPart::Percent,
                Some((_, '_')) => MacroPart::Space,
                Some((_, '-')) => MacroPart::UrlSpace,
                Some((_, '{')) => {
                    let close = text[idx..].find('}').map(|rel| idx + rel);
                    let Some(close) = close else {
                        return Err((at..offset + text.len(), SpfIssue::BadMacro));
                    };
                    let body = &text[idx + 2..close];
                    let span = at..offset + close + 1;
                    let part =
                        parse_macro_body(body, explanation).ok_or((span, SpfIssue::BadMacro))?;
                    while chars.peek().is_some_and(|(next, _)| *next <= close) {
                        chars.next();
                    }
                    part
                }
                _ => return Err((at..(at + 2).min(offset + text.len()), SpfIssue::BadMacro)),
            };
            parts.push(part);
        }
        if !literal.is_empty() {
            parts.push(MacroPart::Literal(literal));
        }
        Ok(MacroString { parts })
    }

    /// Whether the string ends with a macro (which the `domain-end` rule accepts in
    /// place of a top label).
    pub(crate) fn ends_with_macro(&self) -> bool {
        matches!(self.parts.last(), Some(MacroPart::Macro { .. }))
    }

    /// The trailing literal text, if the string ends with a literal.
    pub(crate) fn trailing_literal(&self) -> Option<&str> {
        match self.parts.last() {
            Some(MacroPart::Literal(text)) => Some(text),
            _ => None,
        }
    }

    /// Whether any macro uses `letter`.
    pub(crate) fn uses(&self, letter: MacroLetter) -> bool {
        self.parts
            .iter()
            .any(|part| matches!(part, MacroPart::Macro { letter: used, .. } if *used == letter))
    }

    /// Expands the string (RFC 7208 §7.3).
    pub(crate) fn expand(&self, context: &MacroContext<'_>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                MacroPart::Literal(text) => out.push_str(text),
                MacroPart::Percent => out.push('%'),
                MacroPart::Space => out.push(' '),
                MacroPart::UrlSpace => out.push_str("%20"),
                MacroPart::Macro {
                    letter,
                    url_escape,
                    digits,
                    reverse,
                    delimiters,
                } => {
                    let value = context.value(*letter);
                    let delimiters = if delimiters.is_empty() {
                        "."
                    } else {
                        delimiters.as_str()
                    };
                    let mut pieces: Vec<&str> = value.split(|ch| delimiters.contains(ch)).collect();
                    if *reverse {
                        pieces.reverse();
                    }
                    if let Some(keep) = digits {
                        let keep = (*keep as usize).min(pieces.len());
                        pieces.drain(..pieces.len() - keep);
                    }
                    let joined = pieces.join(".");
                    if *url_escape {
                        out.push_str(&url_escape_text(&joined));
                    } else {
                        out.push_str(&joined);
                    }
                }
            }
        }
        out
    }
}

fn parse_macro_body(body: &str, explanation: bool) -> Option<MacroPart> {
    let mut chars = body.chars();
    let letter_char = chars.next()?;
    let letter = MacroLetter::from_char(letter_char)?;
    if letter.only_in_explanations() && !explanation {
        return None;
    }
    let rest = chars.as_str();
    let digit_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let digits = if digit_len == 0 {
        None
    } else {
        // Huge counts mean "all parts"; zero is forbidden (RFC 7208 §7.3).
        let count = rest[..digit_len].parse::<u32>().unwrap_or(u32::MAX);
        if count == 0 {
            return None;
        }
        Some(count)
    };
    let mut rest = &rest[digit_len..];
    let reverse = rest.starts_with(['r', 'R']);
    if reverse {
        rest = &rest[1..];
    }
    if !rest.chars().all(|ch| DELIMITERS.contains(ch)) {
        return None;
    }
    Some(MacroPart::Macro {
        letter,
        url_escape: letter_char.is_ascii_uppercase(),
        digits,
        reverse,
        delimiters: rest.to_owned(),
    })
}

fn url_escape_text(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The values macros expand to.
pub(crate) struct MacroContext<'a> {
    pub sender_local: &'a str,
    pub sender_domain: &'a str,
    pub domain: &'a str,
    pub ip: IpAddr,
    pub helo: &'a str,
    pub validated_name: &'a str,
    pub receiver: &'a str,
    pub timestamp: u64,
}

impl MacroContext<'_> {
    fn value(&self, letter: MacroLetter) -> String {
        match letter {
            MacroLetter::Sender => format!("{}@{}", self.sender_local, self.sender_domain),
            MacroLetter::Local => self.sender_local.to_owned(),
            MacroLetter::SenderDomain => self.sender_domain.to_owned(),
            MacroLetter::Domain => self.domain.to_owned(),
            MacroLetter::Ip => match self.ip {
                IpAddr::V4(v4) => v4.to_string(),
                IpAddr::V6(v6) => nibbles(v6).join("."),
            },
            MacroLetter::ValidatedName => self.validated_name.to_owned(),
            MacroLetter::IpVersion => match self.ip {
                IpAddr::V4(_) => "in-addr".to_owned(),
                IpAddr::V6(_) => "ip6".to_owned(),
            },
            MacroLetter::Helo => self.helo.to_owned(),
            MacroLetter::ClientIp => self.ip.to_string(),
            MacroLetter::Receiver => self.receiver.to_owned(),
            MacroLetter::Timestamp => self.timestamp.to_string(),
        }
    }
}

/// The 32 hex nibbles of an IPv6 address, most significant first, upper-case as in
/// the examples of RFC 7208 §7.4 (`1.0.B.C.0.0…`); DNS ignores the case.
pub(crate) fn nibbles(addr: std::net::Ipv6Addr) -> Vec<String> {
    addr.octets()
        .iter()
        .flat_map(|byte| [byte >> 4, byte & 0xf])
        .map(|nibble| format!("{nibble:X}"))
        .collect()
}

impl fmt::Display for MacroString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                MacroPart::Literal(text) => f.write_str(text)?,
                MacroPart::Percent => f.write_str("%%")?,
                MacroPart::Space => f.write_str("%_")?,
                MacroPart::UrlSpace => f.write_str("%-")?,
                MacroPart::Macro {
                    letter,
                    url_escape,
                    digits,
                    reverse,
                    delimiters,
                } => {
                    let ch = letter.as_char();
                    let ch = if *url_escape {
                        ch.to_ascii_uppercase()
                    } else {
                        ch
                    };
                    write!(f, "%{{{ch}")?;
                    if let Some(digits) = digits {
                        write!(f, "{digits}")?;
                    }
                    if *reverse {
                        f.write_str("r")?;
                    }
                    write!(f, "{delimiters}}}")?;
                }
            }
        }
        Ok(())
    }
}
