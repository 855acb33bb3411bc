//! MTA-STS (RFC 8461): the `_mta-sts.<domain>` TXT record that announces a policy, the
//! policy file served at `https://mta-sts.<domain>/.well-known/mta-sts.txt`, their
//! parsers, and the MX host name match of §4.1.
//!
//! The TXT record, RFC 8461 §3.1:
//!
//! ```text
//! sts-text-record = sts-version 1*(sts-field-delim sts-field)
//!                   [sts-field-delim]
//! sts-field       = sts-id /                  ; Note that sts-id record
//!                   sts-extension             ; is required.
//! sts-field-delim = *WSP ";" *WSP
//! sts-version     = %s"v=STSv1"
//! sts-id          = %s"id=" 1*32(ALPHA / DIGIT)     ; id=...
//! sts-extension   = sts-ext-name "=" sts-ext-value  ; name=value
//! sts-ext-name    = (ALPHA / DIGIT)
//!                   *31(ALPHA / DIGIT / "_" / "-" / ".")
//! sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)
//!                   ; chars excluding "=", ";", SP, and control
//!                   ; chars
//! ```
//!
//! The policy file, RFC 8461 §3.2:
//!
//! ```text
//! sts-policy-record        = sts-policy-field *WSP
//!                            *(sts-policy-term sts-policy-field *WSP)
//!                            [sts-policy-term]
//! sts-policy-field         = sts-policy-version /      ; required once
//!                            sts-policy-mode    /      ; required once
//!                            sts-policy-max-age /      ; required once
//!                            0*(sts-policy-mx *WSP sts-policy-term) /
//!                            ; required at least once, except when
//!                            ; mode is "none"
//!                            sts-policy-extension      ; other fields
//! sts-policy-field-delim   = ":" *WSP
//! sts-policy-version       = sts-policy-version-field
//!                            sts-policy-field-delim
//!                            sts-policy-version-value
//! sts-policy-version-field = %s"version"
//! sts-policy-version-value = %s"STSv1"
//! sts-policy-mode          = sts-policy-mode-field
//!                            sts-policy-field-delim
//!                            sts-policy-mode-value
//! sts-policy-mode-field    = %s"mode"
//! sts-policy-mode-value    =  %s"testing" / %s"enforce" / %s"none"
//! sts-policy-mx            = sts-policy-mx-field
//!                            sts-policy-field-delim
//!                            sts-policy-mx-value
//! sts-policy-mx-field      = %s"mx"
//! sts-policy-mx-value      = ["*."] Domain
//! sts-policy-max-age       = sts-policy-max-age-field
//!                            sts-policy-field-delim
//!                            sts-policy-max-age-value
//! sts-policy-max-age-field = %s"max_age"
//! sts-policy-max-age-value = 1*10(DIGIT)
//! sts-policy-extension     = sts-policy-ext-name    ; additional
//!                            sts-policy-field-delim ; extension
//!                            sts-policy-ext-value   ; fields
//! sts-policy-ext-name      = (ALPHA / DIGIT)
//!                            *31(ALPHA / DIGIT / "_" / "-" / ".")
//! sts-policy-term          = LF / CRLF
//! sts-policy-ext-value     = sts-policy-vchar
//!                            [*(%x20 / sts-policy-vchar)
//!                            sts-policy-vchar]
//!                            ; chars, including UTF-8 [RFC3629],
//!                            ; excluding CTLs and no
//!                            ; leading/trailing spaces
//! ```

mod fetch;
mod fetch_wire;
mod parse;
mod policy;

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use fetch::{FetchError, MAX_POLICY_BYTES, PolicyFetch, policy_url};
pub use parse::{MtaStsIssue, is_mta_sts_record, parse};
pub use policy::{MtaStsPolicyIssue, parse_policy};

use crate::tag_list::{TagSpan, UnknownTag, span_of};

/// The largest `max_age` RFC 8461 §3.2 allows: 31557600 seconds, about a year.
pub const MAX_AGE_LIMIT: u32 = 31_557_600;

/// Joins the character-strings of an `_mta-sts` TXT record. RFC 8461 §3.1: "If the
/// resulting TXT record contains multiple strings, then the record MUST be treated as
/// if those strings are concatenated together without adding spaces."
pub fn join_txt(strings: &[String]) -> String {
    strings.concat()
}

/// A parsed `_mta-sts` TXT record (`v=STSv1` is implied).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MtaStsRecord {
    /// `id`: "A short string used to track policy updates" (1 to 32 letters and
    /// digits). `None` when missing or invalid.
    pub id: Option<String>,
    /// Extension fields, in record order; senders ignore them.
    pub extensions: Vec<UnknownTag>,
    /// Where each field stood, when parsed from text.
    pub spans: Vec<TagSpan>,
}

