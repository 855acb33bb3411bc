//! The schedule as an iCalendar file (RFC 5545): one event per dated step, in the
//! plan's zone with its VTIMEZONE (Outlook wants one for every TZID; `vtimezone.rs`),
//! UTC as `…Z`, lines folded at 75 octets on character boundaries, text escaped, CRLF.
//! UID and DTSTAMP come from the caller (core has no clock), so the output is
//! deterministic.

use super::{Plan, Schedule};
use crate::Lang;
use crate::calendar::DateTime;

/// DTSTAMP for a file made at `unix` (UTC, `YYYYMMDDTHHMMSSZ`).
pub fn ics_stamp(unix: u64) -> String {
    crate::monitor::format_time(unix, 0).replace(['-', ':'], "")
}

/// The calendar for `plan`'s `schedule`.
pub fn to_ics(plan: &Plan, schedule: &Schedule, stamp_utc: &str, lang: Lang) -> String {
    // A zone the planner does not know (`validate` refuses it) gets floating times,
    // which calendars read in their own zone, rather than a wrong TZID.
    let zone = plan.zone().ok();
    let utc = zone.as_ref().is_some_and(|zone| zone.name() == "UTC");
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Mailmove//Mailmove plan//JA".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!(
            "X-WR-CALNAME:{}",
            escape(&match lang {
                Lang::Ja => format!("メール引っ越し {}", plan.domain),
                Lang::En => format!("Mail move {}", plan.domain),
            })
        ),
    ];
    if let Some(zone) = zone.as_ref().filter(|_| !utc) {
        let years = schedule.steps.iter().map(|step| step.at.date.year);
        let first = years.clone().min().unwrap_or(plan.cutover.date.year);
        let last = years.max().unwrap_or(plan.cutover.date.year);
        lines.extend(super::vtimezone::vtimezone(zone, (first - 1, last + 1)));
    }
    let moment = |at: DateTime| {
        let text = format!(
            "{:04}{:02}{:02}T{:02}{:02}00",
            at.date.year, at.date.month, at.date.day, at.hour, at.minute
        );
        match &zone {
            _ if utc => format!(":{text}Z"),
            Some(zone) => format!(";TZID={}:{text}", zone.name()),
            None => format!(":{text}"),
        }
    };
    for step in &schedule.steps {
        let id = serde_json::to_value(step.id)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        // Steps that last end when they end; the others take half an hour.
        let end = step.until.unwrap_or_else(|| plan.later(step.at, 30));
        let mut description: Vec<String> = step
            .details
            .iter()
            .map(|detail| detail.get(lang).to_owned())
            .collect();
        if let Some(records) = step.records {
            description.push(records.label().get(lang).to_owned());
        }
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{id}@{}.plan.mailmove", plan.domain));
        lines.push(format!("DTSTAMP:{stamp_utc}"));
        lines.push(format!("DTSTART{}", moment(step.at)));
        lines.push(format!("DTEND{}", moment(end.max(step.at))));
        lines.push(format!("SUMMARY:{}", escape(step.title.get(lang))));
        if !description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape(&description.join("\n"))));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            ch => out.push(ch),
        }
    }
    out
}

/// RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF and one space), never
/// inside a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
}
