//! Reading [`RecordData`] back from JSON (the check page reads the server's report).
//!
//! Why not serde's derive: for an internally tagged enum (`{"type": "MX", …}`) it
//! buffers every field of every record into a generic `Content` tree first, and that
//! code was the largest single function of the page's WebAssembly. One flat struct
//! with every field optional reads the same JSON in one pass. Writing stays derived,
//! so the JSON is unchanged; the round-trip test below holds the two together.

use std::net::IpAddr;

use serde::Deserialize;

use super::{RecordData, RecordType};

/// Every field any record type has; which ones must be there depends on `type`.
#[derive(Deserialize)]
pub(super) struct RecordDataWire {
    #[serde(rename = "type")]
    rtype: RecordType,
    address: Option<IpAddr>,
    target: Option<String>,
    preference: Option<u16>,
    exchange: Option<String>,
    host: Option<String>,
    mname: Option<String>,
    rname: Option<String>,
    serial: Option<u32>,
    refresh: Option<u32>,
    retry: Option<u32>,
    expire: Option<u32>,
    minimum: Option<u32>,
    strings: Option<Vec<String>>,
    key_tag: Option<u16>,
    algorithm: Option<u8>,
    digest_type: Option<u8>,
    digest: Option<String>,
    flags: Option<u16>,
    protocol: Option<u8>,
    public_key: Option<String>,
    priority: Option<u16>,
    weight: Option<u16>,
    port: Option<u16>,
    usage: Option<u8>,
    selector: Option<u8>,
    matching_type: Option<u8>,
    data: Option<String>,
}

/// The first field a record of its type lacks.
#[derive(Debug)]
pub(super) struct MissingField(&'static str);

impl std::fmt::Display for MissingField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "missing field `{}`", self.0)
    }
}

fn need<T>(value: Option<T>, name: &'static str) -> Result<T, MissingField> {
    value.ok_or(MissingField(name))
}

impl TryFrom<RecordDataWire> for RecordData {
    type Error = MissingField;

    fn try_from(wire: RecordDataWire) -> Result<RecordData, MissingField> {
        Ok(match wire.rtype {
            RecordType::A => match need(wire.address, "address")? {
                IpAddr::V4(address) => RecordData::A { address },
                IpAddr::V6(_) => return Err(MissingField("address (IPv4)")),
            },
            RecordType::Aaaa => match need(wire.address, "address")? {
                IpAddr::V6(address) => RecordData::Aaaa { address },
                IpAddr::V4(_) => return Err(MissingField("address (IPv6)")),
            },
            RecordType::Cname => RecordData::Cname {
                target: need(wire.target, "target")?,
            },
            RecordType::Mx => RecordData::Mx {
                preference: need(wire.preference, "preference")?,
                exchange: need(wire.exchange, "exchange")?,
            },
            RecordType::Ns => RecordData::Ns {
                host: need(wire.host, "host")?,
            },
            RecordType::Soa => RecordData::Soa {
                mname: need(wire.mname, "mname")?,
                rname: need(wire.rname, "rname")?,
                serial: need(wire.serial, "serial")?,
                refresh: need(wire.refresh, "refresh")?,
                retry: need(wire.retry, "retry")?,
                expire: need(wire.expire, "expire")?,
                minimum: need(wire.minimum, "minimum")?,
            },
            RecordType::Txt => RecordData::Txt {
                strings: need(wire.strings, "strings")?,
            },
            RecordType::Ptr => RecordData::Ptr {
                target: need(wire.target, "target")?,
            },
            RecordType::Ds => RecordData::Ds {
                key_tag: need(wire.key_tag, "key_tag")?,
                algorithm: need(wire.algorithm, "algorithm")?,
                digest_type: need(wire.digest_type, "digest_type")?,
                digest: need(wire.digest, "digest")?,
            },
            RecordType::Dnskey => RecordData::Dnskey {
                flags: need(wire.flags, "flags")?,
                protocol: need(wire.protocol, "protocol")?,
                algorithm: need(wire.algorithm, "algorithm")?,
                public_key: need(wire.public_key, "public_key")?,
            },
            RecordType::Srv => RecordData::Srv {
                priority: need(wire.priority, "priority")?,
                weight: need(wire.weight, "weight")?,
                port: need(wire.port, "port")?,
                target: need(wire.target, "target")?,
            },
            RecordType::Tlsa => RecordData::Tlsa {
                usage: need(wire.usage, "usage")?,
                selector: need(wire.selector, "selector")?,
                matching_type: need(wire.matching_type, "matching_type")?,
                data: need(wire.data, "data")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_type() -> Vec<RecordData> {
        vec![
            RecordData::A {
                address: "192.0.2.1".parse().expect("an address"),
            },
            RecordData::Aaaa {
                address: "2001:db8::1".parse().expect("an address"),
            },
            RecordData::Cname {
                target: "alias.example.jp".into(),
            },
            RecordData::Mx {
                preference: 10,
                exchange: "mx.example.jp".into(),
            },
            RecordData::Ns {
                host: "ns1.example.jp".into(),
            },
            RecordData::Soa {
                mname: "ns1.example.jp".into(),
                rname: "hostmaster.example.jp".into(),
                serial: 2026120701,
                refresh: 3600,
                retry: 600,
                expire: 604800,
                minimum: 300,
            },
            RecordData::Txt {
                strings: vec!["v=spf1 ".into(), "-all".into()],
            },
            RecordData::Ptr {
                target: "mail.example.jp".into(),
            },
            RecordData::Ds {
                key_tag: 12345,
                algorithm: 13,
                digest_type: 2,
                digest: "ab12".into(),
            },
            RecordData::Dnskey {
                flags: 257,
                protocol: 3,
                algorithm: 13,
                public_key: "AwEAAQ==".into(),
            },
            RecordData::Srv {
                priority: 0,
                weight: 5,
                port: 443,
                target: "autodiscover.example.jp".into(),
            },
            RecordData::Tlsa {
                usage: 3,
                selector: 1,
                matching_type: 1,
                data: "cd34".into(),
            },
        ]
    }

    #[test]
    fn every_type_reads_back_what_was_written() {
        let all = every_type();
        // One per type, so a type added later without a case here fails.
        assert_eq!(all.len(), RecordType::ALL.len());
        for data in all {
            let json = serde_json::to_string(&data).expect("serializes");
            let back: RecordData = serde_json::from_str(&json).expect(&json);
            assert_eq!(back, data, "{json}");
        }
    }

    #[test]
    fn a_record_without_its_fields_is_an_error_not_a_default() {
        for (json, missing) in [
            (r#"{"type":"MX","exchange":"mx.example.jp"}"#, "preference"),
            (r#"{"type":"A","address":"2001:db8::1"}"#, "address (IPv4)"),
            (r#"{"type":"TXT"}"#, "strings"),
        ] {
            let error = serde_json::from_str::<RecordData>(json).expect_err(json);
            assert!(error.to_string().contains(missing), "{json}: {error}");
        }
        assert!(serde_json::from_str::<RecordData>(r#"{"type":"HINFO"}"#).is_err());
    }
}
