//! Recognising catalog entries in what a survey observed. Pure: the caller passes the
//! observations as plain slices, and every match comes back with its evidence.

use std::net::IpAddr;

use serde::Serialize;

use super::pattern::{glob_matches, normalize_host};
use super::{
    CatalogEntry, DnsHost, Gateway, HostPattern, MailProvider, Sender, VerificationMethod,
};
use crate::wire_enum::wire_enum;

/// What a survey saw, as plain data. Fill in what is known and leave the rest empty
/// (`Observed { mx_hosts: &["smtp.google.com"], ..Observed::default() }`).
/// Host names may carry a trailing dot and any case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Observed<'a> {
    /// The exchangers the domain's MX records name.
    pub mx_hosts: &'a [&'a str],
    /// Domains of `include:` and `redirect=` anywhere in the SPF tree.
    pub spf_includes: &'a [&'a str],
    /// Domains of SPF `a:` and `mx:` mechanisms (`+a:sv1234.xserver.jp`).
    pub spf_hosts: &'a [&'a str],
    /// The domain's name servers.
    pub name_servers: &'a [&'a str],
    /// Addresses the exchangers resolve to.
    pub exchanger_addresses: &'a [IpAddr],
    /// Names those addresses resolve back to (PTR), or CNAME targets of the exchangers:
    /// how an own-name MX (`MX 10 example.co.jp.`) reveals the rental server behind it.
    pub exchanger_names: &'a [&'a str],
    /// TXT records found at the domain and at labels below it.
    pub txt: &'a [ObservedTxt<'a>],
    /// Targets of CNAME records found below the domain (verification and DKIM hosts).
    pub cname_targets: &'a [&'a str],
}

/// One TXT record and where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObservedTxt<'a> {
    /// Owner relative to the domain: `@` (or empty) for the domain itself, `_amazonses`
    /// for `_amazonses.<domain>`.
    pub owner: &'a str,
    /// The value, its character-strings joined.
    pub value: &'a str,
}

wire_enum! {
    /// Which kind of observation matched.
    pub enum Signal {
        /// An MX exchanger name.
        Mx = "mx",
        /// An SPF `include:` or `redirect=` domain.
        SpfInclude = "spf-include",
        /// An SPF `a:` or `mx:` domain.
        SpfHost = "spf-host",
        /// A name server.
        NameServer = "name-server",
        /// An address an exchanger resolves to.
        ExchangerAddress = "exchanger-address",
        /// The reverse name (or CNAME target) of an exchanger.
        ExchangerName = "exchanger-name",
        /// A TXT record.
        Txt = "txt",
        /// A CNAME target.
        CnameTarget = "cname-target",
    }
}

/// One observation that matched one catalog pattern.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// What kind of observation it was.
    pub signal: Signal,
    /// The observation, normalised (lower case, no trailing dot).
    pub observed: String,
    /// The catalog pattern it matched.
    pub pattern: String,
}

/// A catalog entry found in the observations, with every observation that points at it.
/// Serialised with the entry's id only: names and records are looked up in the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(bound = "")]
pub struct Detection<T: CatalogEntry> {
    /// The entry.
    #[serde(rename = "id", serialize_with = "serialize_id")]
    pub provider: &'static T,
    /// Why: never empty.
    pub evidence: Vec<Evidence>,
}

fn serialize_id<T: CatalogEntry, S: serde::Serializer>(
    entry: &&'static T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(entry.id())
}

impl<T: CatalogEntry> Detection<T> {
    /// Whether MX (or the exchanger's address or reverse name) points at the entry:
    /// mail is delivered there now.
    pub fn receives_mail(&self) -> bool {
        self.has_signal(&[Signal::Mx, Signal::ExchangerAddress, Signal::ExchangerName])
    }

    /// Whether the domain's SPF names the entry.
    pub fn in_spf(&self) -> bool {
        self.has_signal(&[Signal::SpfInclude, Signal::SpfHost])
    }

    fn has_signal(&self, signals: &[Signal]) -> bool {
        self.evidence
            .iter()
            .any(|evidence| signals.contains(&evidence.signal))
    }
}

