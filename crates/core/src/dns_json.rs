//! DNS over HTTPS in the JSON form (`application/dns-json`): Google's
//! `https://dns.google/resolve`, Cloudflare's `https://cloudflare-dns.com/dns-query`
//! and our own server's `/resolve`. With it the page can run the survey over any of
//! these endpoints: [`json_url`] says what to fetch, [`outcome_from_json`] reads the
//! body into an [`Outcome`].
//!
//! ```text
//! {"Status":0,"TC":false,"RD":true,"RA":true,"AD":false,"CD":false,
//!  "Question":[{"name":"example.com.","type":15}],
//!  "Answer":[{"name":"example.com.","type":15,"TTL":300,"data":"10 mx.example.com."}],
//!  "Authority":[{"name":"example.com.","type":6,"TTL":1800,
//!                "data":"ns1.example.com. hostmaster.example.com. 2026 7200 3600 1209600 300"}]}
//! ```
//!
//! `data` is the presentation form (RFC 1035 §5.1), except that Google sends TXT text
//! unquoted (see `presentation::parse_txt`).
//!
//! A DNS failure in the body (SERVFAIL, REFUSED) is an `Outcome`, as everywhere in core;
//! [`DnsJsonError`] is only for a body that cannot be read, which says nothing about the
//! domain either: the shell should treat it as "could not check".

use serde_json::Value;

use crate::dns::{Outcome, Query, Record, RecordData, RecordType};
use presentation::{parse_data, parse_name};

mod presentation;
#[cfg(test)]
mod round_trip;
#[cfg(test)]
mod tests;

