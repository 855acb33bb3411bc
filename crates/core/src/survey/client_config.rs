//! How mail clients find their servers: Outlook's autodiscover (a CNAME or the
//! `_autodiscover._tcp` SRV record), Thunderbird's autoconfig host, and the RFC 6186
//! SRV records for submission and IMAP. After a move these still send every newly set
//! up client to the old servers unless they are changed with MX.

use serde::{Deserialize, Serialize};

use crate::catalog::detect_client_config_host;
use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};

/// Where the survey looks, relative to the domain.
const LOOKUPS: [(&str, RecordType); 5] = [
    ("_autodiscover._tcp", RecordType::Srv),
    ("autodiscover", RecordType::Cname),
    ("autoconfig", RecordType::Cname),
    ("_submission._tcp", RecordType::Srv),
    ("_imaps._tcp", RecordType::Srv),
];

/// One record that sends mail clients somewhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientConfigFact {
    /// Where it was found (`autodiscover.example.jp`).
    pub owner: String,
    /// CNAME or SRV.
    #[serde(rename = "type")]
    pub rtype: RecordType,
    /// The record in presentation form.
    pub record: String,
    /// The host clients are sent to; `""` when an SRV record says the service is not
    /// offered (target `.`, RFC 2782).
    pub target: String,
    /// The catalog id of the mailbox provider that host belongs to, when known.
    pub provider: Option<String>,
}

impl ClientConfigFact {
    /// Whether this is one of Outlook's autodiscover records.
    pub fn is_autodiscover(&self) -> bool {
        self.owner.starts_with("autodiscover.") || self.owner.starts_with("_autodiscover._tcp.")
    }
}

/// The queries, in a stable order.
pub(super) fn queries(domain: &str) -> impl Iterator<Item = Query> + '_ {
    LOOKUPS
        .iter()
        .map(move |(label, rtype)| Query::new(&format!("{label}.{domain}"), *rtype))
}

/// Every record found, in lookup order.
pub(super) fn facts(answers: &Answers, domain: &str) -> Vec<ClientConfigFact> {
    let mut facts = Vec::new();
    for query in queries(domain) {
        let Some(Outcome::Records { records }) = answers.get(&query) else {
            continue;
        };
        for record in records {
            let target = match &record.data {
                // The alias owned by the name asked, not one met further along.
                RecordData::Cname { target }
                    if query.rtype == RecordType::Cname && record.name == query.name =>
                {
                    target
                }
                RecordData::Srv { target, .. } if query.rtype == RecordType::Srv => target,
                _ => continue,
            };
            facts.push(ClientConfigFact {
                owner: query.name.clone(),
                rtype: query.rtype,
                record: record.data.to_string(),
                target: target.clone(),
                provider: detect_client_config_host(target)
                    .map(|detection| detection.provider.id.to_owned()),
            });
        }
    }
    facts
}