/// The mailbox providers the observations point at. Providers that receive the mail
/// come first, then those only SPF names (an own-name MX on a rental server, or an old
/// host still in SPF), then those only the name servers suggest; catalog order within.
pub fn detect_mail_providers(observed: &Observed<'_>) -> Vec<Detection<MailProvider>> {
    let mut detections = detect_each(|provider: &MailProvider| provider.evidence(observed));
    crate::sort::sort_by_key(&mut detections, |detection| {
        (!detection.receives_mail(), !detection.in_spf())
    });
    detections
}

/// The secure mail gateways in front of the mailbox (MX) or relaying its mail (SPF).
pub fn detect_gateways(observed: &Observed<'_>) -> Vec<Detection<Gateway>> {
    detect_each(|gateway: &Gateway| {
        let mut evidence = Vec::new();
        push_host_matches(&mut evidence, Signal::Mx, observed.mx_hosts, gateway.mx);
        push_host_matches(
            &mut evidence,
            Signal::SpfInclude,
            observed.spf_includes,
            gateway.spf_includes,
        );
        evidence
    })
}

/// The sending services SPF authorises: their includes must survive the move.
pub fn detect_senders(observed: &Observed<'_>) -> Vec<Detection<Sender>> {
    detect_each(|sender: &Sender| {
        let mut evidence = Vec::new();
        push_host_matches(
            &mut evidence,
            Signal::SpfInclude,
            observed.spf_includes,
            sender.spf_includes,
        );
        evidence
    })
}

/// The DNS hosts the name servers belong to, the host with the most matching name
/// servers first. More than one means the delegation is mixed or moving.
pub fn detect_dns_hosts(observed: &Observed<'_>) -> Vec<Detection<DnsHost>> {
    let mut detections = detect_each(|host: &DnsHost| {
        let mut evidence = Vec::new();
        push_host_matches(
            &mut evidence,
            Signal::NameServer,
            observed.name_servers,
            host.name_servers,
        );
        evidence
    });
    crate::sort::sort_by_key(&mut detections, |detection| {
        std::cmp::Reverse(detection.evidence.len())
    });
    detections
}

/// The services whose ownership proofs are already published: the domain has been
/// added to those services (a token shows the vendor once verified the domain, not that
/// mail runs there).
pub fn detect_verifications(observed: &Observed<'_>) -> Vec<Detection<MailProvider>> {
    detect_each(|provider: &MailProvider| provider.verification_evidence(observed))
}

/// Owners of the records that send mail clients to a server (relative to the domain).
const CLIENT_CONFIG_OWNERS: [&str; 3] = ["autodiscover", "_autodiscover._tcp", "autoconfig"];

/// The mailbox provider a mail-client setup host belongs to: the target of an
/// `autodiscover`/`autoconfig` CNAME or of a client SRV record. It matches the host the
/// provider's own setup publishes there (`autodiscover.outlook.com`), or one of the
/// provider's exchanger or server names. The first provider in catalog order wins.
pub fn detect_client_config_host(host: &str) -> Option<Detection<MailProvider>> {
    let host = normalize_host(host)?;
    MailProvider::all().find_map(|provider| {
        let setup_records = provider.setup.map_or(&[][..], |setup| setup.records);
        let from_setup = setup_records
            .iter()
            .filter(|record| CLIENT_CONFIG_OWNERS.contains(&record.owner))
            .find_map(|record| match record.data {
                super::SetupData::Cname(template) if template.matches(&host) => {
                    Some(template.describe())
                }
                super::SetupData::Srv { target, .. } if target == host => Some(target.to_owned()),
                _ => None,
            });
        let pattern = from_setup.or_else(|| {
            provider
                .mx
                .iter()
                .chain(provider.servers)
                .find(|pattern| pattern.matches_normalized(&host))
                .map(|pattern| pattern.as_str().to_owned())
        })?;
        Some(Detection {
            provider,
            evidence: vec![Evidence {
                signal: Signal::CnameTarget,
                observed: host.clone(),
                pattern,
            }],
        })
    })
}

