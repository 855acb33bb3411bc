//! Each planned record against what the domain publishes today: add, keep, change,
//! or "change, or add if there is none" when today's records are unknown.

use std::collections::BTreeMap;

use super::request::{Current, RecordRequest};
use super::zone::kind_of;
use super::{Action, Change, Generated, MergedSpf, PlannedRecord, Step, Warning};
use crate::dns::{RecordData, RecordType};
use crate::{DomainName, Message};

/// Compares each planned record with today's and orders everything by step.
pub(super) fn finish(
    domain: &DomainName,
    request: &RecordRequest,
    planned: Vec<PlannedRecord>,
    deletions: Vec<(PlannedRecord, String)>,
    spf: Vec<MergedSpf>,
    warnings: Vec<Warning>,
    current: Current<'_>,
) -> Generated {
    let mut changes: Vec<Change> = Vec::new();
    // What each (name, type, kind) holds at the step reached so far: later versions of
    // the SPF or DMARC record change the earlier version, not today's.
    let mut latest: BTreeMap<(String, RecordType, &'static str), String> = BTreeMap::new();
    let mut planned = planned;
    crate::sort::sort_by_key(&mut planned, |record| record.step);
    for record in planned {
        let kind = kind_of(record.rtype, &record.data);
        let key = (record.name.clone(), record.rtype, kind);
        let today: Vec<String> = current
            .at(&record.name, record.rtype)
            .into_iter()
            .map(|found| presentation(&found.data))
            .filter(|data| kind == "other" || kind_of(record.rtype, data) == kind)
            .collect();
        let same = |data: &String| data.eq_ignore_ascii_case(&record.data);
        let (action, old) = if let Some(earlier) = latest.get(&key).filter(|_| kind != "other") {
            (Action::Change, Some(earlier.clone()))
        } else if today.iter().any(same) {
            (Action::Keep, None)
        } else if kind != "other" && !today.is_empty() {
            (Action::Change, today.first().cloned())
        } else if !current.known && single_kind(&record, kind) {
            (Action::Set, None)
        } else {
            (Action::Add, None)
        };
        latest.insert(key, record.data.clone());
        let note = (action == Action::Set).then(|| set_note(&record, kind));
        changes.push(Change {
            action,
            record,
            old,
            note,
        });
    }
    for (record, old) in deletions {
        changes.push(Change {
            action: Action::Delete,
            record,
            old: Some(old),
            note: None,
        });
    }
    crate::sort::sort_by_key(&mut changes, |change| change.record.step);
    Generated {
        domain: domain.as_str().to_owned(),
        target: request.target.clone(),
        changes,
        spf,
        warnings,
    }
}

/// Whether the domain holds only one record like `record` (one of `kind`): the SPF
/// at the apex, DMARC, TLS-RPT, MTA-STS, and the cutover's MX set (the verification
/// MX is one more beside today's).
fn single_kind(record: &PlannedRecord, kind: &str) -> bool {
    match record.rtype {
        RecordType::Mx => record.step == Step::Cutover,
        RecordType::Txt => matches!(kind, "spf" | "dmarc" | "tls-rpt" | "mta-sts"),
        _ => false,
    }
}

/// What a `Set` line asks for, in words.
fn set_note(record: &PlannedRecord, kind: &str) -> Message {
    let (ja, en) = match (record.rtype, kind) {
        (RecordType::Mx, _) => (
            "今ある MX レコードをこの値に変更(なければ追加)。ほかの MX は下の行で削除します。",
            "Change the existing MX record to this value, or add it if there is none; the other MX are deleted below.",
        ),
        (_, "spf") => (
            "今ある SPF レコード(v=spf1 で始まるもの)を次の値に変更(なければ追加)。SPF レコードは 1 つだけにします。",
            "Change the existing SPF record (the one starting with v=spf1) to this value, or add it if there is none. Keep exactly one SPF record.",
        ),
        (_, "dmarc") => (
            "今ある DMARC レコードを次の値に変更(なければ追加)。今のレコードがすでに p=quarantine か p=reject なら、変更せずそのままにしてください。",
            "Change the existing DMARC record to this value, or add it if there is none. If today's record already says p=quarantine or p=reject, leave it as it is.",
        ),
        (_, "tls-rpt") => (
            "今ある TLS-RPT レコードを次の値に変更(なければ追加)。",
            "Change the existing TLS-RPT record to this value, or add it if there is none.",
        ),
        _ => (
            "今ある同じ種類のレコードを次の値に変更(なければ追加)。",
            "Change the existing record of this kind to this value, or add it if there is none.",
        ),
    };
    Message {
        ja: ja.into(),
        en: en.into(),
    }
}

/// Record data as the generator writes it.
fn presentation(data: &RecordData) -> String {
    match data {
        RecordData::Txt { strings } => strings.concat(),
        RecordData::Mx {
            preference,
            exchange,
        } => format!("{preference} {}.", exchange.trim_end_matches('.')),
        RecordData::Cname { target } => format!("{}.", target.trim_end_matches('.')),
        other => format!("{other:?}"),
    }
}
