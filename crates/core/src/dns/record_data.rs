//! Record data, typed for the types the tools read: its presentation form, and its
//! decoding from wire-format RDATA for the types resolver libraries hand over raw.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

use super::RecordType;

/// Record data, typed for the types the tools read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "UPPERCASE")]
// Read through one flat struct: see `record_wire.rs`.
#[serde(try_from = "super::record_wire::RecordDataWire")]
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