impl MailProvider {
    /// Every observation that points at this provider as a mailbox host.
    pub fn evidence(&self, observed: &Observed<'_>) -> Vec<Evidence> {
        let mut evidence = Vec::new();
        // Exchangers and the other server names both name the provider's machines.
        let server_names = [self.mx, self.servers];
        push_host_matches(&mut evidence, Signal::Mx, observed.mx_hosts, self.mx);
        push_host_matches(
            &mut evidence,
            Signal::SpfInclude,
            observed.spf_includes,
            self.spf_includes,
        );
        for patterns in server_names {
            push_host_matches(&mut evidence, Signal::SpfHost, observed.spf_hosts, patterns);
        }
        if let Some(dns_host) = self.dns_host {
            push_host_matches(
                &mut evidence,
                Signal::NameServer,
                observed.name_servers,
                dns_host.name_servers,
            );
        }
        for &address in observed.exchanger_addresses {
            if let Some(range) = self
                .exchanger_ranges
                .iter()
                .find(|range| range.contains(address))
            {
                push_unique(
                    &mut evidence,
                    Signal::ExchangerAddress,
                    address.to_string(),
                    range.to_string(),
                );
            }
        }
        for patterns in server_names {
            push_host_matches(
                &mut evidence,
                Signal::ExchangerName,
                observed.exchanger_names,
                patterns,
            );
        }
        evidence
    }

    /// Every published ownership proof for this provider.
    pub fn verification_evidence(&self, observed: &Observed<'_>) -> Vec<Evidence> {
        let mut evidence = Vec::new();
        for method in self.verification {
            match *method {
                VerificationMethod::Txt { owner, value } => {
                    for txt in observed.txt {
                        if same_owner(txt.owner, owner) && glob_matches(value, txt.value) {
                            push_unique(&mut evidence, Signal::Txt, txt.value.to_owned(), value);
                        }
                    }
                }
                VerificationMethod::Cname { target, .. } => push_host_matches(
                    &mut evidence,
                    Signal::CnameTarget,
                    observed.cname_targets,
                    &[target],
                ),
                VerificationMethod::Mx { exchanger } => {
                    push_host_matches(&mut evidence, Signal::Mx, observed.mx_hosts, &[exchanger]);
                }
                VerificationMethod::HtmlFile | VerificationMethod::ActivatesOnMx => {}
            }
        }
        evidence
    }
}

/// Runs `evidence_for` over every entry of a kind and keeps those with evidence.
fn detect_each<T: CatalogEntry>(
    mut evidence_for: impl FnMut(&T) -> Vec<Evidence>,
) -> Vec<Detection<T>> {
    T::all()
        .filter_map(|provider| {
            let evidence = evidence_for(provider);
            (!evidence.is_empty()).then_some(Detection { provider, evidence })
        })
        .collect()
}

/// Adds one piece of evidence per observed host that matches any of `patterns` (the
/// first pattern that matches names it).
fn push_host_matches(
    evidence: &mut Vec<Evidence>,
    signal: Signal,
    observed_hosts: &[&str],
    patterns: &[HostPattern],
) {
    for host in observed_hosts {
        let Some(host) = normalize_host(host) else {
            continue;
        };
        if let Some(pattern) = patterns
            .iter()
            .find(|pattern| pattern.matches_normalized(&host))
        {
            push_unique(evidence, signal, host, pattern.as_str());
        }
    }
}

/// Adds evidence unless the same observation is already there: surveys may list a host
/// twice (two MX records at different priorities naming one exchanger).
fn push_unique(
    evidence: &mut Vec<Evidence>,
    signal: Signal,
    observed: String,
    pattern: impl Into<String>,
) {
    if !evidence
        .iter()
        .any(|known| known.signal == signal && known.observed == observed)
    {
        evidence.push(Evidence {
            signal,
            observed,
            pattern: pattern.into(),
        });
    }
}

/// Whether an observed TXT owner is the catalog's owner; `@`, the empty string and a
/// trailing dot all mean the same thing.
fn same_owner(observed: &str, catalog: &str) -> bool {
    let canonical = |owner: &str| {
        let owner = owner.trim().trim_end_matches('.');
        if owner.is_empty() { "@" } else { owner }.to_ascii_lowercase()
    };
    canonical(observed) == canonical(catalog)
}
