//! Who runs what: the catalog's providers that the survey's observations point at,
//! detected once per report from one set of observations, so the report's providers,
//! the readiness items and the rules that ask who receives the mail all agree.

use std::net::IpAddr;

use serde::Serialize;

use super::Report;
use super::spf_tree::SpfNode;
use crate::catalog::{
    self, CatalogEntry as _, Detection, DnsHost, Gateway, MailProvider, Observed, ObservedTxt,
    Sender, Signal,
};

/// The providers detected, each with the observations that point at it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DetectedProviders {
    /// Mailbox providers (receiving first).
    pub mail: Vec<Detection<MailProvider>>,
    /// Secure mail gateways.
    pub gateways: Vec<Detection<Gateway>>,
    /// Sending services in SPF.
    pub senders: Vec<Detection<Sender>>,
    /// The DNS hosts (where records are edited), the likeliest first.
    pub dns_hosts: Vec<Detection<DnsHost>>,
    /// Services the domain is already verified with.
    pub verified_with: Vec<Detection<MailProvider>>,
}

/// Runs every detection over what `report` observed.
pub(super) fn detect(report: &Report) -> DetectedProviders {
    with_observed(report, |observed| DetectedProviders {
        mail: catalog::detect_mail_providers(observed),
        gateways: catalog::detect_gateways(observed),
        senders: catalog::detect_senders(observed),
        dns_hosts: catalog::detect_dns_hosts(observed),
        verified_with: catalog::detect_verifications(observed),
    })
}

/// Runs `detect` over everything `report` observed: the one place an `Observed` is
/// built from a report (the providers above, and the stage's own questions).
pub(crate) fn with_observed<T>(report: &Report, detect: impl FnOnce(&Observed<'_>) -> T) -> T {
    // A null MX's empty host names no provider.
    let mx_hosts: Vec<&str> = report
        .mx
        .iter()
        .map(|host| host.host.as_str())
        .filter(|host| !host.is_empty())
        .collect();
    let mut includes = Vec::new();
    spf_names(&report.spf_tree, &mut includes);
    let includes: Vec<&str> = includes.iter().map(String::as_str).collect();
    let spf_hosts = report.spf_tree.hosts();
    let spf_hosts: Vec<&str> = spf_hosts.iter().map(String::as_str).collect();
    let exchanger_names = report.exchanger_names();
    let exchanger_names: Vec<&str> = exchanger_names.iter().map(String::as_str).collect();
    let name_servers: Vec<&str> = report.ns.iter().map(String::as_str).collect();
    let addresses: Vec<IpAddr> = report
        .mx
        .iter()
        .flat_map(|host| host.addresses.iter().copied())
        .collect();
    let txt: Vec<ObservedTxt<'_>> = report
        .txt
        .iter()
        .map(|value| ObservedTxt { owner: "@", value })
        .collect();
    detect(&Observed {
        mx_hosts: &mx_hosts,
        spf_includes: &includes,
        spf_hosts: &spf_hosts,
        name_servers: &name_servers,
        exchanger_addresses: &addresses,
        exchanger_names: &exchanger_names,
        txt: &txt,
        ..Observed::default()
    })
}

/// The include and redirect domains anywhere below `node`, in tree order.
fn spf_names(node: &SpfNode, names: &mut Vec<String>) {
    for child in &node.children {
        names.push(child.domain.clone());
        spf_names(child, names);
    }
}

/// Of the mailbox providers detected, those the MX points at (by exchanger name or
/// address), with only that evidence, in catalog order: as if only the exchangers
/// had been observed.
pub(super) fn receiving(mail: &[Detection<MailProvider>]) -> Vec<Detection<MailProvider>> {
    let receiving_signal = |signal: Signal| {
        matches!(
            signal,
            Signal::Mx | Signal::ExchangerAddress | Signal::ExchangerName
        )
    };
    let mut receiving: Vec<Detection<MailProvider>> = mail
        .iter()
        .filter(|detection| detection.receives_mail())
        .map(|detection| Detection {
            provider: detection.provider,
            evidence: detection
                .evidence
                .iter()
                .filter(|evidence| receiving_signal(evidence.signal))
                .cloned()
                .collect(),
        })
        .collect();
    // Providers that SPF names too were sorted first; without that evidence, the
    // catalog's order stands.
    crate::sort::sort_by_key(&mut receiving, |detection| {
        MailProvider::all().position(|provider| provider.id() == detection.provider.id())
    });
    receiving
}
