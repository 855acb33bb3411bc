//! The survey's facts, built from the answers gathered so far.

use std::net::IpAddr;

use serde::Serialize;

use super::Survey;
use super::client_config::{self, ClientConfigFact};
use super::dmarc_reports::{self, ExternalReportFact};
use super::dnssec::{self, DnssecFact};
use super::ns::{self, NsServersFact};
use super::readiness::{self, Readiness};
use super::spf_tree::{self, SpfNode};
use super::state::{self, DomainState, Failure};
use crate::catalog::{Detection, MailProvider, Observed, detect_mail_providers};
use crate::dns::{Outcome, Query, RecordData, RecordType};
use crate::findings::{Ctx, Finding, RecordKind, lint};

/// What the survey found. Every part is built from answers only; a part whose
/// queries failed lists them in `could_not_check`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The domain in A-labels.
    pub domain: String,
    /// The domain in U-labels, for display.
    pub domain_unicode: String,
    /// Name servers.
    pub ns: Vec<String>,
    /// SOA serial and negative-caching TTL, when answered.
    pub soa: Option<(u32, u32)>,
    /// MX records sorted by preference, with the exchangers' addresses.
    pub mx: Vec<MxHost>,
    /// The TTL of the MX record set (what a cutover must wait out): the zone's own,
    /// as an authoritative name server serves it, when one answered; else the
    /// resolver's, which a cache may have counted down (`mx_ttl_from_zone` false).
    pub mx_ttl: Option<u32>,
    /// Whether `mx_ttl` came from an authoritative name server (the zone's value).
    pub mx_ttl_from_zone: bool,
    /// Whether the domain exists and its name servers answer.
    pub state: DomainState,
    /// The domain as the user typed it, when the shell passed it on.
    pub typed: Option<String>,
    /// For a domain that does not exist: its organisational domain, when that one
    /// answered (the typo is then in the labels in front of it).
    pub existing_parent: Option<String>,
    /// For a zone that does not answer: how its apex lookups failed, mostly.
    pub apex_failure: Option<Failure>,
    /// When the domain's own NS lookup failed: the name servers its parent zone
    /// delegates it to, asked of the parent's servers directly.
    pub delegation: Vec<String>,
    /// `MX 0 .` (RFC 7505): the domain accepts no mail.
    pub null_mx: bool,
    /// SPF records at the domain (normally one).
    pub spf_records: Vec<String>,
    /// The include/redirect tree.
    pub spf_tree: SpfNode,
    /// DNS-querying terms in the whole tree (RFC 7208 §4.6.4 allows 10).
    pub spf_lookup_count: u32,
    /// Whether `spf_lookup_count` is only a lower bound: part of the tree could not
    /// be read (not asked, could not check, macros, too deep) or loops.
    pub spf_lookup_count_is_minimum: bool,
    /// Void lookups in the whole tree (RFC 7208 §4.6.4 allows 2): include and
    /// redirect targets, and `a`, `mx` and `exists` targets, whose lookup found
    /// nothing (`SpfNode::void_lookups`).
    pub spf_void_lookup_count: u32,
    /// DMARC, at the domain or its organisational domain.
    pub dmarc: Option<DmarcFact>,
    /// DKIM key records found, by selector.
    pub dkim: Vec<DkimFact>,
    /// Every DKIM selector tried, in the order tried (found or not).
    pub dkim_selectors: Vec<String>,
    /// The website's addresses, the own exchangers' TLSA sets, the SOA contact.
    pub hosting: super::HostingFacts,
    /// The `_mta-sts` TXT record.
    pub mta_sts: Option<String>,
    /// The MTA-STS policy file, when the TXT record announces one and the shell
    /// fetched it (or tried to).
    pub mta_sts_policy: Option<crate::mta_sts::PolicyFetch>,
    /// The `_smtp._tls` TXT record.
    pub tls_rpt: Option<String>,
    /// The `default._bimi` TXT record.
    pub bimi: Option<String>,
    /// Every TXT record at the domain (verification tokens live here).
    pub txt: Vec<String>,
    /// Whether the zone is signed (DNSSEC).
    pub dnssec: DnssecFact,
    /// What each authoritative name server serves when asked directly, and whether
    /// they agree.
    pub ns_servers: NsServersFact,
    /// Records that send mail clients to a server (autodiscover, autoconfig, SRV).
    pub client_config: Vec<ClientConfigFact>,
    /// DMARC report addresses outside the organisation, and whether they accept the
    /// domain's reports (RFC 7489 §7.1).
    pub dmarc_external_reports: Vec<ExternalReportFact>,
    /// What is in place for the chosen target, when one was chosen.
    pub readiness: Option<Readiness>,
    /// What the record-level rules say about the records found.
    pub findings: Vec<Finding>,
    /// Queries that timed out, failed or were refused: those parts are unknown.
    /// Direct questions to a name server are listed only when they timed out or got
    /// SERVFAIL; the others are in `ns_servers`.
    pub could_not_check: Vec<Query>,
    /// Why each of `could_not_check` failed, in the same order.
    #[serde(skip)]
    pub failures: Vec<Failure>,
    /// Queries the survey still needed but never asked, because its budget of
    /// [`MAX_QUERIES`](super::MAX_QUERIES) questions was spent (or the shell stopped
    /// before asking them): those parts are unknown too.
    pub not_asked: Vec<Query>,
    /// Queries answered.
    pub queries: usize,
    /// Every record answered about the domain's own names (not the SPF includes' or
    /// the providers'), with the TTL as served: the tables of the report. At most
    /// [`MAX_RECORD_ROWS`].
    pub records: Vec<crate::dns::Record>,
}