/// Why a body could not be read as a DNS JSON answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DnsJsonError {
    /// Not JSON at all: an HTML error page, a captive portal, a cut-off body.
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    /// JSON, but not in the shape of a DNS answer.
    #[error("not a DNS JSON answer: {0}")]
    NotAnswer(String),
    /// The answer is to another question than the one asked.
    #[error("the answer is for {found}, not {asked}")]
    OtherQuestion {
        /// The question asked (`example.com MX`).
        asked: String,
        /// The question the body answers.
        found: String,
    },
    /// One record could not be read.
    #[error("{section}[{index}]: {field}: {problem}")]
    BadRecord {
        /// `Answer` or `Authority`.
        section: &'static str,
        /// The record's position in that section, from 0.
        index: usize,
        /// The field: `name`, `type`, `TTL`, `data`, or a part of `data` such as
        /// `data (MX exchange)`.
        field: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// The URL of the JSON question for `query` at `base` (such as
/// `https://dns.google/resolve`): `BASE?name=<name>&type=<MNEMONIC>`.
///
/// `base` is kept as given; when it already has a query string the parameters are
/// appended to it. `query.server` is ignored: a DoH endpoint is a resolver, so a direct
/// question cannot be sent this way (the shell answers those `NotAsked`).
/// The shell should send `Accept: application/dns-json`, which Cloudflare requires.
pub fn json_url(base: &str, query: &Query) -> String {
    let separator = match base.rfind('?') {
        None => "?",
        // `BASE?` or `BASE?a=b&`: the parameters follow directly.
        Some(_) if base.ends_with('?') || base.ends_with('&') => "",
        Some(_) => "&",
    };
    // The root has no characters of its own; the services take `.` for it.
    let name = if query.name.is_empty() {
        "."
    } else {
        &query.name
    };
    format!(
        "{base}{separator}name={}&type={}",
        percent_encode(name),
        query.rtype.as_str()
    )
}

/// RFC 3986 §2.3: unreserved characters stay, every other octet becomes `%XX`. A-labels
/// and `_` service labels need no escaping; anything else a caller passes is escaped
/// rather than allowed to add parameters (`&`, `#`).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The wire number of a type (RFC 1035 §3.2.2, RFC 3596, RFC 2782, RFC 4034), as the
/// JSON form's `type` fields carry it.
pub fn type_number(rtype: RecordType) -> u16 {
    match rtype {
        RecordType::A => 1,
        RecordType::Ns => 2,
        RecordType::Cname => 5,
        RecordType::Soa => 6,
        RecordType::Ptr => 12,
        RecordType::Mx => 15,
        RecordType::Txt => 16,
        RecordType::Aaaa => 28,
        RecordType::Srv => 33,
        RecordType::Ds => 43,
        RecordType::Dnskey => 48,
        RecordType::Tlsa => 52,
    }
}

/// The type with wire number `number`, if core models it.
pub fn type_from_number(number: u16) -> Option<RecordType> {
    RecordType::ALL
        .into_iter()
        .find(|rtype| type_number(*rtype) == number)
}

/// RCODEs (RFC 1035 §4.1.1) the reading distinguishes.
const NOERROR: u64 = 0;
const NXDOMAIN: u64 = 3;
const REFUSED: u64 = 5;

/// Reads a JSON answer to `query`.
///
/// `Status` is the RCODE: NOERROR gives the records of the asked type with the CNAMEs
/// on the way (`Records`), or `NoData` when there is none of the asked type; NXDOMAIN
/// gives `NxDomain`; REFUSED `Refused`; SERVFAIL and every other code `ServFail`.
/// Records of types core does not model (RRSIG …) are skipped. The negative TTL of
/// NODATA and NXDOMAIN comes from the SOA in `Authority` (RFC 2308 §5).
pub fn outcome_from_json(query: &Query, body: &str) -> Result<Outcome, DnsJsonError> {
    let value: Value =
        serde_json::from_str(body).map_err(|error| DnsJsonError::NotJson(error.to_string()))?;
    let Value::Object(object) = value else {
        return Err(DnsJsonError::NotAnswer(format!(
            "the body is {}, not an object",
            kind(&value)
        )));
    };
    let status = match object.get("Status") {
        Some(status) => status.as_u64().ok_or_else(|| {
            DnsJsonError::NotAnswer(format!("`Status` is {status}, not an RCODE"))
        })?,
        None => return Err(DnsJsonError::NotAnswer("there is no `Status`".into())),
    };
    check_question(query, object.get("Question"))?;

    match status {
        NOERROR | NXDOMAIN => {}
        REFUSED => return Ok(Outcome::Refused),
        // SERVFAIL, and codes that are no answer to a plain query (FORMERR, NOTIMP,
        // BADVERS …): the server failed us, which says nothing about the domain.
        _ => return Ok(Outcome::ServFail),
    }
    if status == NOERROR {
        let records = answer_records(query.rtype, section(&object, "Answer")?)?;
        if records
            .iter()
            .any(|record| record.data.record_type() == query.rtype)
        {
            return Ok(Outcome::Records { records });
        }
        // CNAMEs alone lead to a name without the asked type: NODATA for the question
        // (RFC 2308 §2.2); the aliases alone would mean nothing to the rules.
    }
    let negative_ttl = negative_ttl(section(&object, "Authority")?)?;
    Ok(if status == NXDOMAIN {
        Outcome::NxDomain { negative_ttl }
    } else {
        Outcome::NoData { negative_ttl }
    })
}

/// Refuses an answer to another question, when the body names one (all three services
/// do). A mix-up in a cache or a proxy must not be read as this name's answer.
fn check_question(query: &Query, question: Option<&Value>) -> Result<(), DnsJsonError> {
    let Some(first) = question
        .and_then(Value::as_array)
        .and_then(|list| list.first())
    else {
        return Ok(());
    };
    let name = first.get("name").and_then(Value::as_str);
    let rtype = first.get("type").and_then(Value::as_u64);
    let (Some(name), Some(rtype)) = (name, rtype) else {
        return Err(DnsJsonError::NotAnswer(format!(
            "`Question` is {first}, without a `name` and a numeric `type`"
        )));
    };
    let same_name = parse_name(name).is_ok_and(|name| name == query.name);
    if same_name && rtype == u64::from(type_number(query.rtype)) {
        return Ok(());
    }
    let shown_type = u16::try_from(rtype)
        .ok()
        .and_then(type_from_number)
        .map_or_else(|| format!("TYPE{rtype}"), |rtype| rtype.to_string());
    Err(DnsJsonError::OtherQuestion {
        asked: format!("{} {}", query.name, query.rtype),
        found: format!("{} {shown_type}", name.trim_end_matches('.')),
    })
}

/// The records of a section, `[]` when it is absent (Google and Cloudflare leave empty
/// sections out).
fn section<'a>(
    object: &'a serde_json::Map<String, Value>,
    key: &'static str,
) -> Result<&'a [Value], DnsJsonError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(records)) => Ok(records),
        Some(other) => Err(DnsJsonError::NotAnswer(format!(
            "`{key}` is {}, not a list",
            kind(other)
        ))),
    }
}

