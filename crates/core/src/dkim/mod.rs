//! DKIM (RFC 6376): the key record a signer publishes at
//! `<selector>._domainkey.<domain>`, its parser, and the length of the key in it.
//!
//! RFC 6376 §3.6.1 (tags), with the Ed25519 key type of RFC 8463:
//!
//! ```text
//! key-v-tag    = %x76 [FWS] "=" [FWS] %x44.4B.49.4D.31        ; "v=DKIM1"
//! key-h-tag    = %x68 [FWS] "=" [FWS] key-h-tag-alg
//!                *( [FWS] ":" [FWS] key-h-tag-alg )
//! key-h-tag-alg = "sha1" / "sha256" / x-key-h-tag-alg
//! x-key-h-tag-alg = hyphenated-word   ; for future extension
//! key-k-tag    = %x6b [FWS] "=" [FWS] key-k-tag-type
//! key-k-tag-type = "rsa" / x-key-k-tag-type                   ; RFC 8463: "ed25519"
//! x-key-k-tag-type = hyphenated-word   ; for future extension
//! key-n-tag    = %x6e [FWS] "=" [FWS] qp-section
//! key-p-tag    = %x70 [FWS] "=" [ [FWS] base64string]
//! key-s-tag    = %x73 [FWS] "=" [FWS] key-s-tag-type
//!                *( [FWS] ":" [FWS] key-s-tag-type )
//! key-s-tag-type = "email" / "*" / x-key-s-tag-type
//! x-key-s-tag-type = hyphenated-word   ; for future extension
//! key-t-tag    = %x74 [FWS] "=" [FWS] key-t-tag-flag
//!                *( [FWS] ":" [FWS] key-t-tag-flag )
//! key-t-tag-flag = "y" / "s" / x-key-t-tag-flag
//! x-key-t-tag-flag = hyphenated-word   ; for future extension
//! hyphenated-word =  ALPHA [ *(ALPHA / DIGIT / "-") (ALPHA / DIGIT) ]
//! ```

pub(crate) mod key;
mod parse;

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use parse::{DkimIssue, parse};

use crate::tag_list::{TagSpan, UnknownTag, span_of};

/// Joins the character-strings of a DKIM key TXT record. RFC 6376 §3.6.2.2: "Strings in
/// a TXT RR MUST be concatenated together before use with no intervening whitespace."
pub fn join_txt(strings: &[String]) -> String {
    strings.concat()
}

/// A parsed DKIM key record. Absent list tags are empty; their defaults (RFC 6376
/// §3.6.1: every hash algorithm, `k=rsa`, `s=*`, no flags) are the caller's to apply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkimKeyRecord {
    /// `v=DKIM1`: "RECOMMENDED ... If specified, this tag MUST be set to "DKIM1"".
    pub version: bool,
    /// `h`: "Acceptable hash algorithms"; empty means all.
    pub hash_algorithms: Vec<HashAlgorithm>,
    /// `k`: "Key type (plain-text; OPTIONAL, default is "rsa")".
    pub key_type: Option<KeyType>,
    /// `n`: "Notes that might be of interest to a human", as written (qp-section).
    pub notes: Option<String>,
    /// `p`: "Public-key data (base64; REQUIRED)". `None` when the tag is missing.
    pub public_key: Option<PublicKey>,
    /// `s`: "Service Type"; empty means `*`.
    pub service_types: Vec<ServiceType>,
    /// `t`: "Flags, represented as a colon-separated list of names".
    pub flags: Vec<Flag>,
    /// Tags RFC 6376 does not define ("Unrecognized tags MUST be ignored").
    pub unknown: Vec<UnknownTag>,
    /// Where each tag stood, when parsed from text.
    pub spans: Vec<TagSpan>,
}

/// The `p=` value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PublicKey {
    /// `p=` with no value: "An empty value means that this public key has been revoked."
    Revoked,
    /// The decoded key: a DER SubjectPublicKeyInfo (or RSAPublicKey) for `k=rsa`, the
    /// 32 raw bytes of the key for `k=ed25519` (RFC 8463 §4.2).
    Data(Vec<u8>),
}

/// `key-h-tag-alg`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HashAlgorithm {
    /// `sha1` (historic: RFC 8301 forbids signing with it).
    Sha1,
    /// `sha256`.
    Sha256,
    /// Any other hyphenated word; verifiers ignore it.
    Other(String),
}

