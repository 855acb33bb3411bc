//! Domain names as users type them.
//!
//! This is the ASCII subset of the full rules (IDN, e-mail addresses, URLs and the
//! Public Suffix List come with the core-records work): it accepts what a DNS query
//! may safely carry and says precisely what is wrong with anything else.

use std::fmt;

use serde::{Deserialize, Serialize};

/// RFC 1035 §2.3.4: labels are 63 octets or less.
pub const MAX_LABEL_LEN: usize = 63;
/// RFC 1035 §2.3.4: names are 255 octets or less on the wire, which leaves 253
/// characters in presentation form without the trailing dot.
pub const MAX_NAME_LEN: usize = 253;

/// A validated, lower-cased, fully qualified domain name without the trailing dot.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DomainName(String);

/// Why a string is not a usable domain name. Each variant carries the offending input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Nothing was typed.
    #[error("empty domain name")]
    Empty,
    /// Two dots in a row, or a leading dot.
    #[error("empty label in {input:?}")]
    EmptyLabel {
        /// What was typed.
        input: String,
    },
    /// A label longer than [`MAX_LABEL_LEN`].
    #[error("label {label:?} is {len} octets long (at most 63)")]
    LabelTooLong {
        /// The label.
        label: String,
        /// Its length.
        len: usize,
    },
    /// A name longer than [`MAX_NAME_LEN`].
    #[error("name is {len} octets long (at most 253)")]
    NameTooLong {
        /// Its length.
        len: usize,
    },
    /// A character outside letters, digits and hyphens (and `_` for service labels).
    #[error("invalid character {ch:?} in {input:?}")]
    InvalidCharacter {
        /// What was typed.
        input: String,
        /// The first offending character.
        ch: char,
    },
    /// A label that starts or ends with a hyphen.
    #[error("label {label:?} starts or ends with a hyphen")]
    HyphenAtEdge {
        /// The label.
        label: String,
    },
    /// An IP address rather than a name.
    #[error("{input:?} is an IP address, not a domain name")]
    IpLiteral {
        /// What was typed.
        input: String,
    },
    /// A name with one label only (`localhost`, `com`).
    #[error("{input:?} has a single label")]
    SingleLabel {
        /// What was typed.
        input: String,
    },
    /// A top-level domain that is all digits cannot exist (RFC 3696 §2).
    #[error("top-level domain of {input:?} is numeric")]
    NumericTld {
        /// What was typed.
        input: String,
    },
}

impl NameError {
    /// A short explanation for the user, in `lang`.
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, Ja};
        match (self, lang) {
            (NameError::Empty, Ja) => "ドメイン名を入力してください。".into(),
            (NameError::Empty, En) => "Please enter a domain name.".into(),
            (NameError::EmptyLabel { input }, Ja) => {
                format!("「{input}」に空のラベル(連続したドットなど)があります。")
            }
            (NameError::EmptyLabel { input }, En) => {
                format!("“{input}” has an empty label (two dots in a row?).")
            }
            (NameError::LabelTooLong { label, len }, Ja) => {
                format!("ラベル「{label}」が長すぎます({len}文字、最大63文字)。")
            }
            (NameError::LabelTooLong { label, len }, En) => {
                format!("The label “{label}” is too long ({len} characters, at most 63).")
            }
            (NameError::NameTooLong { len }, Ja) => {
                format!("ドメイン名が長すぎます({len}文字、最大253文字)。")
            }
            (NameError::NameTooLong { len }, En) => {
                format!("The domain name is too long ({len} characters, at most 253).")
            }
            (NameError::InvalidCharacter { ch, .. }, Ja) => {
                format!("ドメイン名に使えない文字「{ch}」が含まれています。")
            }
            (NameError::InvalidCharacter { ch, .. }, En) => {
                format!("The character “{ch}” cannot appear in a domain name.")
            }
            (NameError::HyphenAtEdge { label }, Ja) => {
                format!("ラベル「{label}」の先頭または末尾にハイフンがあります。")
            }
            (NameError::HyphenAtEdge { label }, En) => {
                format!("The label “{label}” starts or ends with a hyphen.")
            }
            (NameError::IpLiteral { input }, Ja) => {
                format!("「{input}」はIPアドレスです。ドメイン名を入力してください。")
            }
            (NameError::IpLiteral { input }, En) => {
                format!("“{input}” is an IP address; please enter a domain name.")
            }
            (NameError::SingleLabel { input }, Ja) => {
                format!("「{input}」はドメイン名として不完全です(例: example.co.jp)。")
            }
            (NameError::SingleLabel { input }, En) => {
                format!("“{input}” is not a complete domain name (e.g. example.com).")
            }
            (NameError::NumericTld { input }, Ja) => {
                format!("「{input}」のトップレベルドメインが数字だけです。")
            }
            (NameError::NumericTld { input }, En) => {
                format!("The top-level domain of “{input}” is all digits.")
            }
        }
    }
}