/// The answer records of the asked type and the CNAMEs on the way, in order. Other
/// records are left unread, so an odd record of another type cannot spoil the answer.
fn answer_records(asked: RecordType, records: &[Value]) -> Result<Vec<Record>, DnsJsonError> {
    let mut kept = Vec::new();
    for (index, value) in records.iter().enumerate() {
        let raw = RawRecord::read("Answer", index, value)?;
        match raw.rtype {
            Some(rtype) if rtype == asked || rtype == RecordType::Cname => {
                kept.push(raw.record(rtype)?);
            }
            _ => {}
        }
    }
    Ok(kept)
}

/// RFC 2308 §5: a negative answer may be cached for the smaller of the SOA's own TTL
/// and its MINIMUM field. `None` without a SOA in the authority section (our server
/// sends none; Google and Cloudflare do).
fn negative_ttl(authority: &[Value]) -> Result<Option<u32>, DnsJsonError> {
    for (index, value) in authority.iter().enumerate() {
        let raw = RawRecord::read("Authority", index, value)?;
        if raw.rtype == Some(RecordType::Soa) {
            let record = raw.record(RecordType::Soa)?;
            if let RecordData::Soa { minimum, .. } = record.data {
                return Ok(Some(record.ttl.min(minimum)));
            }
        }
    }
    Ok(None)
}

/// One record object with its fields checked but its `data` not yet parsed.
struct RawRecord<'a> {
    section: &'static str,
    index: usize,
    name: String,
    /// `None` for a type core does not model.
    rtype: Option<RecordType>,
    ttl: u32,
    data: &'a str,
}

impl<'a> RawRecord<'a> {
    fn read(section: &'static str, index: usize, value: &'a Value) -> Result<Self, DnsJsonError> {
        let bad = |field: &str, problem: String| DnsJsonError::BadRecord {
            section,
            index,
            field: field.to_owned(),
            problem,
        };
        let Value::Object(object) = value else {
            return Err(bad(
                "record",
                format!("{} instead of an object", kind(value)),
            ));
        };
        let field = |key: &str| object.get(key).ok_or_else(|| bad(key, "missing".into()));
        let name = field("name")?;
        let name = name
            .as_str()
            .ok_or_else(|| bad("name", format!("{} instead of a string", kind(name))))
            .and_then(|name| parse_name(name).map_err(|problem| bad("name", problem)))?;
        let rtype = match field("type")? {
            Value::Number(number) => number
                .as_u64()
                .and_then(|number| u16::try_from(number).ok())
                .map(type_from_number)
                .ok_or_else(|| bad("type", format!("{number} is not a type number")))?,
            // No service sends mnemonics, but they are unambiguous.
            Value::String(mnemonic) => RecordType::from_mnemonic(mnemonic),
            other => return Err(bad("type", format!("{} instead of a number", kind(other)))),
        };
        let ttl = field("TTL")?;
        let ttl = ttl
            .as_u64()
            .and_then(|ttl| u32::try_from(ttl).ok())
            .ok_or_else(|| bad("TTL", format!("{ttl} is not a TTL")))?;
        let data = field("data")?;
        let data = data
            .as_str()
            .ok_or_else(|| bad("data", format!("{} instead of a string", kind(data))))?;
        Ok(RawRecord {
            section,
            index,
            name,
            rtype,
            ttl,
            data,
        })
    }

    /// The record, its data parsed as `rtype`.
    fn record(self, rtype: RecordType) -> Result<Record, DnsJsonError> {
        let data = parse_data(rtype, self.data).map_err(|problem| DnsJsonError::BadRecord {
            section: self.section,
            index: self.index,
            field: match problem.part {
                Some(part) => format!("data ({rtype} {part})"),
                None => format!("data ({rtype})"),
            },
            problem: format!("{} in {:?}", problem.text, self.data),
        })?;
        Ok(Record {
            name: self.name,
            ttl: self.ttl,
            data,
        })
    }
}

/// A JSON value's kind, for error messages that should not echo a whole document.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
