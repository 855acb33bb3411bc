//! The report's facts, one function each, every one read from the answers alone.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use super::report::{DkimFact, DmarcFact, MAX_RECORD_ROWS, MxHost};
use super::state::Failure;
use super::{Survey, ns};
use crate::dns::{Answers, Outcome, Query, Record, RecordData, RecordType};

/// The records answered for `name` and `rtype` (none for a failed or negative answer).
pub(super) fn records_of<'a>(answers: &'a Answers, name: &str, rtype: RecordType) -> &'a [Record] {
    match answers.get(&Query::new(name, rtype)) {
        Some(Outcome::Records { records }) => records.as_slice(),
        _ => &[],
    }
}

/// The TXT records at `name`, each joined from its character-strings.
pub(super) fn txt_at(answers: &Answers, name: &str) -> Vec<String> {
    records_of(answers, name, RecordType::Txt)
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Txt { strings } => Some(strings.concat()),
            _ => None,
        })
        .collect()
}

/// The exchangers, by preference then name, with their addresses as far as answered.
pub(super) fn mx(answers: &Answers, domain: &str) -> Vec<MxHost> {
    let mut mx: Vec<MxHost> = records_of(answers, domain, RecordType::Mx)
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Mx {
                preference,
                exchange,
            } => Some(exchanger(answers, *preference, exchange)),
            _ => None,
        })
        .collect();
    crate::sort::sort_by(&mut mx, |a, b| {
        (a.preference, &a.host).cmp(&(b.preference, &b.host))
    });
    mx
}

fn exchanger(answers: &Answers, preference: u16, exchange: &str) -> MxHost {
    let address_records = || {
        [RecordType::A, RecordType::Aaaa]
            .into_iter()
            .flat_map(|rtype| records_of(answers, exchange, rtype))
    };
    MxHost {
        preference,
        host: exchange.to_owned(),
        addresses: address_records()
            .filter_map(|record| match record.data {
                RecordData::A { address } => Some(IpAddr::V4(address)),
                RecordData::Aaaa { address } => Some(IpAddr::V6(address)),
                _ => None,
            })
            .collect(),
        // Resolvers keep the alias in the answer: a CNAME owned by the exchanger's
        // own name means the MX points at an alias.
        cname: address_records().find_map(|record| match &record.data {
            RecordData::Cname { target } if record.name == exchange => Some(target.clone()),
            _ => None,
        }),
        addresses_known: [RecordType::A, RecordType::Aaaa].into_iter().all(|rtype| {
            answers
                .get(&Query::new(exchange, rtype))
                .is_some_and(|outcome| !outcome.is_could_not_check())
        }),
    }
}

/// The MX set's TTL, and whether it is the zone's own (an authoritative server
/// answered it directly) rather than what the resolver's cache had left.
pub(super) fn mx_ttl(survey: &Survey) -> (Option<u32>, bool) {
    let (answers, domain) = (survey.answers(), survey.domain().as_str());
    match ns::zone_mx_ttl(answers, domain, &survey.hosts(RecordType::Ns)) {
        Some(ttl) => (Some(ttl), true),
        None => (
            records_of(answers, domain, RecordType::Mx)
                .iter()
                .map(|record| record.ttl)
                .min(),
            false,
        ),
    }
}

/// The name servers, as answered.
pub(super) fn ns(answers: &Answers, domain: &str) -> Vec<String> {
    records_of(answers, domain, RecordType::Ns)
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Ns { host } => Some(host.clone()),
            _ => None,
        })
        .collect()
}

/// The SOA's serial and negative-caching TTL.
pub(super) fn soa(answers: &Answers, domain: &str) -> Option<(u32, u32)> {
    records_of(answers, domain, RecordType::Soa)
        .iter()
        .find_map(|record| match record.data {
            RecordData::Soa {
                serial, minimum, ..
            } => Some((serial, minimum)),
            _ => None,
        })
}

/// DMARC at the domain, else at its organisational domain (RFC 7489 §6.6.3).
pub(super) fn dmarc(survey: &Survey) -> Option<DmarcFact> {
    let domain = survey.domain();
    [domain.clone(), domain.organizational_domain()]
        .into_iter()
        .enumerate()
        .find_map(|(idx, name)| {
            let found_at = format!("_dmarc.{name}");
            let record = txt_at(survey.answers(), &found_at)
                .into_iter()
                .find(|text| crate::dmarc::is_dmarc_record(text))?;
            Some(DmarcFact {
                found_at,
                record,
                inherited: idx == 1 && name != *domain,
            })
        })
}