/// The report lists at most this many records.
pub const MAX_RECORD_ROWS: usize = 200;

/// One exchanger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MxHost {
    /// Lower is preferred.
    pub preference: u16,
    /// The exchanger's name.
    pub host: String,
    /// Its A and AAAA addresses as far as answered.
    pub addresses: Vec<IpAddr>,
    /// Whether both address lookups were answered (so an empty `addresses` means the
    /// exchanger really does not resolve).
    pub addresses_known: bool,
    /// The alias target when the exchanger's name is a CNAME (RFC 2181 §10.3 forbids it).
    pub cname: Option<String>,
}

/// A DMARC record and where it was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DmarcFact {
    /// `_dmarc.<domain>` or `_dmarc.<organisational domain>`.
    pub found_at: String,
    /// The record.
    pub record: String,
    /// Whether it came from the organisational-domain fallback.
    pub inherited: bool,
}

/// A DKIM key record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DkimFact {
    /// The selector.
    pub selector: String,
    /// The record.
    pub record: String,
    /// Key length in bits, when the key could be read.
    pub bits: Option<u32>,
}

pub(super) fn build(survey: &Survey) -> Report {
    let answers = survey.answers();
    let domain = survey.domain().as_str();
    let txt_at = |name: &str| -> Vec<String> {
        match answers.get(&Query::new(name, RecordType::Txt)) {
            Some(Outcome::Records { records }) => records
                .iter()
                .filter_map(|record| match &record.data {
                    RecordData::Txt { strings } => Some(strings.concat()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let records_of = |name: &str, rtype: RecordType| match answers.get(&Query::new(name, rtype)) {
        Some(Outcome::Records { records }) => records.as_slice(),
        _ => &[],
    };

    let mut mx: Vec<MxHost> = records_of(domain, RecordType::Mx)
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Mx {
                preference,
                exchange,
            } => Some(MxHost {
                preference: *preference,
                host: exchange.clone(),
                addresses: [RecordType::A, RecordType::Aaaa]
                    .into_iter()
                    .flat_map(|rtype| records_of(exchange, rtype))
                    .filter_map(|record| match record.data {
                        RecordData::A { address } => Some(IpAddr::V4(address)),
                        RecordData::Aaaa { address } => Some(IpAddr::V6(address)),
                        _ => None,
                    })
                    .collect(),
                // Resolvers keep the alias in the answer: a CNAME owned by the
                // exchanger's own name means the MX points at an alias.
                cname: [RecordType::A, RecordType::Aaaa]
                    .into_iter()
                    .flat_map(|rtype| records_of(exchange, rtype))
                    .find_map(|record| match &record.data {
                        RecordData::Cname { target } if record.name == *exchange => {
                            Some(target.clone())
                        }
                        _ => None,
                    }),
                addresses_known: [RecordType::A, RecordType::Aaaa].into_iter().all(|rtype| {
                    answers
                        .get(&Query::new(exchange, rtype))
                        .is_some_and(|outcome| !outcome.is_could_not_check())
                }),
            }),
            _ => None,
        })
        .collect();
    crate::sort::sort_by(&mut mx, |a, b| {
        (a.preference, &a.host).cmp(&(b.preference, &b.host))
    });
    let null_mx = mx.len() == 1 && mx[0].host.is_empty();

    let tree = spf_tree::build(answers, domain);
    let txt = txt_at(domain);
    let dmarc = [
        survey.domain().clone(),
        survey.domain().organizational_domain(),
    ]
    .into_iter()
    .enumerate()
    .find_map(|(idx, name)| {
        let found_at = format!("_dmarc.{name}");
        let record = txt_at(&found_at)
            .into_iter()
            .find(|text| crate::dmarc::is_dmarc_record(text))?;
        Some(DmarcFact {
            found_at,
            record,
            inherited: idx == 1 && name != *survey.domain(),
        })
    });
    let dkim: Vec<DkimFact> = survey
        .selectors()
        .into_iter()
        .filter_map(|selector| {
            let record = txt_at(&format!("{selector}._domainkey.{domain}"))
                .into_iter()
                .next()?;
            let bits = crate::dkim::parse(&record).0.key_bits();
            Some(DkimFact {
                selector,
                record,
                bits,
            })
        })
        .collect();
    let mut findings = Vec::new();
    let mut lint_at = |owner: &str, kind: RecordKind, records: &[String]| {
        if !records.is_empty() {
            findings.extend(lint(&Ctx {
                report: None,
                owner,
                kind,
                records,
            }));
        }
    };
    lint_at(domain, RecordKind::Spf, &txt);
    for name in [
        survey.domain().clone(),
        survey.domain().organizational_domain(),
    ] {
        let owner = format!("_dmarc.{name}");
        let records = txt_at(&owner);
        if records
            .iter()
            .any(|text| crate::dmarc::is_dmarc_record(text))
        {
            lint_at(&owner, RecordKind::Dmarc, &records);
            break;
        }
    }
    for fact in &dkim {
        let owner = format!("{}._domainkey.{domain}", fact.selector);
        lint_at(&owner, RecordKind::DkimKey, &txt_at(&owner));
    }
    for (prefix, kind) in [
        ("_mta-sts", RecordKind::MtaStsRecord),
        ("_smtp._tls", RecordKind::TlsRpt),
        ("default._bimi", RecordKind::Bimi),
    ] {
        let owner = format!("{prefix}.{domain}");
        lint_at(&owner, kind, &txt_at(&owner));
    }
    if let Some(crate::mta_sts::PolicyFetch::Fetched { body, .. }) = survey.policy() {
        lint_at(
            &format!("mta-sts.{domain}"),
            RecordKind::MtaStsPolicy,
            std::slice::from_ref(body),
        );
    }
    crate::sort::sort_by(&mut findings, |a, b| {
        b.severity.cmp(&a.severity).then(a.code.cmp(&b.code))
    });
    let first_of = |name: String, prefix: &str| {
        txt_at(&name).into_iter().find(|text| {
            text.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        })
    };
    let ns: Vec<String> = records_of(domain, RecordType::Ns)
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Ns { host } => Some(host.clone()),
            _ => None,
        })
        .collect();
    // Counted like `Survey::hosts`, which caps the hosts it looks up.
    let ns_hosts = ns.iter().collect::<std::collections::BTreeSet<_>>().len();
    let unknown: Vec<(Query, Failure)> = answers
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
        .collect();
    let (mx_ttl, mx_ttl_from_zone) =
        match ns::zone_mx_ttl(answers, domain, &survey.hosts(RecordType::Ns)) {
            Some(ttl) => (Some(ttl), true),
            None => (
                records_of(domain, RecordType::Mx)
                    .iter()
                    .map(|record| record.ttl)
                    .min(),
                false,
            ),
        };
    let domain_state = state::domain_state(answers, domain);
    let mut report = Report {
        domain: domain.to_owned(),
        domain_unicode: survey.domain().to_unicode(),
        ns,
        soa: records_of(domain, RecordType::Soa)
            .iter()
            .find_map(|record| match record.data {
                RecordData::Soa {
                    serial, minimum, ..
                } => Some((serial, minimum)),
                _ => None,
            }),
        mx_ttl,
        mx_ttl_from_zone,
        state: domain_state,
        // Repeated in messages: no control characters, and not a novel.
        typed: survey.options.typed.as_ref().map(|typed| {
            typed
                .chars()
                .filter(|ch| !ch.is_control())
                .take(256)
                .collect()
        }),
        existing_parent: (domain_state == DomainState::NotFound)
            .then(|| state::existing_parent(answers, survey.domain()))
            .flatten(),
        apex_failure: state::apex_failure(answers, domain),
        delegation: super::delegation::delegation(answers, domain),
        mx,
        null_mx,
        spf_records: txt
            .iter()
            .filter(|text| crate::spf::is_spf_record(text))
            .cloned()
            .collect(),
        spf_lookup_count: tree.total_lookups,
        spf_lookup_count_is_minimum: tree.is_minimum(),
        spf_void_lookup_count: tree.void_lookups(),
        spf_tree: tree,
        dmarc,
        dkim,
        dkim_selectors: survey.selectors(),
        hosting: super::hosting::facts(answers, domain, &survey.hosts(RecordType::Mx)),
        mta_sts: first_of(format!("_mta-sts.{domain}"), "v=STSv1"),
        mta_sts_policy: survey.policy().cloned(),
        tls_rpt: first_of(format!("_smtp._tls.{domain}"), "v=TLSRPTv1"),
        bimi: first_of(format!("default._bimi.{domain}"), "v=BIMI1"),
        txt,
        dnssec: dnssec::fact(answers, domain),
        ns_servers: ns::fact(answers, domain, &survey.hosts(RecordType::Ns), ns_hosts),
        client_config: client_config::facts(answers, domain),
        dmarc_external_reports: dmarc_reports::facts(answers, survey.domain()),
        readiness: None,
        findings,
        could_not_check: unknown.iter().map(|(query, _)| query.clone()).collect(),
        failures: unknown.iter().map(|(_, failure)| *failure).collect(),
        not_asked: not_asked(survey),
        queries: answers.len(),
        records: own_records(answers, domain),
    };
    if let Some(target) = survey.options.target.as_deref() {
        report.readiness = readiness::build(answers, &report, target);
    }
    // Rules that read several answers at once run on the finished facts.
    let survey_findings = lint(&Ctx {
        owner: domain,
        kind: RecordKind::Survey,
        records: &[],
        report: Some(&report),
    });
    report.findings.extend(survey_findings);
    crate::sort::sort_by(&mut report.findings, |a, b| {
        b.severity.cmp(&a.severity).then(a.code.cmp(&b.code))
    });
    settle(&mut report);
    report
}

/// What the domain's state leaves of the findings and readiness. A domain that does
/// not exist, or whose name servers all fail, gets the one finding that says so:
/// every other finding would follow from it ("no MX" of a name that is not there)
/// or judge records nobody could read. And no readiness item is ok while a finding
/// of its topic is an error, or while the domain itself cannot be read.
fn settle(report: &mut Report) {
    let only = match report.state {
        DomainState::Answering => None,
        DomainState::NotFound => Some("domain-not-found"),
        DomainState::Unreachable => Some("dns-zone-unreachable"),
        DomainState::NoAnswers => Some("dns-could-not-check"),
    };
    if let Some(code) = only {
        report.findings.retain(|finding| finding.code.0 == code);
    }
    let errors: Vec<crate::findings::Finding> = report
        .findings
        .iter()
        .filter(|finding| finding.severity == crate::findings::Severity::Error)
        .cloned()
        .collect();
    let state = report.state;
    if let Some(readiness) = report.readiness.as_mut() {
        readiness::settle(readiness, state, &errors);
    }
}

impl Report {
    /// The mailbox providers the MX points at, by exchanger name or address, with
    /// only that evidence: who receives the mail now. SPF and name servers say who
    /// may send or host DNS, not where mail lands, so they are left out.
    pub fn mx_providers(&self) -> Vec<Detection<MailProvider>> {
        let mx_hosts: Vec<&str> = self
            .mx
            .iter()
            .map(|host| host.host.as_str())
            .filter(|host| !host.is_empty())
            .collect();
        let addresses: Vec<IpAddr> = self
            .mx
            .iter()
            .flat_map(|host| host.addresses.iter().copied())
            .collect();
        let names = self.exchanger_names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let observed = Observed {
            mx_hosts: &mx_hosts,
            exchanger_addresses: &addresses,
            exchanger_names: &names,
            ..Observed::default()
        };
        detect_mail_providers(&observed)
            .into_iter()
            .filter(Detection::receives_mail)
            .collect()
    }
}

impl Report {
    /// The names the exchangers are aliases for (the CNAME targets their address
    /// lookups went through), each once: how an own-name MX can reveal the server
    /// behind it. The survey asks no PTR, so these are the only exchanger names.
    pub fn exchanger_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for target in self.mx.iter().filter_map(|host| host.cname.as_ref()) {
            if !names.contains(target) {
                names.push(target.clone());
            }
        }
        names
    }
}

