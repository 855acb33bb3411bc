//! The presentation form round trip: whatever `RecordData`'s `Display` prints (which is
//! what our server sends as `data`) reads back as the same data.

use std::net::{Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;

use super::tests::{body_one, record, wire};
use super::*;

/// Owner and target names: zero labels is the root (`""`), which prints as `.`.
fn name() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-z0-9_]([a-z0-9_-]{0,8}[a-z0-9_])?", 0..4)
        .prop_map(|labels| labels.join("."))
}

fn record_data() -> impl Strategy<Value = RecordData> {
    prop_oneof![
        any::<u32>().prop_map(|n| RecordData::A {
            address: Ipv4Addr::from(n)
        }),
        any::<u128>().prop_map(|n| RecordData::Aaaa {
            address: Ipv6Addr::from(n)
        }),
        name().prop_map(|target| RecordData::Cname { target }),
        (any::<u16>(), name()).prop_map(|(preference, exchange)| RecordData::Mx {
            preference,
            exchange
        }),
        name().prop_map(|host| RecordData::Ns { host }),
        name().prop_map(|target| RecordData::Ptr { target }),
        (name(), name(), any::<[u32; 5]>()).prop_map(|(mname, rname, n)| RecordData::Soa {
            mname,
            rname,
            serial: n[0],
            refresh: n[1],
            retry: n[2],
            expire: n[3],
            minimum: n[4],
        }),
        // Any text at all round-trips: Display escapes `\` and `"`, and everything
        // else, control characters included, stands for itself inside quotes. The
        // only restriction: at least one string, as on the wire (RFC 1035 §3.3.14);
        // a record with none would print as nothing and read back as one empty string.
        proptest::collection::vec(any::<String>(), 1..4)
            .prop_map(|strings| RecordData::Txt { strings }),
        // At least one octet of digest and of key: with none there is nothing to
        // print after the fixed fields, and no DS or DNSKEY is that short.
        (
            any::<(u16, u8, u8)>(),
            proptest::collection::vec(any::<u8>(), 1..40)
        )
            .prop_map(
                |((key_tag, algorithm, digest_type), digest)| RecordData::Ds {
                    key_tag,
                    algorithm,
                    digest_type,
                    digest: digest.iter().map(|b| format!("{b:02x}")).collect(),
                }
            ),
        (
            any::<(u16, u8, u8)>(),
            proptest::collection::vec(any::<u8>(), 1..80)
        )
            .prop_map(|((flags, protocol, algorithm), key)| RecordData::Dnskey {
                flags,
                protocol,
                algorithm,
                public_key: crate::dkim::key::encode_base64(&key),
            }),
        (any::<[u16; 3]>(), name()).prop_map(|(n, target)| RecordData::Srv {
            priority: n[0],
            weight: n[1],
            port: n[2],
            target,
        }),
        (
            any::<(u8, u8, u8)>(),
            proptest::collection::vec(any::<u8>(), 1..64)
        )
            .prop_map(
                |((usage, selector, matching_type), data)| RecordData::Tlsa {
                    usage,
                    selector,
                    matching_type,
                    data: data.iter().map(|b| format!("{b:02x}")).collect(),
                }
            ),
    ]
}

proptest! {
    #[test]
    fn presentation_form_round_trips(data in record_data(), ttl in any::<u32>()) {
        let query = Query::new("example.com", data.record_type());
        let value = wire("example.com.", type_number(data.record_type()), ttl, &data.to_string());
        let expected = record("example.com", ttl, data);
        prop_assert_eq!(
            outcome_from_json(&query, &body_one(&query, value)),
            Ok(Outcome::Records { records: vec![expected] })
        );
    }

    #[test]
    fn any_body_gives_an_outcome_or_an_error(body in any::<String>()) {
        let query = Query::new("example.com", RecordType::Txt);
        let _ = outcome_from_json(&query, &body);
    }
}
