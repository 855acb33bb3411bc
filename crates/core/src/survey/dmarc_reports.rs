//! External DMARC report destinations (RFC 7489 §7.1): a `rua=`/`ruf=` address outside
//! the domain's organisation receives reports only if that destination publishes
//! `<policy-domain>._report._dmarc.<destination>` with `v=DMARC1`. Without it, report
//! generators drop the reports silently — the domain believes it is monitoring and
//! sees nothing, which hurts most during a move, when reports show forgotten senders.

use serde::{Deserialize, Serialize};

use crate::DomainName;
use crate::dns::{Answers, Outcome, Query, RecordData, RecordType};

/// At most this many external report domains are checked: each costs a query, and a
/// record with more destinations than this is unusual.
pub const MAX_REPORT_DOMAINS: usize = 5;

/// Whether an external destination accepts the domain's reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportAuthorisation {
    /// The destination publishes the authorisation record.
    Authorised,
    /// It does not: reports are not sent there.
    NotAuthorised,
    /// The lookup failed or was not made (beyond the limit): could not check.
    CouldNotCheck,
}

/// One external `mailto:` destination of the DMARC record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalReportFact {
    /// `rua` or `ruf`.
    pub tag: String,
    /// The URI as written (`mailto:reports@dmarc.example.net`).
    pub uri: String,
    /// The address's domain.
    pub report_domain: String,
    /// The name that must hold `v=DMARC1`.
    pub query: String,
    /// What the lookup said.
    pub status: ReportAuthorisation,
}

/// The DMARC record in force for `domain` and the domain it was found for: the
/// domain's own, else the organisational domain's (RFC 7489 §6.6.3).
pub(super) fn policy(answers: &Answers, domain: &DomainName) -> Option<(String, String)> {
    [domain.clone(), domain.organizational_domain()]
        .into_iter()
        .find_map(|name| {
            let query = Query::new(&format!("_dmarc.{name}"), RecordType::Txt);
            let Some(Outcome::Records { records }) = answers.get(&query) else {
                return None;
            };
            records.iter().find_map(|record| match &record.data {
                RecordData::Txt { strings } => {
                    let text = strings.concat();
                    crate::dmarc::is_dmarc_record(&text).then(|| (name.as_str().to_owned(), text))
                }
                _ => None,
            })
        })
}

/// Every external `mailto:` destination and its authorisation query name, in record
/// order (rua first), before any lookup.
fn destinations(answers: &Answers, domain: &DomainName) -> Vec<(String, String, String, String)> {
    let Some((policy_domain, record)) = policy(answers, domain) else {
        return Vec::new();
    };
    let org = domain.organizational_domain();
    let org = org.as_str();
    let (parsed, _) = crate::dmarc::parse(&record);
    let tagged = parsed
        .rua
        .iter()
        .map(|uri| ("rua", uri))
        .chain(parsed.ruf.iter().map(|uri| ("ruf", uri)));
    let mut out = Vec::new();
    for (tag, uri) in tagged {
        let Some(report_domain) = mailto_domain(&uri.uri) else {
            continue;
        };
        // Within the organisation (§7.1 compares organisational domains): no record needed.
        if report_domain == org || report_domain.ends_with(&format!(".{org}")) {
            continue;
        }
        let query = format!("{policy_domain}._report._dmarc.{report_domain}");
        if query.len() > 253 {
            continue;
        }
        out.push((tag.to_owned(), uri.uri.clone(), report_domain, query));
    }
    out
}

/// The authorisation queries to ask, one per report domain, at most
/// [`MAX_REPORT_DOMAINS`].
pub(super) fn needed(answers: &Answers, domain: &DomainName) -> Vec<Query> {
    let mut queries: Vec<Query> = Vec::new();
    for (_, _, _, name) in destinations(answers, domain) {
        let query = Query::new(&name, RecordType::Txt);
        if !queries.contains(&query) {
            queries.push(query);
        }
    }
    queries.truncate(MAX_REPORT_DOMAINS);
    queries
}

/// The facts: one per external destination.
pub(super) fn facts(answers: &Answers, domain: &DomainName) -> Vec<ExternalReportFact> {
    let asked = needed(answers, domain);
    destinations(answers, domain)
        .into_iter()
        .map(|(tag, uri, report_domain, name)| {
            let query = Query::new(&name, RecordType::Txt);
            let status = match answers.get(&query) {
                // Beyond the limit, or not answered yet.
                _ if !asked.contains(&query) => ReportAuthorisation::CouldNotCheck,
                Some(Outcome::Records { records }) => {
                    if records.iter().any(|record| match &record.data {
                        RecordData::Txt { strings } => {
                            crate::dmarc::is_dmarc_record(&strings.concat())
                        }
                        _ => false,
                    }) {
                        ReportAuthorisation::Authorised
                    } else {
                        ReportAuthorisation::NotAuthorised
                    }
                }
                Some(Outcome::NoData { .. } | Outcome::NxDomain { .. }) => {
                    ReportAuthorisation::NotAuthorised
                }
                Some(_) | None => ReportAuthorisation::CouldNotCheck,
            };
            ExternalReportFact {
                tag,
                uri,
                report_domain,
                query: name,
                status,
            }
        })
        .collect()
}

/// The domain of a `mailto:` URI (`mailto:a@b.example?subject=x` → `b.example`), when it
/// is a plausible host name. Other schemes are not checked: §7.1 is about mail.
fn mailto_domain(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.trim().split_once(':')?;
    if !scheme.eq_ignore_ascii_case("mailto") {
        return None;
    }
    let address = rest.split(['?', ',']).next()?;
    let (_, host) = address.rsplit_once('@')?;
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let plausible = host.len() <= 253
        && host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    plausible.then_some(host)
}

#[cfg(test)]
mod tests {
    use super::mailto_domain;

    #[test]
    fn reads_the_domain_of_a_mailto_uri() {
        for (uri, expected) in [
            ("mailto:d@example.jp", Some("example.jp")),
            ("MAILTO:d@Reports.Example.NET.", Some("reports.example.net")),
            (
                "mailto:d@dmarc.example.net?subject=x",
                Some("dmarc.example.net"),
            ),
            ("https://example.net/reports", None),
            ("mailto:nobody", None),
            ("mailto:d@localhost", None),
            ("mailto:d@exa mple.net", None),
        ] {
            assert_eq!(mailto_domain(uri).as_deref(), expected, "{uri}");
        }
    }
}
