//! Between core's DNS types and hickory's: record types, record data, and names as
//! core holds them (any octets in a label, no trailing dot) and as hickory asks them.

use hickory_resolver::proto::rr::{Name, RData, RecordType as HickoryType};
use mailmove_core::dns::{Record, RecordData, RecordType};

pub(crate) fn to_hickory(rtype: RecordType) -> HickoryType {
    // One table of type numbers: core's.
    HickoryType::from(mailmove_core::dns_json::type_number(rtype))
}

/// Record data of the types core reads; other types (RRSIG, …) are left out.
pub(super) fn from_hickory(data: &RData) -> Option<RecordData> {
    Some(match data {
        RData::A(a) => RecordData::A { address: a.0 },
        RData::AAAA(aaaa) => RecordData::Aaaa { address: aaaa.0 },
        RData::CNAME(cname) => RecordData::Cname {
            target: presentation(&cname.0),
        },
        RData::MX(mx) => RecordData::Mx {
            preference: mx.preference,
            exchange: presentation(&mx.exchange),
        },
        RData::NS(ns) => RecordData::Ns {
            host: presentation(&ns.0),
        },
        RData::PTR(ptr) => RecordData::Ptr {
            target: presentation(&ptr.0),
        },
        RData::SOA(soa) => RecordData::Soa {
            mname: presentation(&soa.mname),
            rname: presentation(&soa.rname),
            serial: soa.serial,
            // Wire format is unsigned 32-bit (RFC 1035 §3.3.13); hickory stores i32.
            refresh: soa.refresh as u32,
            retry: soa.retry as u32,
            expire: soa.expire as u32,
            minimum: soa.minimum,
        },
        RData::TXT(txt) => RecordData::Txt {
            // TXT data is bytes; non-UTF-8 octets are shown as U+FFFD, which no
            // mail record may contain anyway.
            strings: txt
                .txt_data
                .iter()
                .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
                .collect(),
        },
        RData::SRV(srv) => RecordData::Srv {
            priority: srv.priority,
            weight: srv.weight,
            port: srv.port,
            target: presentation(&srv.target),
        },
        RData::TLSA(tlsa) => RecordData::Tlsa {
            usage: u8::from(tlsa.cert_usage),
            selector: u8::from(tlsa.selector),
            matching_type: u8::from(tlsa.matching),
            data: tlsa
                .cert_data
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect(),
        },
        // Without hickory's DNSSEC feature (and the crypto library it pulls in) DS and
        // DNSKEY arrive as raw RDATA; core decodes them.
        RData::Unknown { code, rdata }
            if matches!(*code, HickoryType::DS | HickoryType::DNSKEY) =>
        {
            let rtype = if *code == HickoryType::DS {
                RecordType::Ds
            } else {
                RecordType::Dnskey
            };
            return RecordData::from_rdata(rtype, &rdata.anything);
        }
        _ => return None,
    })
}

/// A core record as a hickory record, for DNS-over-HTTPS answers. `None` only for a
/// name hickory cannot encode, which a resolver could not have handed us.
pub fn to_hickory_record(record: &Record) -> Option<hickory_resolver::proto::rr::Record> {
    // The same octets the resolver handed us (`""`, a null MX's target, is the root).
    let name = |text: &str| to_name(text).ok();
    use hickory_resolver::proto::rr::rdata;
    let data = match &record.data {
        RecordData::A { address } => RData::A(rdata::A(*address)),
        RecordData::Aaaa { address } => RData::AAAA(rdata::AAAA(*address)),
        RecordData::Cname { target } => RData::CNAME(rdata::CNAME(name(target)?)),
        RecordData::Mx {
            preference,
            exchange,
        } => RData::MX(rdata::MX::new(*preference, name(exchange)?)),
        RecordData::Ns { host } => RData::NS(rdata::NS(name(host)?)),
        RecordData::Ptr { target } => RData::PTR(rdata::PTR(name(target)?)),
        RecordData::Soa {
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
        } => RData::SOA(rdata::SOA::new(
            name(mname)?,
            name(rname)?,
            *serial,
            // hickory stores these as i32; the wire is the same 32 bits.
            *refresh as i32,
            *retry as i32,
            *expire as i32,
            *minimum,
        )),
        RecordData::Txt { strings } => RData::TXT(rdata::TXT::new(strings.clone())),
        RecordData::Srv {
            priority,
            weight,
            port,
            target,
        } => RData::SRV(rdata::SRV::new(*priority, *weight, *port, name(target)?)),
        RecordData::Tlsa {
            usage,
            selector,
            matching_type,
            data,
        } => RData::TLSA(rdata::TLSA::new(
            (*usage).into(),
            (*selector).into(),
            (*matching_type).into(),
            mailmove_core::dns::decode_hex(data)?,
        )),
        RecordData::Ds { .. } | RecordData::Dnskey { .. } => RData::Unknown {
            code: to_hickory(record.data.record_type()),
            rdata: rdata::NULL::with(record.data.to_rdata()?),
        },
    };
    Some(hickory_resolver::proto::rr::Record::from_rdata(
        name(&record.name)?,
        record.ttl,
        data,
    ))
}

