//! DNS data as core sees it: queries, records and outcomes.
//!
//! **Invariant:** DNS failures are data. A lookup that timed out or got SERVFAIL is an
//! [`Outcome`], never an `Err`, so analysis can say "could not check" instead of
//! "broken". Only the server's `dns` module knows the resolver library; its types
//! never reach this crate.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

/// The record types the tools ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    /// IPv4 address.
    A,
    /// IPv6 address.
    Aaaa,
    /// Canonical name.
    Cname,
    /// Mail exchanger.
    Mx,
    /// Name server.
    Ns,
    /// Start of authority.
    Soa,
    /// Text (SPF, DMARC, DKIM, verification tokens …).
    Txt,
    /// Reverse mapping (SPF `ptr` and `%{p}`).
    Ptr,
}

impl RecordType {
    /// Every supported type.
    pub const ALL: [RecordType; 8] = [
        RecordType::A,
        RecordType::Aaaa,
        RecordType::Cname,
        RecordType::Mx,
        RecordType::Ns,
        RecordType::Soa,
        RecordType::Txt,
        RecordType::Ptr,
    ];

    /// The mnemonic (`MX`).
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Cname => "CNAME",
            RecordType::Mx => "MX",
            RecordType::Ns => "NS",
            RecordType::Soa => "SOA",
            RecordType::Txt => "TXT",
            RecordType::Ptr => "PTR",
        }
    }

    /// Parses a mnemonic, any case. Types the tools never use are `None`.
    pub fn from_mnemonic(text: &str) -> Option<RecordType> {
        RecordType::ALL
            .into_iter()
            .find(|rtype| rtype.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One question: a name and a type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Query {
    /// The name asked for, without the trailing dot.
    pub name: String,
    /// The type asked for.
    #[serde(rename = "type")]
    pub rtype: RecordType,
}

/// One resource record of an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Owner name, without the trailing dot.
    pub name: String,
    /// Time to live in seconds, as the answering server gave it.
    pub ttl: u32,
    /// The data.
    pub data: RecordData,
}

/// Record data, typed for the types the tools read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "UPPERCASE")]
pub enum RecordData {
    /// IPv4 address.
    A {
        /// The address.
        address: Ipv4Addr,
    },
    /// IPv6 address.
    Aaaa {
        /// The address.
        address: Ipv6Addr,
    },
    /// Alias.
    Cname {
        /// Target name.
        target: String,
    },
    /// RFC 1035 §3.3.9: `PREFERENCE` (lower is preferred) and `EXCHANGE`.
    Mx {
        /// Lower values are preferred.
        preference: u16,
        /// The exchanger; `""` (the root) is a null MX (RFC 7505).
        exchange: String,
    },
    /// Name server.
    Ns {
        /// The server's name.
        host: String,
    },
    /// Start of authority (RFC 1035 §3.3.13).
    Soa {
        /// Primary name server.
        mname: String,
        /// Responsible mailbox, in name form.
        rname: String,
        /// Zone serial.
        serial: u32,
        /// Secondary refresh interval.
        refresh: u32,
        /// Secondary retry interval.
        retry: u32,
        /// Secondary expiry.
        expire: u32,
        /// RFC 2308 §4: the negative-caching TTL.
        minimum: u32,
    },
    /// Reverse-mapping target.
    Ptr {
        /// The name the address maps to.
        target: String,
    },
    /// Text. RFC 1035 §3.3.14: one or more character-strings, kept apart here because
    /// each protocol says how to join them (SPF: without spaces, RFC 7208 §3.3).
    Txt {
        /// The character-strings, each at most 255 octets on the wire.
        strings: Vec<String>,
    },
}

impl fmt::Display for RecordData {
    /// Presentation form, as in a zone file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordData::A { address } => write!(f, "{address}"),
            RecordData::Aaaa { address } => write!(f, "{address}"),
            RecordData::Cname { target } => write!(f, "{target}."),
            RecordData::Mx {
                preference,
                exchange,
            } => write!(f, "{preference} {exchange}."),
            RecordData::Ns { host } => write!(f, "{host}."),
            RecordData::Ptr { target } => write!(f, "{target}."),
            RecordData::Soa {
                mname,
                rname,
                serial,
                refresh,
                retry,
                expire,
                minimum,
            } => {
                write!(
                    f,
                    "{mname}. {rname}. {serial} {refresh} {retry} {expire} {minimum}"
                )
            }
            RecordData::Txt { strings } => {
                let quoted: Vec<String> = strings
                    .iter()
                    .map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
                    .collect();
                f.write_str(&quoted.join(" "))
            }
        }
    }
}

/// What happened to one query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The name has records of the asked type.
    Records {
        /// The answer section, filtered to the asked type (and CNAMEs on the way).
        records: Vec<Record>,
    },
    /// The name exists but has no record of this type (RFC 2308 NODATA).
    NoData {
        /// From the SOA of the authority section, when the server sent one.
        negative_ttl: Option<u32>,
    },
    /// The name does not exist.
    NxDomain {
        /// From the SOA of the authority section, when the server sent one.
        negative_ttl: Option<u32>,
    },
    /// The server failed (SERVFAIL): could not check.
    ServFail,
    /// No answer in time: could not check.
    Timeout,
    /// The server refused to answer: could not check.
    Refused,
}

/// Answers gathered so far, by query: what sans-IO evaluators are fed.
pub type Answers = std::collections::BTreeMap<Query, Outcome>;

impl Query {
    /// A query for `name` (lower-cased, trailing dot removed) and `rtype`.
    pub fn new(name: &str, rtype: RecordType) -> Query {
        let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
        Query { name, rtype }
    }
}

impl Outcome {
    /// True when the outcome says nothing about the domain, only about reaching it.
    pub fn is_could_not_check(&self) -> bool {
        matches!(
            self,
            Outcome::ServFail | Outcome::Timeout | Outcome::Refused
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mnemonics_round_trip() {
        for rtype in RecordType::ALL {
            assert_eq!(RecordType::from_mnemonic(rtype.as_str()), Some(rtype));
            assert_eq!(
                RecordType::from_mnemonic(&rtype.as_str().to_lowercase()),
                Some(rtype)
            );
        }
        for refused in ["ANY", "AXFR", "IXFR", "", "SPF"] {
            assert_eq!(RecordType::from_mnemonic(refused), None, "{refused}");
        }
    }

    #[test]
    fn presentation_form() {
        let mx = RecordData::Mx {
            preference: 10,
            exchange: "mx1.example.test".into(),
        };
        assert_eq!(mx.to_string(), "10 mx1.example.test.");
        let txt = RecordData::Txt {
            strings: vec!["v=spf1 ".into(), "say \"hi\"".into()],
        };
        assert_eq!(txt.to_string(), r#""v=spf1 " "say \"hi\"""#);
    }

    #[test]
    fn outcomes_serialise_with_a_tag() {
        let json = serde_json::to_value(Outcome::NoData {
            negative_ttl: Some(60),
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"outcome": "no_data", "negative_ttl": 60})
        );
        assert!(Outcome::Timeout.is_could_not_check());
        assert!(!Outcome::NxDomain { negative_ttl: None }.is_could_not_check());
    }
}