/// What the survey still needed and did not ask: not answered, not handed out.
fn not_asked(survey: &Survey) -> Vec<Query> {
    let mut seen = std::collections::BTreeSet::new();
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

/// Test support: a report with nothing found and nothing failed.
#[cfg(test)]
pub(crate) fn empty(domain: &str) -> Report {
    Report {
        domain: domain.into(),
        domain_unicode: domain.into(),
        ns: Vec::new(),
        soa: None,
        mx: Vec::new(),
        mx_ttl: None,
        mx_ttl_from_zone: false,
        state: DomainState::Answering,
        typed: None,
        existing_parent: None,
        apex_failure: None,
        delegation: Vec::new(),
        null_mx: false,
        spf_records: Vec::new(),
        spf_tree: SpfNode {
            domain: domain.into(),
            via: "root",
            record: None,
            problem: Some("not-found"),
            void: false,
            lookups: 0,
            total_lookups: 0,
            targets: Vec::new(),
            children: Vec::new(),
        },
        spf_lookup_count: 0,
        spf_lookup_count_is_minimum: false,
        spf_void_lookup_count: 0,
        dmarc: None,
        dkim: Vec::new(),
        dkim_selectors: Vec::new(),
        hosting: super::HostingFacts::default(),
        mta_sts: None,
        mta_sts_policy: None,
        tls_rpt: None,
        bimi: None,
        txt: Vec::new(),
        dnssec: DnssecFact {
            status: super::DnssecStatus::CouldNotCheck,
            ds: super::Presence::Unknown,
            dnskey: super::Presence::Unknown,
            ds_records: Vec::new(),
            dnskey_tags: Vec::new(),
        },
        ns_servers: NsServersFact {
            servers: Vec::new(),
            status: super::NsSerialStatus::Unknown,
            newest_serial: None,
            lagging: Vec::new(),
            addresses: std::collections::BTreeMap::new(),
            shared_network: None,
        },
        client_config: Vec::new(),
        dmarc_external_reports: Vec::new(),
        readiness: None,
        findings: Vec::new(),
        could_not_check: Vec::new(),
        failures: Vec::new(),
        not_asked: Vec::new(),
        queries: 0,
        records: Vec::new(),
    }
}

/// The records answered for `domain` and names below it, once each, in a stable order.
fn own_records(answers: &crate::dns::Answers, domain: &str) -> Vec<crate::dns::Record> {
    let suffix = format!(".{domain}");
    let mut records: Vec<crate::dns::Record> = Vec::new();
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
