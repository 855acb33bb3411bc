//! What a mail move can break besides mail: where the website is (the addresses of the
//! domain and of `www`), DANE records of the domain's own exchangers, and the zone's
//! contact mailbox (the SOA RNAME). The migration-hazard rules read these facts.
//!
//! The website questions are first-round questions (they depend on no answer), so
//! they need no share of the survey's reserve; the TLSA questions follow the MX
//! answer and come last in the fan-out, at most [`MAX_TLSA_HOSTS`] of them: when a
//! huge SPF tree spends the budget first they are listed as not asked.

use std::net::IpAddr;

use serde::Serialize;

use super::Presence;
use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};

/// At most this many exchangers get their `_25._tcp` TLSA set asked.
pub const MAX_TLSA_HOSTS: usize = 4;

/// The website names looked up, relative to the domain (`@` is the domain itself).
const WEBSITE_LABELS: [&str; 2] = ["@", "www"];

/// One website name and where it points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WebsiteFact {
    /// The name (`example.jp`, `www.example.jp`).
    pub name: String,
    /// Its A and AAAA addresses, as far as answered.
    pub addresses: Vec<IpAddr>,
    /// The names its CNAME chain went through, in order (`example.xsrv.jp`).
    pub aliases: Vec<String>,
    /// Whether both address lookups were answered (so an empty `addresses` means the
    /// name has no address).
    pub known: bool,
}

/// DANE (RFC 7672) for one of the domain's own exchangers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TlsaFact {
    /// The exchanger (`mail.example.jp`).
    pub exchanger: String,
    /// Where the TLSA set lives (`_25._tcp.mail.example.jp`).
    pub owner: String,
    /// The records, in presentation form.
    pub records: Vec<String>,
    /// Whether the set is there.
    pub presence: Presence,
}

/// The facts of this file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HostingFacts {
    /// The domain and `www`.
    pub website: Vec<WebsiteFact>,
    /// TLSA sets of the exchangers in the domain's own zone (at most
    /// [`MAX_TLSA_HOSTS`]). Exchangers of a provider's zone are the provider's to
    /// manage, and the move leaves them behind.
    pub tlsa: Vec<TlsaFact>,
    /// The zone's contact mailbox from the SOA RNAME (`hostmaster@example.jp`).
    pub soa_contact: Option<String>,
}

/// The website names as DNS names.
fn website_names(domain: &str) -> impl Iterator<Item = String> + '_ {
    WEBSITE_LABELS.into_iter().map(move |label| match label {
        "@" => domain.to_owned(),
        label => format!("{label}.{domain}"),
    })
}

/// The first-round questions: A and AAAA of the domain and of `www`.
pub(super) fn website_queries(domain: &str) -> Vec<Query> {
    website_names(domain)
        .flat_map(|name| [RecordType::A, RecordType::Aaaa].map(|rtype| Query::new(&name, rtype)))
        .collect()
}

/// The exchangers whose TLSA set is worth asking: those in the domain's own zone.
fn own_exchangers<'a>(domain: &str, exchangers: &'a [String]) -> Vec<&'a String> {
    let suffix = format!(".{domain}");
    exchangers
        .iter()
        .filter(|host| *host == domain || host.ends_with(&suffix))
        .take(MAX_TLSA_HOSTS)
        .collect()
}

/// `_25._tcp.<exchanger>` TLSA for the domain's own exchangers (RFC 7672 §2.2.1).
pub(super) fn tlsa_queries(domain: &str, exchangers: &[String]) -> Vec<Query> {
    own_exchangers(domain, exchangers)
        .into_iter()
        .map(|host| Query::new(&format!("_25._tcp.{host}"), RecordType::Tlsa))
        .collect()
}

/// The facts from the answers so far.
pub(super) fn facts(answers: &Answers, domain: &str, exchangers: &[String]) -> HostingFacts {
    let website = website_names(domain)
        .map(|name| website_fact(answers, name))
        .collect();
    let tlsa = own_exchangers(domain, exchangers)
        .into_iter()
        .filter_map(|host| {
            let owner = format!("_25._tcp.{host}");
            let outcome = answers.get(&Query::new(&owner, RecordType::Tlsa))?;
            let (records, presence) = match outcome {
                Outcome::Records { records } => (
                    records
                        .iter()
                        .filter(|record| matches!(record.data, RecordData::Tlsa { .. }))
                        .map(|record| record.data.to_string())
                        .collect::<Vec<_>>(),
                    Presence::Present,
                ),
                Outcome::NoData { .. } | Outcome::NxDomain { .. } => (Vec::new(), Presence::Absent),
                _ => (Vec::new(), Presence::Unknown),
            };
            // A CNAME without TLSA behind it is no TLSA set.
            let presence = if presence == Presence::Present && records.is_empty() {
                Presence::Absent
            } else {
                presence
            };
            Some(TlsaFact {
                exchanger: host.clone(),
                owner,
                records,
                presence,
            })
        })
        .collect();
    let soa_contact = match answers.get(&Query::new(domain, RecordType::Soa)) {
        Some(Outcome::Records { records }) => {
            records.iter().find_map(|record| match &record.data {
                RecordData::Soa { rname, .. } if record.name == domain => mailbox(rname),
                _ => None,
            })
        }
        _ => None,
    };
    HostingFacts {
        website,
        tlsa,
        soa_contact,
    }
}

