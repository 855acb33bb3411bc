//! The survey's facts, built from the answers gathered so far: facts only. What the
//! rules say about them is `findings::review`'s.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::Serialize;

use super::Survey;
use super::client_config::{self, ClientConfigFact};
use super::dmarc_reports::{self, ExternalReportFact};
use super::dnssec::{self, DnssecFact};
use super::facts;
use super::ns::{self, NsServersFact};
use super::providers::{self, DetectedProviders};
use super::readiness::{self, Readiness};
use super::spf_tree::{self, SpfNode};
use super::state::{self, DomainState, Failure};
use crate::catalog::{Detection, MailProvider};
use crate::dns::{Query, RecordType};

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
    /// The TXT records at each name mail records live at (the domain, `_dmarc`, the
    /// DKIM selectors tried, `_mta-sts`, `_smtp._tls`, `default._bimi`), by name:
    /// what the record rules read. Names without TXT records are left out.
    pub mail_txt: BTreeMap<String, Vec<String>>,
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
    /// Who runs what: the catalog's providers the observations point at.
    pub providers: DetectedProviders,
    /// What is in place for the chosen target, when one was chosen.
    pub readiness: Option<Readiness>,
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

impl DmarcFact {
    /// The tags as written, with `p` as a receiver reads it (the parser's policy,
    /// when it has one) and `found_at`: what the report shows.
    pub fn tags(&self) -> BTreeMap<String, String> {
        let mut tags = crate::dmarc::tags_as_written(&self.record);
        if let Some(policy) = crate::dmarc::parse(&self.record).0.policy {
            tags.insert("p".into(), policy.as_str().to_owned());
        }
        tags.insert("found_at".into(), self.found_at.clone());
        tags
    }
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
    let mx = facts::mx(answers, domain);
    let null_mx = mx.len() == 1 && mx[0].host.is_empty();
    let tree = spf_tree::build(answers, domain);
    let txt = facts::txt_at(answers, domain);
    let ns = facts::ns(answers, domain);
    // Counted like `Survey::hosts`, which caps the hosts it looks up.
    let ns_hosts = ns.iter().collect::<std::collections::BTreeSet<_>>().len();
    let unknown = facts::unknown(answers);
    let (mx_ttl, mx_ttl_from_zone) = facts::mx_ttl(survey);
    let state = state::domain_state(answers, domain);
    let mut report = Report {
        domain: domain.to_owned(),
        domain_unicode: survey.domain().to_unicode(),
        ns,
        soa: facts::soa(answers, domain),
        mx_ttl,
        mx_ttl_from_zone,
        state,
        typed: facts::typed(survey),
        existing_parent: (state == DomainState::NotFound)
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
        dmarc: facts::dmarc(survey),
        dkim: facts::dkim(survey),
        dkim_selectors: survey.selectors(),
        hosting: super::hosting::facts(answers, domain, &survey.hosts(RecordType::Mx)),
        mta_sts: facts::first_of(answers, &format!("_mta-sts.{domain}"), "v=STSv1"),
        mta_sts_policy: survey.policy().cloned(),
        tls_rpt: facts::first_of(answers, &format!("_smtp._tls.{domain}"), "v=TLSRPTv1"),
        bimi: facts::first_of(answers, &format!("default._bimi.{domain}"), "v=BIMI1"),
        txt,
        mail_txt: facts::mail_txt(survey),
        dnssec: dnssec::fact(answers, domain),
        ns_servers: ns::fact(answers, domain, &survey.hosts(RecordType::Ns), ns_hosts),
        client_config: client_config::facts(answers, domain),
        dmarc_external_reports: dmarc_reports::facts(answers, survey.domain()),
        providers: DetectedProviders::default(),
        readiness: None,
        could_not_check: unknown.iter().map(|(query, _)| query.clone()).collect(),
        failures: unknown.iter().map(|(_, failure)| *failure).collect(),
        not_asked: facts::not_asked(survey),
        queries: answers.len(),
        records: facts::own_records(answers, domain),
    };
    report.detect_providers();
    if let Some(target) = survey.options.target.as_deref() {
        report.readiness = readiness::build(answers, &report, target);
    }
    report
}

impl Report {
    /// The TXT records at `name`, when it is one of the names mail records live at
    /// (see `mail_txt`).
    pub fn txt_at(&self, name: &str) -> &[String] {
        self.mail_txt.get(name).map_or(&[], Vec::as_slice)
    }

    /// Detects the providers from the facts (once, when the report is built; tests
    /// that change a report's facts call it again).
    pub(crate) fn detect_providers(&mut self) {
        self.providers = providers::detect(self);
    }

    /// The mailbox providers the MX points at, by exchanger name or address, with
    /// only that evidence, in catalog order: who receives the mail now. SPF and name
    /// servers say who may send or host DNS, not where mail lands, so they are left
    /// out.
    pub fn mx_providers(&self) -> Vec<Detection<MailProvider>> {
        providers::receiving(&self.providers.mail)
    }

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
            problem: Some(super::SpfProblem::NotFound),
            ..SpfNode::new(domain, super::SpfVia::Root)
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
        mail_txt: BTreeMap::new(),
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
        providers: DetectedProviders::default(),
        readiness: None,
        could_not_check: Vec::new(),
        failures: Vec::new(),
        not_asked: Vec::new(),
        queries: 0,
        records: Vec::new(),
    }
}