/// Why a name cannot be put into a DNS question (RFC 1035 §2.3.4, RFC 2181 §11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnaskableName {
    /// Two dots in a row, or a dot at either end.
    EmptyLabel,
    /// A label of more than 63 octets (its length).
    LabelTooLong(usize),
    /// More than 255 octets on the wire (the length it would have).
    NameTooLong(usize),
}

impl std::fmt::Display for UnaskableName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnaskableName::EmptyLabel => f.write_str("empty label"),
            UnaskableName::LabelTooLong(len) => {
                write!(f, "a label of {len} octets (at most 63)")
            }
            UnaskableName::NameTooLong(len) => {
                write!(f, "{len} octets on the wire (at most 255)")
            }
        }
    }
}

/// A name as core holds it (labels joined by `.`, no trailing dot, `""` for the root)
/// as an absolute hickory name, every label's octets as they are: no IDNA, no escapes,
/// no host-name rules. RFC 7208 lets SPF names hold any visible character
/// (`a:foo:bar/baz.example.com`) and macros put spaces and `%` into them; such a name
/// must be asked as it is. User input is validated before it becomes a query
/// (`parse_query_name` for the API and DoH, `DomainName` for surveys), never here.
/// A dot inside a label cannot be expressed: core splits names at every dot.
pub(crate) fn to_name(text: &str) -> Result<Name, UnaskableName> {
    if text.is_empty() {
        return Ok(Name::root());
    }
    let mut wire = 1; // the root label's length octet
    for label in text.split('.') {
        match label.len() {
            0 => return Err(UnaskableName::EmptyLabel),
            len if len > 63 => return Err(UnaskableName::LabelTooLong(len)),
            len => wire += 1 + len,
        }
    }
    if wire > 255 {
        return Err(UnaskableName::NameTooLong(wire));
    }
    // Byte labels are taken as they are (`Label::from_raw_bytes`); hickory checks the
    // same lengths as above, so it has nothing left to refuse.
    Name::from_labels(text.split('.').map(str::as_bytes))
        .map_err(|_| UnaskableName::NameTooLong(wire))
}

