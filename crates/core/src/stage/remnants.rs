//! What the old provider leaves in DNS after MX has moved: its SPF include or host,
//! client set-up records (autodiscover, autoconfig, SRV) that still send mail
//! programs to it, and other mail services' ownership proofs.

use serde::Serialize;

use super::Sides;
use crate::catalog::{self, CatalogEntry as _, MailProvider, Signal};
use crate::survey::Report;

/// One entry the old provider left behind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Remnant {
    /// `spf` (an include or host in SPF), `client-config` (autodiscover, autoconfig,
    /// SRV) or `verification` (another mail service's ownership proof).
    pub kind: &'static str,
    /// The entry as found (`_spf.lolipop.jp`, `autodiscover.example.jp`, the token).
    pub value: String,
    /// The catalog id of the provider it belongs to.
    pub provider: &'static str,
}

/// The remnants, once MX names only the target.
pub(super) fn remnants(report: &Report, sides: &Sides<'_>) -> Vec<Remnant> {
    let Some(target) = sides.target else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for old in &sides.old {
        for evidence in &old.evidence {
            if matches!(evidence.signal, Signal::SpfInclude | Signal::SpfHost) {
                push(&mut found, "spf", &evidence.observed, old.provider.id);
            }
        }
    }
    for fact in &report.client_config {
        if let Some(provider) = fact.provider.as_deref().filter(|id| *id != target.id)
            && let Some(provider) = MailProvider::find(provider)
        {
            push(&mut found, "client-config", &fact.owner, provider.id);
        }
    }
    let verified = super::sides::with_observed(report, catalog::detect_verifications);
    for detection in verified
        .iter()
        .filter(|detection| detection.provider.id != target.id)
    {
        for evidence in &detection.evidence {
            push(
                &mut found,
                "verification",
                &evidence.observed,
                detection.provider.id,
            );
        }
    }
    found
}

fn push(found: &mut Vec<Remnant>, kind: &'static str, value: &str, provider: &'static str) {
    if !found
        .iter()
        .any(|remnant| remnant.kind == kind && remnant.value == value)
    {
        found.push(Remnant {
            kind,
            value: value.to_owned(),
            provider,
        });
    }
}