/// A parsed MTA-STS policy file (`version: STSv1` is implied).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MtaStsPolicy {
    /// `mode`: what a sender does when validation fails. `None` when missing or invalid.
    pub mode: Option<Mode>,
    /// `mx`: the patterns the receiving MX hosts must match, in file order.
    pub mx: Vec<MxPattern>,
    /// `max_age`: "Max lifetime of the policy (plaintext non-negative integer seconds,
    /// maximum value of 31557600)". `None` when missing or invalid.
    pub max_age: Option<u32>,
    /// Extension fields, in file order; senders ignore them.
    pub extensions: Vec<UnknownTag>,
    /// Where each field stood (one entry per line, `mx` possibly several times), when
    /// parsed from text.
    pub spans: Vec<TagSpan>,
}

/// `sts-policy-mode-value` (RFC 8461 §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// `enforce`: do not deliver to MX hosts that fail validation.
    Enforce,
    /// `testing`: deliver anyway, and report failures (TLS-RPT, RFC 8460).
    Testing,
    /// `none`: the domain has no active policy (used to withdraw one).
    None,
}

/// `sts-policy-mx-value = ["*."] Domain`: an MX host name, or a wildcard for any host
/// one label below a domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MxPattern {
    /// A leading `*.`: the pattern matches exactly one more label on the left.
    pub wildcard: bool,
    /// The domain, lower-case, without a trailing dot.
    pub domain: String,
}

impl MxPattern {
    /// Whether the MX host `host` matches this pattern (RFC 8461 §4.1): the names are
    /// compared without regard to case or a trailing dot, and a wildcard stands for
    /// exactly one leftmost label (`*.example.net` matches `mx1.example.net`, but
    /// neither `example.net` nor `a.b.example.net`).
    pub fn matches(&self, host: &str) -> bool {
        let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
        if !self.wildcard {
            return host == self.domain;
        }
        match host.split_once('.') {
            Some((label, rest)) => !label.is_empty() && rest == self.domain,
            None => false,
        }
    }
}

impl MtaStsRecord {
    /// Where the field `name` stood in the parsed text.
    pub fn span_of(&self, name: &str) -> Option<Range<usize>> {
        span_of(&self.spans, name)
    }
}

impl MtaStsPolicy {
    /// Whether the MX host `host` matches at least one of the policy's `mx` patterns
    /// (RFC 8461 §4.1).
    pub fn matches_mx(&self, host: &str) -> bool {
        self.mx.iter().any(|pattern| pattern.matches(host))
    }

    /// Where the (first) field `name` stood in the parsed text.
    pub fn span_of(&self, name: &str) -> Option<Range<usize>> {
        span_of(&self.spans, name)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Enforce => "enforce",
            Mode::Testing => "testing",
            Mode::None => "none",
        })
    }
}

impl fmt::Display for MxPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.wildcard {
            f.write_str("*.")?;
        }
        f.write_str(&self.domain)
    }
}

impl fmt::Display for MtaStsRecord {
    /// Canonical form: `v=STSv1`, `id`, then extensions, separated by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v=STSv1")?;
        if let Some(id) = &self.id {
            write!(f, "; id={id}")?;
        }
        for extension in &self.extensions {
            write!(f, "; {extension}")?;
        }
        Ok(())
    }
}

impl fmt::Display for MtaStsPolicy {
    /// Canonical form: `version`, `mode`, each `mx`, `max_age`, then extensions, one
    /// `key: value` per line, each line ending in LF.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "version: STSv1")?;
        if let Some(mode) = self.mode {
            writeln!(f, "mode: {mode}")?;
        }
        for pattern in &self.mx {
            writeln!(f, "mx: {pattern}")?;
        }
        if let Some(max_age) = self.max_age {
            writeln!(f, "max_age: {max_age}")?;
        }
        for extension in &self.extensions {
            writeln!(f, "{}: {}", extension.name, extension.value)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_mx_hosts_against_patterns() {
        let policy = MtaStsPolicy {
            mx: vec![
                MxPattern {
                    wildcard: false,
                    domain: "mail.example.com".into(),
                },
                MxPattern {
                    wildcard: true,
                    domain: "example.net".into(),
                },
            ],
            ..MtaStsPolicy::default()
        };
        for (host, expected) in [
            ("mail.example.com", true),
            ("MAIL.Example.COM.", true),
            ("mail.example.com..", false),
            ("other.example.com", false),
            ("example.com", false),
            ("mx1.example.net", true),
            ("MX1.EXAMPLE.NET.", true),
            ("example.net", false),
            (".example.net", false),
            ("a.b.example.net", false),
            ("mx1.example.net.evil", false),
            ("", false),
        ] {
            assert_eq!(policy.matches_mx(host), expected, "{host}");
        }
    }

    #[test]
    fn joins_character_strings_without_spaces() {
        let strings = vec!["v=STSv1; id=2024".to_owned(), "0101".to_owned()];
        assert_eq!(join_txt(&strings), "v=STSv1; id=20240101");
    }
}
