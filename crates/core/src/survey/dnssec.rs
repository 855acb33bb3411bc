//! Whether the domain's zone is signed: the DS set at the parent and the DNSKEY set in
//! the zone (RFC 4033 §5, RFC 4035 §5). The survey verifies no signature; it reads
//! whether the chain of trust is there and whether the DS points at a key that exists,
//! because a DNS-host move that forgets the DS breaks every lookup for validating
//! resolvers, mail included.

use serde::{Deserialize, Serialize};

use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};

/// Whether records of one type are at a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    /// Records answered.
    Present,
    /// NODATA or NXDOMAIN.
    Absent,
    /// The query failed or was not answered: could not check.
    Unknown,
}

/// What the DS and DNSKEY sets say together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DnssecStatus {
    /// The parent has a DS that names one of the zone's keys.
    Signed,
    /// No DS at the parent: validating resolvers treat the zone as unsigned (even if
    /// the zone has keys of its own).
    Unsigned,
    /// A DS at the parent names no key in the zone: validating resolvers reject every
    /// answer from it.
    Broken,
    /// The name is not a zone apex (it has no SOA of its own), so it is signed or not
    /// with the zone above it, which the survey does not ask about.
    NotZoneApex,
    /// A query failed: could not check.
    CouldNotCheck,
}

/// The DNSSEC fact of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnssecFact {
    /// The verdict.
    pub status: DnssecStatus,
    /// DS records at the parent.
    pub ds: Presence,
    /// DNSKEY records in the zone.
    pub dnskey: Presence,
    /// The DS records in presentation form (`12345 13 2 ab…`).
    pub ds_records: Vec<String>,
    /// The key tags of the zone's keys, where they could be computed.
    pub dnskey_tags: Vec<u16>,
}

/// The DNSSEC fact from the DS, DNSKEY and SOA answers at `domain`.
pub(super) fn fact(answers: &Answers, domain: &str) -> DnssecFact {
    let (ds, ds_data) = presence(answers, domain, RecordType::Ds);
    let (dnskey, dnskey_data) = presence(answers, domain, RecordType::Dnskey);
    // (key tag, algorithm) pairs; `None` when a key's tag cannot be computed, so a
    // mismatch is claimed only when every key could be read.
    let keys: Vec<Option<(u16, u8)>> = dnskey_data
        .iter()
        .map(|data| match data {
            RecordData::Dnskey { algorithm, .. } => data.key_tag().map(|tag| (tag, *algorithm)),
            _ => None,
        })
        .collect();
    let ds_points_at_a_key = ds_data.iter().any(|data| match data {
        RecordData::Ds {
            key_tag, algorithm, ..
        } => keys
            .iter()
            .any(|key| key.is_none_or(|key| key == (*key_tag, *algorithm))),
        _ => false,
    });
    let status = match (ds, dnskey) {
        (Presence::Unknown, _) => DnssecStatus::CouldNotCheck,
        (Presence::Present, Presence::Absent) => DnssecStatus::Broken,
        (Presence::Present, Presence::Present) if ds_points_at_a_key => DnssecStatus::Signed,
        (Presence::Present, Presence::Present) => DnssecStatus::Broken,
        (Presence::Present, Presence::Unknown) => DnssecStatus::CouldNotCheck,
        (Presence::Absent, _) => match presence(answers, domain, RecordType::Soa).0 {
            Presence::Present => DnssecStatus::Unsigned,
            Presence::Absent => DnssecStatus::NotZoneApex,
            Presence::Unknown => DnssecStatus::CouldNotCheck,
        },
    };
    DnssecFact {
        status,
        ds,
        dnskey,
        ds_records: ds_data.iter().map(ToString::to_string).collect(),
        dnskey_tags: keys.iter().flatten().map(|(tag, _)| *tag).collect(),
    }
}

/// Whether `domain` has records of `rtype`, and their data (aliases on the way left out).
pub(super) fn presence(
    answers: &Answers,
    domain: &str,
    rtype: RecordType,
) -> (Presence, Vec<RecordData>) {
    match answers.get(&Query::new(domain, rtype)) {
        Some(Outcome::Records { records }) => {
            let data: Vec<RecordData> = records
                .iter()
                .filter(|record| record.data.record_type() == rtype)
                .map(|record| record.data.clone())
                .collect();
            let presence = if data.is_empty() {
                Presence::Absent
            } else {
                Presence::Present
            };
            (presence, data)
        }
        Some(Outcome::NoData { .. } | Outcome::NxDomain { .. }) => (Presence::Absent, Vec::new()),
        Some(_) | None => (Presence::Unknown, Vec::new()),
    }
}
