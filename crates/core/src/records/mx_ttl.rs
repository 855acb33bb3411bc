//! The MX TTL around the cutover, as record lines of their own, so the steps, the
//! records table and the zone fragment say the same thing: today's MX get the short
//! TTL a whole old TTL before the change (`Step::LowerTtl`), the new MX are written
//! with it at the cutover, and once no resolver can hold the old MX the new MX get
//! the normal TTL back (`Step::RestoreTtl`). Only the TTL changes in these lines.

use super::request::Current;
use super::{Action, Change, PlannedRecord, RecordRequest, Step};
use crate::Message;
use crate::dns::{RecordData, RecordType};

/// The TTL changes for `apex` given the new MX set `new_mx` (presentation form).
/// Nothing without `request.lowered_mx_ttl`.
pub(super) fn changes(
    apex: &str,
    request: &RecordRequest,
    current: &Current<'_>,
    new_mx: &[String],
) -> Vec<Change> {
    let Some(lowered) = request.lowered_mx_ttl else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    let record = |data: String, ttl: u32, step: Step, purpose: Message| PlannedRecord {
        name: apex.to_owned(),
        rtype: RecordType::Mx,
        data,
        ttl,
        step,
        purpose,
    };
    let purpose = Message {
        ja: "今の MX(TTL だけを変更)".into(),
        en: "Today's MX (the TTL only)".into(),
    };
    if current.known {
        for today in current.at(apex, RecordType::Mx) {
            let RecordData::Mx {
                preference,
                exchange,
            } = &today.data
            else {
                continue;
            };
            if today.ttl <= lowered || exchange.is_empty() {
                continue;
            }
            let data = format!("{preference} {}.", exchange.trim_end_matches('.'));
            changes.push(Change {
                action: Action::Change,
                record: record(data, lowered, Step::LowerTtl, purpose.clone()),
                old: Some(format!("TTL {}", today.ttl)),
                note: Some(Message {
                    ja: format!(
                        "値はそのまま、TTL だけを {} 秒から {lowered} 秒にします。",
                        today.ttl
                    ),
                    en: format!(
                        "Keep the value; change only the TTL, from {} s to {lowered} s.",
                        today.ttl
                    ),
                }),
            });
        }
    } else {
        // Today's MX unknown: the line is said in words, for every MX there is.
        changes.push(Change {
            action: Action::Change,
            record: record(String::new(), lowered, Step::LowerTtl, purpose),
            old: None,
            note: Some(Message {
                ja: format!("今ある MX レコードすべての TTL を {lowered} 秒に変更します(値はそのまま)。"),
                en: format!("Change the TTL of every MX record there is today to {lowered} s (keep the values)."),
            }),
        });
    }
    if let Some(restored) = request
        .restored_mx_ttl
        .filter(|restored| *restored != lowered)
    {
        for data in new_mx {
            changes.push(Change {
                action: Action::Change,
                record: record(
                    data.clone(),
                    restored,
                    Step::RestoreTtl,
                    Message {
                        ja: "新しい MX(TTL だけを戻す)".into(),
                        en: "The new MX (the TTL only)".into(),
                    },
                ),
                old: Some(format!("TTL {lowered}")),
                note: Some(Message {
                    ja: format!("値はそのまま、TTL だけを {lowered} 秒から {restored} 秒に戻します。"),
                    en: format!("Keep the value; change only the TTL back, from {lowered} s to {restored} s."),
                }),
            });
        }
    }
    changes
}
