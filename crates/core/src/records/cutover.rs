//! The cutover: the new MX set with every old exchanger deleted in the same edit, and
//! the target's other records (autodiscover …), which clients follow to the new
//! service.

use super::request::{Current, RecordRequest};
use super::target::Target;
use super::{Action, Change, PlannedRecord, Step};
use crate::catalog::{MailProvider, SetupData};
use crate::dns::{RecordData, RecordType};
use crate::{DomainName, Message, Text};

/// The purpose of an old MX deleted at the cutover.
const OLD_MX: Text = Text {
    ja: "旧 MX(同じ編集で削除)",
    en: "Old MX (deleted in the same edit)",
};

/// The new MX set, and today's exchangers that are not in it, deleted in the same
/// edit (unless the verification deletes them already).
pub(super) fn mx(
    apex: &str,
    new_mx: &[String],
    current: &Current<'_>,
    mx_ttl: u32,
    planned: &mut Vec<PlannedRecord>,
    deletions: &mut Vec<(PlannedRecord, String)>,
) {
    // No new MX (none valid, a region missing): then today's MX must stay, or the
    // cutover would leave the domain without mail.
    let today_mx = if new_mx.is_empty() {
        Vec::new()
    } else {
        current.at(apex, RecordType::Mx)
    };
    for data in new_mx {
        planned.push(PlannedRecord {
            name: apex.to_owned(),
            rtype: RecordType::Mx,
            data: data.clone(),
            ttl: mx_ttl,
            step: Step::Cutover,
            purpose: Text {
                ja: "MX(メールの配送先)",
                en: "MX (where mail is delivered)",
            }
            .into(),
        });
    }
    for record in today_mx {
        if let RecordData::Mx {
            preference,
            exchange,
        } = &record.data
        {
            let data = format!("{preference} {}.", exchange.trim_end_matches('.'));
            let deleted = deletions
                .iter()
                .any(|(_, old)| old.eq_ignore_ascii_case(&data));
            if !deleted && !new_mx.iter().any(|new| new.eq_ignore_ascii_case(&data)) {
                deletions.push((
                    PlannedRecord {
                        name: apex.to_owned(),
                        rtype: RecordType::Mx,
                        data: data.clone(),
                        ttl: record.ttl,
                        step: Step::Cutover,
                        purpose: OLD_MX.into(),
                    },
                    data,
                ));
            }
        }
    }
}

/// The cutover's deletions when today's MX are unknown: the old service's exchangers
/// (an exact name, or every MX ending in the pattern's fixed part), then every MX
/// other than the new ones.
pub(super) fn old_mx_unknown(apex: &str, source: Option<&MailProvider>, ttl: u32) -> Vec<Change> {
    let record = |data: String| PlannedRecord {
        name: apex.to_owned(),
        rtype: RecordType::Mx,
        data,
        ttl,
        step: Step::Cutover,
        purpose: OLD_MX.into(),
    };
    let mut changes = Vec::new();
    if let Some(provider) = source {
        for pattern in provider.mx {
            let pattern = pattern.as_str();
            let (data, note) = match pattern.rsplit_once('*') {
                None => (
                    format!("{pattern}."),
                    Message {
                        ja: format!("旧サービス({})の MX「{pattern}」を削除", provider.name.ja),
                        en: format!(
                            "Delete the old service's ({}) MX “{pattern}”",
                            provider.name.en
                        ),
                    },
                ),
                Some((_, rest)) => {
                    // `sv*.xserver.jp`, `*.mail.protection.outlook.com`: the labels after
                    // the last `*` are what every such name ends in.
                    let suffix = rest.split_once('.').map_or(rest, |(_, after)| after);
                    (
                        format!("*.{suffix}."),
                        Message {
                            ja: format!(
                                "旧サービス({})の MX(末尾が「.{suffix}」のもの)をすべて削除",
                                provider.name.ja
                            ),
                            en: format!(
                                "Delete every MX of the old service ({}) ending in “.{suffix}”",
                                provider.name.en
                            ),
                        },
                    )
                }
            };
            changes.push(Change {
                action: Action::Delete,
                record: record(data),
                old: None,
                note: Some(note),
            });
        }
    }
    let note = Message {
        ja: "上で設定した MX 以外の MX レコードをすべて削除(今の MX が分からないため)".into(),
        en:
            "Delete every other MX record, keeping only the ones set above (today's MX are unknown)"
                .into(),
    };
    changes.push(Change {
        action: Action::Delete,
        record: record(String::new()),
        old: None,
        note: Some(note),
    });
    changes
}

/// The target's other records (autodiscover, SRV …): the optional ones only when asked.
pub(super) fn target_records(
    domain: &DomainName,
    request: &RecordRequest,
    target: &Target,
    ttl: u32,
    planned: &mut Vec<PlannedRecord>,
) {
    let apex = domain.as_str();
    for record in target
        .records
        .iter()
        .filter(|record| request.include_optional || !record.optional)
    {
        let data = match record.data {
            SetupData::Cname(host) => match host.render(domain, request.region.as_deref()) {
                Some(host) => (RecordType::Cname, format!("{host}.")),
                None => continue,
            },
            SetupData::Srv {
                priority,
                weight,
                port,
                target,
            } => (
                RecordType::Srv,
                format!("{priority} {weight} {port} {target}."),
            ),
        };
        planned.push(PlannedRecord {
            name: format!("{}.{apex}", record.owner),
            rtype: data.0,
            data: data.1,
            ttl,
            step: Step::Cutover,
            purpose: Message::from(record.purpose),
        });
    }
}
