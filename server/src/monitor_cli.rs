//! `mailmove monitor`: a reading as a readable table (or JSON lines), once or until
//! every server has switched.

use std::io::Write;

use mailmove_core::api::MonitorJson;
use mailmove_core::calendar::Zone;
use mailmove_core::monitor::{basis_words, headline, human_time};
use mailmove_core::{Lang, Text};

/// Writes one reading in `lang`. Times are written as people do (「1月19日(火) 18:00」)
/// in `zone` (`--tz`, Japan time by default), and "safe from" also in UTC; the headline
/// and the basis of the moments are worded in that zone too.
pub fn write_reading(
    out: &mut impl Write,
    reading: &MonitorJson,
    zone: &Zone,
    lang: Lang,
) -> std::io::Result<()> {
    let t = |text: Text| text.get(lang);
    let offset = |unix: u64| zone.offset_at_utc(i64::try_from(unix).unwrap_or(i64::MAX));
    let local = |unix: u64| {
        format!(
            "{} ({})",
            human_time(unix, &offset, lang, false),
            zone.name()
        )
    };
    let utc = |unix: u64| format!("{} UTC", human_time(unix, &|_| 0, lang, false));
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
    writeln!(out, "  {}", headline(&reading.status, &offset).get(lang))?;
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
            utc(safe)
        )?;
    }
    if let Some(basis) = basis_words(&reading.status, &reading.expectation, &offset) {
        writeln!(
            out,
            "  {} {}",
            t(Text {
                ja: "根拠:",
                en: "Based on:"
            }),
            basis.get(lang)
        )?;
        for cap in &reading.status.capped_resolvers {
            writeln!(
                out,
                "    {}: {} {}",
                cap.service,
                t(Text {
                    ja: "出典",
                    en: "source"
                }),
                cap.source
            )?;
        }
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