fn website_fact(answers: &Answers, name: String) -> WebsiteFact {
    let mut addresses = Vec::new();
    let mut aliases: Vec<String> = Vec::new();
    let mut known = true;
    for rtype in [RecordType::A, RecordType::Aaaa] {
        match answers.get(&Query::new(&name, rtype)) {
            Some(Outcome::Records { records }) => {
                for record in records {
                    match &record.data {
                        RecordData::A { address } => addresses.push(IpAddr::V4(*address)),
                        RecordData::Aaaa { address } => addresses.push(IpAddr::V6(*address)),
                        RecordData::Cname { target } if !aliases.contains(target) => {
                            aliases.push(target.clone());
                        }
                        _ => {}
                    }
                }
            }
            Some(Outcome::NoData { .. } | Outcome::NxDomain { .. }) => {}
            _ => known = false,
        }
    }
    WebsiteFact {
        name,
        addresses,
        aliases,
        known,
    }
}

/// The mailbox an SOA RNAME names (RFC 1035 §3.3.13, RFC 1912 §2.2): the first label
/// is the local part (a `\.` in it is a dot of the address), the rest the domain.
/// `None` for the root or a name of one label.
pub(crate) fn mailbox(rname: &str) -> Option<String> {
    let bytes = rname.as_bytes();
    let mut idx = 0;
    while idx < bytes.len() {
        match bytes[idx] {
            b'\\' => idx += 2,
            b'.' => break,
            _ => idx += 1,
        }
    }
    let local = rname.get(..idx)?.replace("\\.", ".");
    let domain = rname.get(idx + 1..)?;
    (!local.is_empty() && !domain.is_empty()).then(|| format!("{local}@{domain}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::Record;
    use std::net::Ipv4Addr;

    fn records(name: &str, data: Vec<RecordData>) -> Outcome {
        Outcome::Records {
            records: data
                .into_iter()
                .map(|data| Record {
                    name: name.into(),
                    ttl: 300,
                    data,
                })
                .collect(),
        }
    }

    #[test]
    fn the_soa_rname_is_a_mailbox() {
        assert_eq!(
            mailbox("hostmaster.example.jp").as_deref(),
            Some("hostmaster@example.jp")
        );
        assert_eq!(
            mailbox("john\\.doe.example.jp").as_deref(),
            Some("john.doe@example.jp")
        );
        assert_eq!(mailbox(""), None);
        assert_eq!(mailbox("hostmaster"), None);
    }

    #[test]
    fn tlsa_is_asked_only_for_exchangers_in_the_own_zone() {
        let exchangers: Vec<String> = [
            "example.jp",
            "mail.example.jp",
            "mx01.lolipop.jp",
            "notexample.jp",
        ]
        .map(str::to_owned)
        .to_vec();
        let names: Vec<String> = tlsa_queries("example.jp", &exchangers)
            .into_iter()
            .map(|query| query.name)
            .collect();
        assert_eq!(names, ["_25._tcp.example.jp", "_25._tcp.mail.example.jp"]);
    }

    #[test]
    fn facts_read_website_aliases_tlsa_and_contact() {
        let mut answers = Answers::new();
        answers.insert(
            Query::new("www.example.jp", RecordType::A),
            Outcome::Records {
                records: vec![
                    Record {
                        name: "www.example.jp".into(),
                        ttl: 300,
                        data: RecordData::Cname {
                            target: "sv1.xserver.jp".into(),
                        },
                    },
                    Record {
                        name: "sv1.xserver.jp".into(),
                        ttl: 300,
                        data: RecordData::A {
                            address: Ipv4Addr::new(192, 0, 2, 1),
                        },
                    },
                ],
            },
        );
        answers.insert(
            Query::new("www.example.jp", RecordType::Aaaa),
            Outcome::NoData { negative_ttl: None },
        );
        answers.insert(Query::new("example.jp", RecordType::A), Outcome::Timeout);
        answers.insert(
            Query::new("_25._tcp.mail.example.jp", RecordType::Tlsa),
            records(
                "_25._tcp.mail.example.jp",
                vec![RecordData::Tlsa {
                    usage: 3,
                    selector: 1,
                    matching_type: 1,
                    data: "ab".repeat(32),
                }],
            ),
        );
        answers.insert(
            Query::new("example.jp", RecordType::Soa),
            records(
                "example.jp",
                vec![RecordData::Soa {
                    mname: "ns1.example.jp".into(),
                    rname: "hostmaster.example.jp".into(),
                    serial: 1,
                    refresh: 1,
                    retry: 1,
                    expire: 1,
                    minimum: 1,
                }],
            ),
        );
        let facts = facts(&answers, "example.jp", &["mail.example.jp".to_owned()]);
        assert!(!facts.website[0].known, "the apex A timed out");
        let www = &facts.website[1];
        assert!(www.known);
        assert_eq!(www.aliases, ["sv1.xserver.jp"]);
        assert_eq!(www.addresses, [IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))]);
        assert_eq!(facts.tlsa.len(), 1);
        assert_eq!(facts.tlsa[0].presence, Presence::Present);
        assert_eq!(facts.soa_contact.as_deref(), Some("hostmaster@example.jp"));
    }
}
