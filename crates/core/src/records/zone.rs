//! The generated records as a BIND zone fragment: `$ORIGIN`, owners relative to it,
//! TXT values quoted and split into character-strings of at most 255 octets (RFC 1035
//! §3.3.14), each step under a comment. Records of later steps that replace one above
//! (the SPF after the old service ends, the tightened DMARC) and records to delete are
//! written as comments, so the active lines are one consistent state: right after the
//! cutover. A line whose action needs words (`Set`: replace the existing record, or
//! add it if there is none; a deletion by pattern without today's records) has them
//! in a comment line above it.

use super::{Action, Generated, PlannedRecord, Step};
use crate::dns::RecordType;

/// A TXT value as quoted character-strings of at most 255 octets each, `"` and `\`
/// escaped. Splits never cut a UTF-8 character.
pub fn split_txt(value: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = value;
    loop {
        let mut end = rest.len().min(255);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (chunk, after) = rest.split_at(end);
        let escaped = chunk.replace('\\', "\\\\").replace('"', "\\\"");
        parts.push(format!("\"{escaped}\""));
        rest = after;
        if rest.is_empty() {
            break;
        }
    }
    parts.join(" ")
}

/// The zone fragment for `generated`.
pub fn zone_fragment(generated: &Generated) -> String {
    let origin = &generated.domain;
    let mut out = format!(
        "; メール引っ越しナビ / Mailmove: {origin} → {}\n$ORIGIN {origin}.\n",
        generated.target
    );
    let relative = |name: &str| {
        if name == origin {
            "@".to_owned()
        } else {
            name.strip_suffix(&format!(".{origin}"))
                .map_or_else(|| format!("{name}."), str::to_owned)
        }
    };
    let mut active_kinds: Vec<(String, RecordType, &'static str)> = Vec::new();
    let mut active_lines: Vec<(String, RecordType, String)> = Vec::new();
    for step in Step::ALL {
        let changes: Vec<_> = generated
            .changes
            .iter()
            .filter(|change| change.record.step == step)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let label = step.label();
        out.push_str(&format!("\n; {} / {}\n", label.ja, label.en));
        for change in changes {
            let record = &change.record;
            let data = match record.rtype {
                RecordType::Txt => split_txt(&record.data),
                _ => record.data.clone(),
            };
            let line = format!(
                "{}\t{}\tIN\t{}\t{data}",
                relative(&record.name),
                record.ttl,
                record.rtype
            );
            let kind = (
                record.name.clone(),
                record.rtype,
                kind_of(record.rtype, &record.data),
            );
            // A later step's line for a record already active (the same MX with its
            // TTL restored) replaces it too.
            let same_record =
                active_lines.contains(&(record.name.clone(), record.rtype, record.data.clone()));
            let replaces_active =
                (active_kinds.contains(&kind) && kind.2 != "other") || same_record;
            if let Some(note) = &change.note {
                out.push_str(&format!("; {} / {}\n", note.ja, note.en));
            }
            match change.action {
                // A deletion or change said only in words (every other MX, every MX's
                // TTL): the note above is it.
                Action::Delete | Action::Change if record.data.is_empty() => {}
                Action::Delete => {
                    out.push_str(&format!("; 削除 / delete: {line}\n"));
                }
                // Added for a while and gone by the cutover (the verification MX):
                // not part of the state the active lines describe.
                _ if removed_by_cutover(generated, record) => {
                    out.push_str(&format!(
                        "; 切り替え時に削除 / removed at the cutover: {line}\n"
                    ));
                }
                _ if replaces_active => {
                    out.push_str(&format!("; 置き換え / replaces the record above: {line}\n"));
                }
                _ => {
                    out.push_str(&line);
                    out.push('\n');
                    active_kinds.push(kind);
                    active_lines.push((record.name.clone(), record.rtype, record.data.clone()));
                }
            }
        }
    }
    out
}

/// Whether a deletion at or before the cutover removes `record` again.
fn removed_by_cutover(generated: &Generated, record: &PlannedRecord) -> bool {
    generated.changes.iter().any(|other| {
        other.action == Action::Delete
            && other.record.step <= Step::Cutover
            && other.record.rtype == record.rtype
            && other.record.name.eq_ignore_ascii_case(&record.name)
            && other.record.data.eq_ignore_ascii_case(&record.data)
    })
}

/// Which record of a kind a TXT is: one SPF and one DMARC policy per name.
pub(super) fn kind_of(rtype: RecordType, data: &str) -> &'static str {
    let lower = data.trim_start().to_ascii_lowercase();
    match rtype {
        RecordType::Txt if lower.starts_with("v=spf1") => "spf",
        RecordType::Txt if lower.starts_with("v=dmarc1") => "dmarc",
        RecordType::Txt if lower.starts_with("v=dkim1") => "dkim",
        RecordType::Txt if lower.starts_with("v=tlsrptv1") => "tls-rpt",
        RecordType::Txt if lower.starts_with("v=stsv1") => "mta-sts",
        RecordType::Txt => "other",
        RecordType::Cname => "cname",
        _ => "other",
    }
}
