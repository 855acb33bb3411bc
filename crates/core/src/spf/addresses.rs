//! Addresses and names as `check_host()` compares them: address families, reverse
//! names, CIDR matching, the domain check of RFC 7208 §4.3.

use std::net::IpAddr;

use super::DualCidr;
use super::macros::nibbles;
use crate::dns::{Query, RecordData, RecordType};

pub(super) fn address_type(ip: IpAddr) -> RecordType {
    match ip {
        IpAddr::V4(_) => RecordType::A,
        IpAddr::V6(_) => RecordType::Aaaa,
    }
}

pub(super) fn reverse_query(ip: IpAddr) -> Query {
    let name = match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            format!("{d}.{c}.{b}.{a}.in-addr.arpa")
        }
        IpAddr::V6(v6) => {
            let mut parts = nibbles(v6);
            parts.reverse();
            format!("{}.ip6.arpa", parts.join("."))
        }
    };
    Query::new(&name, RecordType::Ptr)
}

pub(super) fn ptr_names(records: &[crate::dns::Record]) -> Vec<String> {
    records
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Ptr { target } => Some(target.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

pub(super) fn is_same_or_subdomain(name: &str, domain: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    name.eq_ignore_ascii_case(domain)
        || (name.len() > domain.len()
            && name.as_bytes()[name.len() - domain.len() - 1] == b'.'
            && name[name.len() - domain.len()..].eq_ignore_ascii_case(domain))
}

pub(super) fn any_address_matches(
    records: &[crate::dns::Record],
    ip: IpAddr,
    cidr: DualCidr,
) -> bool {
    records.iter().any(|record| match (&record.data, ip) {
        (RecordData::A { address }, IpAddr::V4(_)) => {
            in_network(ip, IpAddr::V4(*address), cidr.v4.unwrap_or(32))
        }
        (RecordData::Aaaa { address }, IpAddr::V6(_)) => {
            in_network(ip, IpAddr::V6(*address), cidr.v6.unwrap_or(128))
        }
        _ => false,
    })
}

pub(super) fn in_network(ip: IpAddr, network: IpAddr, prefix: u8) -> bool {
    match (ip, network) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// RFC 7208 §4.3: a name check_host() can work with — labels of 1 to 63 octets, at most
/// 253 octets, more than one label, and a top label that is not all digits.
pub(crate) fn is_valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty() && label.len() <= 63 && label.bytes().all(|b| b.is_ascii_graphic())
        })
        && !labels
            .last()
            .is_some_and(|top| top.bytes().all(|b| b.is_ascii_digit()))
}