/// The DKIM key records found, by selector.
pub(super) fn dkim(survey: &Survey) -> Vec<DkimFact> {
    let domain = survey.domain().as_str();
    survey
        .selectors()
        .into_iter()
        .filter_map(|selector| {
            let record = txt_at(survey.answers(), &format!("{selector}._domainkey.{domain}"))
                .into_iter()
                .next()?;
            let bits = crate::dkim::parse(&record).0.key_bits();
            Some(DkimFact {
                selector,
                record,
                bits,
            })
        })
        .collect()
}

/// The first TXT record at `name` that starts with `prefix` (any case).
pub(super) fn first_of(answers: &Answers, name: &str, prefix: &str) -> Option<String> {
    txt_at(answers, name).into_iter().find(|text| {
        text.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    })
}

/// The TXT records at every name a mail record lives at: the domain, `_dmarc` at the
/// domain and its organisational domain, the DKIM selectors tried, `_mta-sts`,
/// `_smtp._tls` and `default._bimi`. Names without TXT records are left out.
pub(super) fn mail_txt(survey: &Survey) -> BTreeMap<String, Vec<String>> {
    let domain = survey.domain();
    let mut names = vec![
        domain.as_str().to_owned(),
        format!("_dmarc.{domain}"),
        format!("_dmarc.{}", domain.organizational_domain()),
        format!("_mta-sts.{domain}"),
        format!("_smtp._tls.{domain}"),
        format!("default._bimi.{domain}"),
    ];
    names.extend(
        survey
            .selectors()
            .iter()
            .map(|selector| format!("{selector}._domainkey.{domain}")),
    );
    names
        .into_iter()
        .filter_map(|name| {
            let records = txt_at(survey.answers(), &name);
            (!records.is_empty()).then_some((name, records))
        })
        .collect()
}

/// The lookups that got no usable answer, with why. Direct questions count only where
/// they speak about the domain's records.
pub(super) fn unknown(answers: &Answers) -> Vec<(Query, Failure)> {
    answers
        .iter()
        .filter(|(query, outcome)| match (query.server, outcome) {
            // A name server that refuses its own zone is lame, and an address the
            // shell would not contact was never asked: `ns_servers` says both,
            // and neither means the domain's records could not be read.
            (Some(_), Outcome::Refused | Outcome::NotAsked) => false,
            // The MX asked directly only refines its TTL; whether that server could
            // be reached is said by its SOA question.
            (Some(_), _) if query.rtype == RecordType::Mx => false,
            // So does the delegation asked of the parent's servers: it only names the
            // servers of a zone that does not answer.
            (Some(_), _) if query.rtype == RecordType::Ns => false,
            _ => outcome.is_could_not_check(),
        })
        .filter_map(|(query, outcome)| Some((query.clone(), Failure::of(outcome)?)))
        .collect()
}

/// The domain as the user typed it, for messages: no control characters, and not a
/// novel.
pub(super) fn typed(survey: &Survey) -> Option<String> {
    survey.options.typed.as_ref().map(|typed| {
        typed
            .chars()
            .filter(|ch| !ch.is_control())
            .take(256)
            .collect()
    })
}

/// What the survey still needed and did not ask: not answered, not handed out.
pub(super) fn not_asked(survey: &Survey) -> Vec<Query> {
    let mut seen = BTreeSet::new();
    survey
        .needed()
        .into_iter()
        .filter(|query| {
            !survey.answers().contains_key(query)
                && !survey.pending.contains(query)
                && seen.insert(query.clone())
        })
        .collect()
}

/// The records answered for `domain` and names below it, once each, in a stable order.
pub(super) fn own_records(answers: &Answers, domain: &str) -> Vec<Record> {
    let suffix = format!(".{domain}");
    let mut records: Vec<Record> = Vec::new();
    for (query, outcome) in answers {
        let own = query.name == domain || query.name.ends_with(&suffix);
        if query.server.is_some() || !own {
            continue;
        }
        if let Outcome::Records { records: answered } = outcome {
            for record in answered {
                if !records.contains(record) {
                    records.push(record.clone());
                }
            }
        }
        if records.len() >= MAX_RECORD_ROWS {
            records.truncate(MAX_RECORD_ROWS);
            break;
        }
    }
    records
}
