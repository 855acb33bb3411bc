//! `mailmove monitor`: a reading as a readable table (or JSON lines), once or until
//! every server has switched.

use std::io::Write;

use mailmove_core::api::MonitorJson;
use mailmove_core::calendar::Zone;
use mailmove_core::monitor::format_time;
use mailmove_core::{Lang, Text};

/// Writes one reading in `lang`. Times are shown in `zone` (`--tz`, Japan time by
/// default) and "safe from" also in UTC.
pub fn write_reading(
    out: &mut impl Write,
    reading: &MonitorJson,
    zone: &Zone,
    lang: Lang,
) -> std::io::Result<()> {
    let t = |text: Text| text.get(lang);
    let local = |unix: u64| {
        format_time(
            unix,
            zone.offset_at_utc(i64::try_from(unix).unwrap_or(i64::MAX)),
        )
    };
    writeln!(
        out,
        "{} {} — {}",
        t(Text {
            ja: "切り替え監視:",
            en: "Cutover monitor:"
        }),
        reading.domain,
        local(reading.checked_at),
    )?;
    writeln!(out, "  {}", reading.headline.get(lang))?;
    let new_mx: Vec<&str> = reading.status.new_mx.iter().map(String::as_str).collect();
    writeln!(
        out,
        "  {} {}{}",
        t(Text {
            ja: "新しい MX:",
            en: "New MX:"
        }),
        if new_mx.is_empty() {
            "-".to_owned()
        } else {
            new_mx.join(", ")
        },
        if reading.status.new_mx_from_authorities {
            t(Text {
                ja: "（権威サーバーの現在の値）",
                en: " (what the authoritative servers serve now)",
            })
        } else {
            ""
        }
    )?;
    if let (Some(until), Some(safe)) = (
        reading.status.old_mx_possible_until,
        reading.status.safe_from,
    ) {
        writeln!(
            out,
            "  {} {}",
            t(Text {
                ja: "旧 MX が返され得る最後:",
                en: "Old MX possible until:"
            }),
            local(until)
        )?;
        writeln!(
            out,
            "  {} {} ({})",
            t(Text {
                ja: "旧メールボックスの監視終了:",
                en: "Safe to stop watching the old inbox from:"
            }),
            local(safe),
            format_time(safe, 0)
        )?;
    }
    writeln!(
        out,
        "  {} {}/{}",
        t(Text {
            ja: "切り替わったリゾルバー:",
            en: "Resolvers switched:"
        }),
        reading.status.resolvers_switched,
        reading.status.resolvers_answered
    )?;
    writeln!(out)?;
    for server in &reading.status.servers {
        let ttl = server
            .ttl_left
            .map_or_else(|| "-".to_owned(), |ttl| format!("{ttl}s"));
        let serial = server
            .soa_serial
            .map_or_else(String::new, |serial| format!(" serial {serial}"));
        writeln!(
            out,
            "  {:<9} {:<28} {:<24} {:<14} TTL {:<7} {}{}",
            t(server.view.label()),
            server.server,
            server.address,
            t(server.role.label()),
            ttl,
            server.exchangers.join(", "),
            serial
        )?;
    }
    Ok(())
}