impl DomainName {
    /// Parses what a user typed: surrounding spaces and one trailing dot are
    /// ignored, letters are lower-cased.
    pub fn parse(input: &str) -> Result<DomainName, NameError> {
        let trimmed = input.trim();
        let name = trimmed.strip_suffix('.').unwrap_or(trimmed);
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if name.parse::<std::net::IpAddr>().is_ok()
            || name
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .is_some_and(|inner| inner.parse::<std::net::Ipv6Addr>().is_ok())
        {
            return Err(NameError::IpLiteral { input: name.into() });
        }
        if let Some(ch) = name
            .chars()
            .find(|ch| !(ch.is_ascii_alphanumeric() || matches!(ch, '-' | '.' | '_')))
        {
            return Err(NameError::InvalidCharacter {
                input: name.into(),
                ch,
            });
        }
        let name = name.to_ascii_lowercase();
        if name.len() > MAX_NAME_LEN {
            return Err(NameError::NameTooLong { len: name.len() });
        }
        for label in name.split('.') {
            if label.is_empty() {
                return Err(NameError::EmptyLabel {
                    input: name.clone(),
                });
            }
            if label.len() > MAX_LABEL_LEN {
                return Err(NameError::LabelTooLong {
                    label: label.into(),
                    len: label.len(),
                });
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(NameError::HyphenAtEdge {
                    label: label.into(),
                });
            }
        }
        let Some((_, tld)) = name.rsplit_once('.') else {
            return Err(NameError::SingleLabel { input: name });
        };
        if tld.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NameError::NumericTld { input: name });
        }
        Ok(DomainName(name))
    }

    /// The name without the trailing dot, as users read it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The fully qualified form with the trailing dot, as DNS libraries want it.
    pub fn to_fqdn(&self) -> String {
        format!("{}.", self.0)
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DomainName {
    type Error = NameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        DomainName::parse(&value)
    }
}

impl From<DomainName> for String {
    fn from(name: DomainName) -> String {
        name.0
    }
}

impl std::str::FromStr for DomainName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DomainName::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn accepts_and_normalises() {
        for (input, expected) in [
            ("example.jp", "example.jp"),
            ("  Example.CO.JP.  ", "example.co.jp"),
            ("_dmarc.example.com", "_dmarc.example.com"),
            ("a-b.example.test", "a-b.example.test"),
            ("xn--r8jz45g.jp", "xn--r8jz45g.jp"),
        ] {
            let name = DomainName::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(name.as_str(), expected, "{input:?}");
            assert_eq!(name.to_fqdn(), format!("{expected}."));
            assert_eq!(
                DomainName::parse(&name.to_string()),
                Ok(name),
                "round trip {input:?}"
            );
        }
    }

    #[test]
    fn rejects_with_the_reason() {
        let long_label = "a".repeat(64);
        let long_name = vec!["a".repeat(60); 5].join(".");
        for (input, expected) in [
            ("", NameError::Empty),
            ("   .", NameError::Empty),
            (
                "a..jp",
                NameError::EmptyLabel {
                    input: "a..jp".into(),
                },
            ),
            (
                ".a.jp",
                NameError::EmptyLabel {
                    input: ".a.jp".into(),
                },
            ),
            (
                &format!("{long_label}.jp"),
                NameError::LabelTooLong {
                    label: long_label.clone(),
                    len: 64,
                },
            ),
            (&long_name, NameError::NameTooLong { len: 304 }),
            (
                "exa mple.jp",
                NameError::InvalidCharacter {
                    input: "exa mple.jp".into(),
                    ch: ' ',
                },
            ),
            ("-a.jp", NameError::HyphenAtEdge { label: "-a".into() }),
            (
                "192.0.2.1",
                NameError::IpLiteral {
                    input: "192.0.2.1".into(),
                },
            ),
            (
                "[2001:db8::1]",
                NameError::IpLiteral {
                    input: "[2001:db8::1]".into(),
                },
            ),
            (
                "2001:db8::1",
                NameError::IpLiteral {
                    input: "2001:db8::1".into(),
                },
            ),
            (
                "localhost",
                NameError::SingleLabel {
                    input: "localhost".into(),
                },
            ),
            (
                "1.2.3",
                NameError::NumericTld {
                    input: "1.2.3".into(),
                },
            ),
        ] {
            assert_eq!(DomainName::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn every_error_reads_in_both_languages() {
        let errors = [
            DomainName::parse("").unwrap_err(),
            DomainName::parse("a..b").unwrap_err(),
            DomainName::parse("x y.jp").unwrap_err(),
            DomainName::parse("10.0.0.1").unwrap_err(),
        ];
        for error in errors {
            let ja = error.message(Lang::Ja);
            let en = error.message(Lang::En);
            assert!(!ja.is_ascii(), "Japanese text expected: {ja}");
            assert!(
                en.is_ascii() || en.contains('“'),
                "English text expected: {en}"
            );
            assert_ne!(ja, en);
        }
    }

    #[test]
    fn serde_validates() {
        let name: DomainName = serde_json::from_str("\"Example.JP\"").unwrap();
        assert_eq!(name.as_str(), "example.jp");
        assert!(serde_json::from_str::<DomainName>("\"not a name\"").is_err());
    }
}