/// `key-k-tag-type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyType {
    /// `rsa` (the default).
    Rsa,
    /// `ed25519` (RFC 8463).
    Ed25519,
    /// Any other hyphenated word; verifiers cannot use the key.
    Other(String),
}

/// `key-s-tag-type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceType {
    /// `*`: all service types (the default).
    All,
    /// `email`.
    Email,
    /// Any other hyphenated word.
    Other(String),
}

/// `key-t-tag-flag`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// `y`: "This domain is testing DKIM."
    Testing,
    /// `s`: the `i=` domain must equal `d=`, not be a subdomain of it.
    Strict,
    /// Any other hyphenated word; "Unrecognized flags MUST be ignored."
    Other(String),
}

impl DkimKeyRecord {
    /// The key type, with RFC 6376's default (`rsa`) applied.
    pub fn effective_key_type(&self) -> KeyType {
        self.key_type.clone().unwrap_or(KeyType::Rsa)
    }

    /// Whether `p=` is empty: the key has been revoked.
    pub fn is_revoked(&self) -> bool {
        self.public_key == Some(PublicKey::Revoked)
    }

    /// Whether `t=y` is set: the domain is testing DKIM.
    pub fn is_testing(&self) -> bool {
        self.flags.contains(&Flag::Testing)
    }

    /// The length of the key in bits: the modulus length for RSA, 256 for Ed25519.
    /// `None` when there is no usable key (missing, revoked, malformed or of an
    /// unknown type).
    pub fn key_bits(&self) -> Option<u32> {
        let Some(PublicKey::Data(data)) = &self.public_key else {
            return None;
        };
        match self.effective_key_type() {
            KeyType::Rsa => key::rsa_modulus_bits(data),
            KeyType::Ed25519 => (data.len() == 32).then_some(256),
            KeyType::Other(_) => None,
        }
    }

    /// Where the tag `name` (canonical, lower-case) stood in the parsed text.
    pub fn span_of(&self, name: &str) -> Option<Range<usize>> {
        span_of(&self.spans, name)
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HashAlgorithm::Sha1 => "sha1",
            HashAlgorithm::Sha256 => "sha256",
            HashAlgorithm::Other(name) => name,
        })
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyType::Rsa => "rsa",
            KeyType::Ed25519 => "ed25519",
            KeyType::Other(name) => name,
        })
    }
}

impl fmt::Display for ServiceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServiceType::All => "*",
            ServiceType::Email => "email",
            ServiceType::Other(name) => name,
        })
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Flag::Testing => "y",
            Flag::Strict => "s",
            Flag::Other(name) => name,
        })
    }
}

impl fmt::Display for PublicKey {
    /// The base64 text, padded, on one line; empty for a revoked key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublicKey::Revoked => Ok(()),
            PublicKey::Data(data) => f.write_str(&key::encode_base64(data)),
        }
    }
}

/// Writes `; ` between tags (and nothing before the first).
struct Tags<'a, 'f> {
    f: &'a mut fmt::Formatter<'f>,
    first: bool,
}

impl Tags<'_, '_> {
    fn tag(&mut self, name: &str, value: &dyn fmt::Display) -> fmt::Result {
        if !self.first {
            self.f.write_str("; ")?;
        }
        self.first = false;
        write!(self.f, "{name}={value}")
    }

    fn list<T: fmt::Display>(&mut self, name: &str, items: &[T]) -> fmt::Result {
        if items.is_empty() {
            return Ok(());
        }
        let joined: Vec<String> = items.iter().map(ToString::to_string).collect();
        self.tag(name, &joined.join(":"))
    }
}

impl fmt::Display for DkimKeyRecord {
    /// Canonical form: the tags in RFC 6376 §3.6.1 order (`v` first), then unknown
    /// tags, separated by `; `, with `p=` on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut tags = Tags { f, first: true };
        if self.version {
            tags.tag("v", &"DKIM1")?;
        }
        tags.list("h", &self.hash_algorithms)?;
        if let Some(key_type) = &self.key_type {
            tags.tag("k", key_type)?;
        }
        if let Some(notes) = &self.notes {
            tags.tag("n", notes)?;
        }
        if let Some(public_key) = &self.public_key {
            tags.tag("p", public_key)?;
        }
        tags.list("s", &self.service_types)?;
        tags.list("t", &self.flags)?;
        for tag in &self.unknown {
            tags.tag(&tag.name, &tag.value)?;
        }
        Ok(())
    }
}
