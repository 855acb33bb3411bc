//! DNS data as core sees it: queries, records and outcomes.
//!
//! **Invariant:** DNS failures are data. A lookup that timed out or got SERVFAIL is an
//! [`Outcome`], never an `Err`, so analysis can say "could not check" instead of
//! "broken". Only the server's `dns` module knows the resolver library; its types
//! never reach this crate.

mod record_data;
mod record_wire;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use record_data::{RecordData, decode_hex};

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
    /// Delegation signer, held by the parent zone: DNSSEC is on when it is there.
    Ds,
    /// The zone's DNSSEC public keys.
    Dnskey,
    /// Service location (RFC 2782): how mail clients find the servers.
    Srv,
    /// DANE certificate association (RFC 6698): what certificate a mail server at
    /// `_25._tcp.<exchanger>` must present (RFC 7672).
    Tlsa,
}

impl RecordType {
    /// Every supported type.
    pub const ALL: [RecordType; 12] = [
        RecordType::A,
        RecordType::Aaaa,
        RecordType::Cname,
        RecordType::Mx,
        RecordType::Ns,
        RecordType::Soa,
        RecordType::Txt,
        RecordType::Ptr,
        RecordType::Ds,
        RecordType::Dnskey,
        RecordType::Srv,
        RecordType::Tlsa,
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
            RecordType::Ds => "DS",
            RecordType::Dnskey => "DNSKEY",
            RecordType::Srv => "SRV",
            RecordType::Tlsa => "TLSA",
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

/// One question: a name and a type, and optionally the server that must answer it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Query {
    /// The name asked for, without the trailing dot.
    pub name: String,
    /// The type asked for.
    #[serde(rename = "type")]
    pub rtype: RecordType,
    /// Ask this server directly (an authoritative name server, for NS consistency
    /// and the cutover monitor) instead of the shell's resolver. The shell decides
    /// which addresses it may contact (never private ones in production) and answers
    /// `NotAsked` for the others, without sending a packet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<std::net::IpAddr>,
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
    /// The shell would not send this query (a direct query to an address it may not
    /// contact, such as a private one): could not check, and nothing was sent.
    NotAsked,
}

/// Answers gathered so far, by query: what sans-IO evaluators are fed.
pub type Answers = std::collections::BTreeMap<Query, Outcome>;

impl Query {
    /// A query for `name` (lower-cased, trailing dot removed) and `rtype`.
    pub fn new(name: &str, rtype: RecordType) -> Query {
        let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
        Query {
            name,
            rtype,
            server: None,
        }
    }

    /// The same question, put directly to `server`.
    pub fn at(name: &str, rtype: RecordType, server: std::net::IpAddr) -> Query {
        Query {
            server: Some(server),
            ..Query::new(name, rtype)
        }
    }
}

impl Outcome {
    /// True when the outcome says nothing about the domain, only about reaching it.
    pub fn is_could_not_check(&self) -> bool {
        matches!(
            self,
            Outcome::ServFail | Outcome::Timeout | Outcome::Refused | Outcome::NotAsked
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
        for (text, rtype) in [
            ("ds", RecordType::Ds),
            ("DNSKEY", RecordType::Dnskey),
            ("Srv", RecordType::Srv),
        ] {
            assert_eq!(RecordType::from_mnemonic(text), Some(rtype));
        }
        for refused in ["ANY", "AXFR", "IXFR", "", "SPF", "RRSIG", "CDS"] {
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
    fn dnssec_and_srv_presentation_form() {
        let ds = RecordData::from_rdata(RecordType::Ds, &[0x30, 0x39, 13, 2, 0xAB, 0x01])
            .expect("four octets and a digest");
        assert_eq!(ds.to_string(), "12345 13 2 ab01");
        assert_eq!(ds.to_rdata(), Some(vec![0x30, 0x39, 13, 2, 0xab, 0x01]));
        assert_eq!(ds.record_type(), RecordType::Ds);
        let srv = RecordData::Srv {
            priority: 0,
            weight: 1,
            port: 443,
            target: "autodiscover.outlook.com".into(),
        };
        assert_eq!(srv.to_string(), "0 1 443 autodiscover.outlook.com.");
        let not_offered = RecordData::Srv {
            priority: 0,
            weight: 0,
            port: 0,
            target: String::new(),
        };
        assert_eq!(not_offered.to_string(), "0 0 0 .");
        assert_eq!(RecordData::from_rdata(RecordType::Ds, &[0, 1, 2]), None);
        assert_eq!(RecordData::from_rdata(RecordType::Txt, &[0; 8]), None);
    }

    #[test]
    fn dnskey_key_tag_matches_the_rfc_example() {
        // RFC 4034 §5.4: the DNSKEY of dskey.example.com has key tag 60485.
        let key = "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==";
        let rdata = [
            &[1u8, 0, 3, 5][..],
            &crate::dkim::key::decode_base64(key).unwrap(),
        ]
        .concat();
        let dnskey = RecordData::from_rdata(RecordType::Dnskey, &rdata).expect("valid");
        assert_eq!(dnskey.key_tag(), Some(60485));
        assert_eq!(dnskey.to_string(), format!("256 3 5 {key}"));
        assert_eq!(dnskey.to_rdata(), Some(rdata));
        assert_eq!(dnskey.record_type(), RecordType::Dnskey);
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
