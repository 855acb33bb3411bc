//! DNS data as core sees it: queries, records and outcomes.
//!
//! **Invariant:** DNS failures are data. A lookup that timed out or got SERVFAIL is an
//! [`Outcome`], never an `Err`, so analysis can say "could not check" instead of
//! "broken". Only the server's `dns` module knows the resolver library; its types
//! never reach this crate.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

mod record_wire;

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

/// Record data, typed for the types the tools read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "UPPERCASE")]
// Read through one flat struct: see `record_wire.rs`.
#[serde(try_from = "record_wire::RecordDataWire")]
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
    /// Delegation signer (RFC 4034 §5.1): the parent's pointer to one of the zone's keys.
    Ds {
        /// The key tag of the DNSKEY it points at (RFC 4034 Appendix B).
        key_tag: u16,
        /// That key's algorithm number.
        algorithm: u8,
        /// How the digest was made (2 = SHA-256).
        digest_type: u8,
        /// The digest, in lower-case hex.
        digest: String,
    },
    /// A zone key (RFC 4034 §2.1).
    Dnskey {
        /// 256 for a zone-signing key, 257 with the secure-entry-point bit.
        flags: u16,
        /// Always 3.
        protocol: u8,
        /// Algorithm number (8 = RSA/SHA-256, 13 = ECDSA P-256 …).
        algorithm: u8,
        /// The key in base64, as in a zone file: kept so that the key tag a DS names
        /// can be computed.
        public_key: String,
    },
    /// Service location (RFC 2782).
    Srv {
        /// Lower is tried first.
        priority: u16,
        /// Share among records of the same priority.
        weight: u16,
        /// The port.
        port: u16,
        /// The host; `""` (the root) says the service is not offered here.
        target: String,
    },
    /// DANE certificate association (RFC 6698 §2.1).
    Tlsa {
        /// Certificate usage (3 = DANE-EE, 2 = DANE-TA …).
        usage: u8,
        /// Which part of the certificate is matched (0 full, 1 public key).
        selector: u8,
        /// How it is matched (0 exact, 1 SHA-256, 2 SHA-512).
        matching_type: u8,
        /// The certificate association data, in lower-case hex.
        data: String,
    },
}

impl RecordData {
    /// Decodes the wire-format RDATA of a DS or DNSKEY record, for resolver libraries
    /// that hand those types over as raw bytes (hickory without its DNSSEC feature,
    /// which would pull a crypto library in for nothing: the survey verifies no
    /// signature). `None` for other types and for RDATA too short to be valid.
    pub fn from_rdata(rtype: RecordType, rdata: &[u8]) -> Option<RecordData> {
        // Both start with four fixed octets (RFC 4034 §2.1 and §5.1).
        let [a, b, c, d, rest @ ..] = rdata else {
            return None;
        };
        match rtype {
            RecordType::Ds => Some(RecordData::Ds {
                key_tag: u16::from_be_bytes([*a, *b]),
                algorithm: *c,
                digest_type: *d,
                digest: rest.iter().map(|byte| format!("{byte:02x}")).collect(),
            }),
            RecordType::Dnskey => Some(RecordData::Dnskey {
                flags: u16::from_be_bytes([*a, *b]),
                protocol: *c,
                algorithm: *d,
                public_key: crate::dkim::key::encode_base64(rest),
            }),
            _ => None,
        }
    }

    /// The wire-format RDATA of a DS or DNSKEY record: the inverse of
    /// [`RecordData::from_rdata`], for shells that encode answers (DNS over HTTPS).
    /// `None` for other types and for a digest or key that does not decode.
    pub fn to_rdata(&self) -> Option<Vec<u8>> {
        let (head, tail) = match self {
            RecordData::Ds {
                key_tag,
                algorithm,
                digest_type,
                digest,
            } => {
                let tag = key_tag.to_be_bytes();
                (
                    [tag[0], tag[1], *algorithm, *digest_type],
                    decode_hex(digest)?,
                )
            }
            RecordData::Dnskey {
                flags,
                protocol,
                algorithm,
                public_key,
            } => {
                let flags = flags.to_be_bytes();
                (
                    [flags[0], flags[1], *protocol, *algorithm],
                    crate::dkim::key::decode_base64(public_key)?,
                )
            }
            _ => return None,
        };
        Some([&head[..], &tail].concat())
    }

    /// For a DNSKEY, the key tag a DS names it by (RFC 4034 Appendix B). `None` for
    /// other data, for an undecodable key, and for algorithm 1 (RSA/MD5, long retired),
    /// whose tag is computed differently.
    pub fn key_tag(&self) -> Option<u16> {
        let RecordData::Dnskey {
            flags,
            protocol,
            algorithm,
            public_key,
        } = self
        else {
            return None;
        };
        if *algorithm == 1 {
            return None;
        }
        let key = crate::dkim::key::decode_base64(public_key)?;
        let mut rdata = Vec::with_capacity(4 + key.len());
        rdata.extend_from_slice(&flags.to_be_bytes());
        rdata.push(*protocol);
        rdata.push(*algorithm);
        rdata.extend_from_slice(&key);
        let mut sum: u32 = 0;
        for (idx, byte) in rdata.iter().enumerate() {
            sum += if idx % 2 == 0 {
                u32::from(*byte) << 8
            } else {
                u32::from(*byte)
            };
        }
        sum += (sum >> 16) & 0xffff;
        Some((sum & 0xffff) as u16)
    }
}

impl RecordData {
    /// The type of this record (a CNAME met on the way to an MX is a CNAME).
    pub fn record_type(&self) -> RecordType {
        match self {
            RecordData::A { .. } => RecordType::A,
            RecordData::Aaaa { .. } => RecordType::Aaaa,
            RecordData::Cname { .. } => RecordType::Cname,
            RecordData::Mx { .. } => RecordType::Mx,
            RecordData::Ns { .. } => RecordType::Ns,
            RecordData::Ptr { .. } => RecordType::Ptr,
            RecordData::Soa { .. } => RecordType::Soa,
            RecordData::Txt { .. } => RecordType::Txt,
            RecordData::Srv { .. } => RecordType::Srv,
            RecordData::Ds { .. } => RecordType::Ds,
            RecordData::Dnskey { .. } => RecordType::Dnskey,
            RecordData::Tlsa { .. } => RecordType::Tlsa,
        }
    }
}

/// Hex digits, two per octet, either case (DS digests, TLSA data).
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|idx| u8::from_str_radix(text.get(idx..idx + 2)?, 16).ok())
        .collect()
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
            RecordData::Ds {
                key_tag,
                algorithm,
                digest_type,
                digest,
            } => write!(f, "{key_tag} {algorithm} {digest_type} {digest}"),
            RecordData::Dnskey {
                flags,
                protocol,
                algorithm,
                public_key,
            } => write!(f, "{flags} {protocol} {algorithm} {public_key}"),
            RecordData::Srv {
                priority,
                weight,
                port,
                target,
            } => write!(f, "{priority} {weight} {port} {target}."),
            RecordData::Tlsa {
                usage,
                selector,
                matching_type,
                data,
            } => write!(f, "{usage} {selector} {matching_type} {data}"),
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