/// A hickory name as core holds names: the labels' octets joined by `.`, ASCII letters
/// in lower case, no trailing dot, `""` for the root (a null MX). The inverse of
/// [`to_name`] for every name core can hold. Octets that are not UTF-8, which no core
/// name has, become U+FFFD, as in TXT data.
pub(crate) fn presentation(name: &Name) -> String {
    let labels: Vec<&[u8]> = name.iter().collect();
    let mut text = String::from_utf8_lossy(&labels.join(&b'.')).into_owned();
    text.make_ascii_lowercase();
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use mailmove_core::dns::Query;

    fn wire_labels(name: &Name) -> Vec<Vec<u8>> {
        name.iter().map(<[u8]>::to_vec).collect()
    }

    #[test]
    fn labels_keep_any_octet() {
        for (text, labels) in [
            (
                "foo:bar/baz.example.com",
                vec![&b"foo:bar/baz"[..], b"example", b"com"],
            ),
            // `%%`, `%_` and `%-` expanded (the suite's `macro-mania-in-domain`).
            (
                "macro%percent  space%20url-space.example.com",
                vec![&b"macro%percent  space%20url-space"[..], b"example", b"com"],
            ),
            (
                "-dash_.x\\y\".example.com",
                vec![&b"-dash_"[..], b"x\\y\"", b"example", b"com"],
            ),
            ("*.example.com", vec![&b"*"[..], b"example", b"com"]),
            ("\u{3042}.example", vec!["\u{3042}".as_bytes(), b"example"]),
        ] {
            let name = to_name(text).unwrap_or_else(|error| panic!("{text}: {error}"));
            assert!(name.is_fqdn(), "{text}");
            assert_eq!(wire_labels(&name), labels, "{text}");
            assert_eq!(presentation(&name), text, "{text} round-trips");
        }
    }

    #[test]
    fn one_text_one_question() {
        // The answer cache is keyed by core's `Query`: two keys must never be one
        // question, and one key never another's. A backslash is an octet like any
        // other, not the start of an escape.
        let escaped = to_name("a\\058b.example").expect("name");
        let plain = to_name("a:b.example").expect("name");
        assert_ne!(escaped, plain);
        assert_eq!(wire_labels(&escaped)[0], b"a\\058b");
        assert_eq!(presentation(&escaped), "a\\058b.example");
        // Case is the one thing DNS folds, and `Query::new` folds it first.
        let query = Query::new("Foo:Bar.Example", RecordType::A);
        assert_eq!(
            presentation(&to_name(&query.name).expect("name")),
            "foo:bar.example"
        );
    }

    #[test]
    fn the_wire_form_is_the_octets() {
        use hickory_resolver::proto::serialize::binary::BinEncodable as _;
        let name = to_name("a b%.example").expect("name");
        assert_eq!(
            name.to_bytes().expect("encodes"),
            b"\x04a b%\x07example\x00"
        );
    }

    #[test]
    fn names_that_cannot_exist_are_refused_with_a_reason() {
        let label_63 = "a".repeat(63);
        let label_64 = "a".repeat(64);
        assert!(to_name(&format!("{label_63}.example")).is_ok());
        assert_eq!(
            to_name(&format!("{label_64}.example")),
            Err(UnaskableName::LabelTooLong(64))
        );
        // The suite's `invalid-domain-long-via-macro`: 22 `%%` expand to a 64-octet label.
        assert_eq!(
            to_name(&format!("{}.t12.example.com", "%".repeat(64))),
            Err(UnaskableName::LabelTooLong(64))
        );
        for empty in ["a..example", ".example", "example.", "."] {
            assert_eq!(to_name(empty), Err(UnaskableName::EmptyLabel), "{empty}");
        }
        // 4 × 63-octet labels: 4 × 64 + 1 = 257 octets on the wire.
        let long = [label_63.as_str(); 4].join(".");
        assert_eq!(to_name(&long), Err(UnaskableName::NameTooLong(257)));
        // 253 characters is the longest name: 255 octets on the wire.
        let longest = [label_63.as_str(), &label_63, &label_63, &"a".repeat(61)].join(".");
        assert_eq!(longest.len(), 253);
        assert_eq!(to_name(&longest).expect("fits").len(), 254);
        assert_eq!(
            to_name(&format!("{longest}a")),
            Err(UnaskableName::NameTooLong(256))
        );
        assert_eq!(
            UnaskableName::LabelTooLong(64).to_string(),
            "a label of 64 octets (at most 63)"
        );
    }

    #[test]
    fn the_root_and_upper_case() {
        assert!(to_name("").expect("root").is_root());
        assert_eq!(presentation(&Name::root()), "");
        // Answers come back in whatever case the server keeps; core compares lower case.
        let upper = Name::from_labels([&b"Foo:Bar"[..], b"EXAMPLE"]).expect("name");
        assert_eq!(presentation(&upper), "foo:bar.example");
        // Only ASCII letters fold; other octets stay as they are.
        let latin1 = Name::from_labels([&[0xc9_u8][..], b"example"]).expect("name");
        assert_eq!(presentation(&latin1), "\u{fffd}.example");
    }

    #[test]
    fn records_for_doh_carry_the_same_octets() {
        let record = Record {
            name: "foo:bar/baz.example.com".into(),
            ttl: 300,
            data: RecordData::Mx {
                preference: 0,
                exchange: "mx with space.example.com".into(),
            },
        };
        let hickory = to_hickory_record(&record).expect("encodable");
        assert_eq!(presentation(&hickory.name), record.name);
        let RData::MX(mx) = &hickory.data else {
            panic!("{hickory:?}")
        };
        assert_eq!(presentation(&mx.exchange), "mx with space.example.com");
        let null = Record {
            data: RecordData::Mx {
                preference: 0,
                exchange: String::new(),
            },
            ..record.clone()
        };
        let RData::MX(mx) = to_hickory_record(&null).expect("encodable").data else {
            panic!("null MX")
        };
        assert!(mx.exchange.is_root());
        let too_long = Record {
            name: "a".repeat(64),
            ..record
        };
        assert!(to_hickory_record(&too_long).is_none());
    }
}
