//! The SPF record at the apex: today's merged with the target's, in the versions the
//! steps need (before the cutover, after the old service ends).

use std::net::IpAddr;

use super::request::{Current, RecordRequest};
use super::spf_merge::{MergedSpf, SpfInputs, merge, warning};
use super::target::{self, Target};
use super::{PlannedRecord, Step, Warning};
use crate::Text;
use crate::api::SpfNodeJson;
use crate::catalog::{CatalogEntry as _, MailProvider};
use crate::dns::{RecordData, RecordType};
use crate::survey::SpfVia;

/// The SPF versions for the target: today's record (or, when today's records are
/// unknown, the old service's include, `source`) merged with the target's.
pub(super) fn merged_spf(
    apex: &str,
    request: &RecordRequest,
    current: &Current<'_>,
    target: &Target,
    source: Option<&MailProvider>,
    warnings: &mut Vec<Warning>,
) -> Vec<MergedSpf> {
    let spf_now: Vec<String> = current
        .at(apex, RecordType::Txt)
        .into_iter()
        .filter_map(|record| match &record.data {
            RecordData::Txt { strings } => Some(strings.concat()),
            _ => None,
        })
        .filter(|text| crate::spf::is_spf_record(text))
        .collect();
    if spf_now.len() > 1 {
        warnings.push(warning(
            "spf-multiple-now",
            "今の SPF レコードが複数あります(permerror)。下の統合した 1 件に置き換えてください。".into(),
            "The domain has several SPF records today (permerror). Replace them with the one merged record below.".into(),
        ));
    }
    let nested = |domain: &str| {
        current
            .spf_tree
            .and_then(|tree| nested_lookups(tree, domain))
    };
    let is_old_provider = |name: &str| {
        MailProvider::all().any(|provider| {
            provider.id != target.id
                && provider
                    .spf_includes
                    .iter()
                    .chain(provider.servers)
                    .chain(provider.mx)
                    .any(|pattern| pattern.matches(name))
        })
    };
    let old_mx_addresses = exchanger_addresses(current, apex);
    // Without today's records, the old service named in the request stands for today's
    // SPF: its include stays until the old service ends, as it would after a check.
    let assumed_spf = (!current.known && spf_now.is_empty())
        .then(|| {
            source?
                .spf_includes
                .iter()
                .find(|pattern| !pattern.as_str().contains('*'))
                .map(|include| format!("v=spf1 include:{}", include.as_str()))
        })
        .flatten();
    let (versions, spf_warnings) = merge(&SpfInputs {
        current: spf_now.first().or(assumed_spf.as_ref()).map(String::as_str),
        target_include: target.spf_include.as_deref(),
        vendor_record: target.vendor_spf_record,
        is_old_provider: &is_old_provider,
        keep: request.keep_spf.as_deref(),
        nested: &nested,
        old_mx_addresses: &old_mx_addresses,
    });
    warnings.extend(spf_warnings);
    versions
}

/// A planned record for each SPF version when the target's SPF value is known; else
/// a warning that says where to find it.
pub(super) fn spf_records(
    apex: &str,
    target: &Target,
    versions: &[MergedSpf],
    ttl: u32,
    planned: &mut Vec<PlannedRecord>,
    warnings: &mut Vec<Warning>,
) {
    if !target.spf_known && target.id == target::CUSTOM_TARGET {
        warnings.push(warning(
            "custom-spf-missing",
            "移行先の SPF(include 先)が未入力です。新しいサービスから送信するなら、プロバイダーの案内にある include 先を入力してください。".into(),
            "No SPF include given for the target: if the new service sends mail, enter the include domain from the provider's instructions.".into(),
        ));
    } else if !target.spf_known {
        warnings.push(warning(
            "spf-include-unknown",
            format!(
                "{} の SPF の値は管理コンソールに表示されるものを使ってください。",
                target.name_ja
            ),
            format!(
                "Use the SPF value {}'s admin console shows.",
                target.name_en
            ),
        ));
    } else {
        for version in versions {
            planned.push(PlannedRecord {
                name: apex.to_owned(),
                rtype: RecordType::Txt,
                data: version.record.clone(),
                ttl,
                step: version.step,
                purpose: if version.step == Step::BeforeCutover {
                    Text {
                        ja: "SPF(新しいサービスと残す送信サービスを許可)",
                        en: "SPF (allows the new service and the senders kept)",
                    }
                } else {
                    Text {
                        ja: "SPF(旧サービスの送信元を外す)",
                        en: "SPF (the old service's senders removed)",
                    }
                }
                .into(),
            });
        }
    }
}

/// Lookups below `domain` in the survey's tree: the `total_lookups` of its node.
fn nested_lookups(node: &SpfNodeJson, domain: &str) -> Option<u32> {
    if node.via != SpfVia::Root
        && node.domain.eq_ignore_ascii_case(domain)
        && node.problem.is_none()
    {
        return Some(node.total_lookups);
    }
    node.children
        .iter()
        .find_map(|child| nested_lookups(child, domain))
}

/// Today's exchangers' addresses, from the records read.
fn exchanger_addresses(current: &Current<'_>, apex: &str) -> Vec<IpAddr> {
    let mut addresses = Vec::new();
    for record in current.at(apex, RecordType::Mx) {
        let RecordData::Mx { exchange, .. } = &record.data else {
            continue;
        };
        for rtype in [RecordType::A, RecordType::Aaaa] {
            for found in current.at(exchange.trim_end_matches('.'), rtype) {
                match found.data {
                    RecordData::A { address } => addresses.push(IpAddr::V4(address)),
                    RecordData::Aaaa { address } => addresses.push(IpAddr::V6(address)),
                    _ => {}
                }
            }
        }
    }
    crate::sort::sort(&mut addresses);
    addresses.dedup();
    addresses
}
