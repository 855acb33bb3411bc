//! Which exchangers to probe before the switch: the target's MX set as the record
//! generator plans it, not today's MX.

use crate::dns::RecordType;
use crate::records::{Action, Generated, Step};

/// One exchanger to probe, most preferred first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchanger {
    /// Lower is preferred (RFC 5321 §5.1).
    pub preference: u16,
    /// The host name, without a trailing dot.
    pub host: String,
}

/// The MX set `generated` publishes at the cutover, most preferred first. Microsoft
/// 365's verification MX (an `.invalid` host) and deletions are left out.
pub fn target_exchangers(generated: &Generated) -> Vec<Exchanger> {
    let mut exchangers: Vec<Exchanger> = generated
        .changes
        .iter()
        .filter(|change| change.action != Action::Delete)
        .map(|change| &change.record)
        .filter(|record| record.rtype == RecordType::Mx && record.step == Step::Cutover)
        .filter_map(|record| {
            let (preference, host) = record.data.split_once(' ')?;
            let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
            (!host.is_empty() && !host.ends_with(".invalid")).then_some(Exchanger {
                preference: preference.parse().ok()?,
                host,
            })
        })
        .collect();
    crate::sort::sort_by_key(&mut exchangers, |exchanger| exchanger.preference);
    exchangers.dedup();
    exchangers
}

/// The exchangers of `target` (a catalog id, or `custom` with `custom_mx`) for
/// `domain`, most preferred first, with the record generator's warnings about the
/// request (an unknown target, a custom MX line it cannot read).
pub fn exchangers_for_target(
    domain: &crate::DomainName,
    target: &str,
    custom_mx: &[crate::records::CustomMx],
    region: Option<&str>,
) -> (Vec<Exchanger>, Vec<crate::records::Warning>) {
    let request = crate::records::RecordRequest {
        custom: (target == crate::records::CUSTOM_TARGET).then(|| crate::records::CustomTarget {
            mx: custom_mx.to_vec(),
            ..crate::records::CustomTarget::default()
        }),
        target: target.to_owned(),
        region: region.map(str::to_owned),
        ..crate::records::RecordRequest::default()
    };
    let generated = crate::records::generate(domain, &request, crate::records::Current::unknown());
    (target_exchangers(&generated), generated.warnings)
}
