//! `mailmove monitor`: a reading as a readable table (or JSON lines), once or until
//! every server has switched.

use std::io::Write;

use mailmove_core::api::MonitorJson;
use mailmove_core::calendar::Zone;
use mailmove_core::monitor::{basis_words, headline, human_time};
use mailmove_core::{Lang, NamePolicy, Text};

use super::exit::{CommandError, CommandResult};
use super::options::{LangOption, ResolverArgs};
use crate::terminal::Escaping;

/// `mailmove monitor`.
#[derive(Debug, clap::Args)]
pub struct MonitorArgs {
    /// The domain: a name, an IDN, an e-mail address or a URL.
    pub domain: String,
    /// An exchanger of the new MX set (repeatable). Default: whatever the authoritative
    /// server with the newest SOA serial serves now.
    #[arg(long = "expect-mx", value_name = "HOST")]
    pub expect_mx: Vec<String>,
    /// An exchanger of the old MX set (repeatable; for the table only: anything not
    /// new counts as old).
    #[arg(long = "old-mx", value_name = "HOST")]
    pub old_mx: Vec<String>,
    /// The old MX record's TTL in seconds, as it was before the change: resolvers not
    /// asked may hand the old set out this long after the change.
    #[arg(long, value_name = "SECONDS")]
    pub old_ttl: Option<u32>,
    /// When the MX was changed, as Unix seconds (default: now, the cautious choice).
    #[arg(long, value_name = "UNIX")]
    pub changed_at: Option<u64>,
    /// A resolver to ask, as `[LABEL=]IP[:PORT]` or `[LABEL=]doh:…` (repeatable).
    /// Default: Google, Cloudflare, Quad9, OpenDNS and IIJ's public DNS.
    #[arg(long = "resolver", value_name = "SPEC")]
    pub resolvers: Vec<String>,
    /// Repeat until every server that answers sees only the new MX, then exit 0.
    #[arg(long)]
    pub watch: bool,
    /// Seconds between readings with `--watch`.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub interval: u64,
    /// Print each reading as one JSON line.
    #[arg(long)]
    pub json: bool,
    /// The time zone of the table's times, an IANA name (default Asia/Tokyo); UTC is
    /// shown beside "safe from" either way.
    #[arg(long, value_name = "ZONE", default_value = "Asia/Tokyo")]
    pub tz: String,
    /// The language of the table.
    #[command(flatten)]
    pub lang: LangOption,
    /// Where the name servers' addresses are looked up, and the authorities' port.
    #[command(flatten)]
    pub resolver: ResolverArgs,
}

/// Takes readings, once or (`--watch`) until every server has switched.
pub async fn run(args: MonitorArgs, names: &NamePolicy) -> CommandResult {
    let lang = args.lang.choose();
    let usage = |message: String| CommandError::usage("monitor", message);
    let domain = mailmove_core::DomainName::parse_with(&args.domain, names)
        .map_err(|error| usage(error.message(lang)))?;
    let hosts = |list: &[String]| -> Result<Vec<String>, CommandError> {
        list.iter()
            .map(|host| {
                mailmove_core::parse_query_name(host, names)
                    .map_err(|error| usage(format!("{host}: {}", error.message(lang))))
            })
            .collect()
    };
    let expectation = mailmove_core::monitor::Expectation::new(
        hosts(&args.expect_mx)?.iter().map(String::as_str),
        hosts(&args.old_mx)?.iter().map(String::as_str),
        args.old_ttl,
        args.changed_at,
    );
    let resolvers = crate::monitor::monitor_resolvers(&args.resolvers)
        .map_err(|error| usage(format!("{error:#}")))?;
    let zone = Zone::find(&args.tz).ok_or_else(|| {
        usage(format!(
            "unknown --tz {}; an IANA name such as Asia/Tokyo",
            args.tz
        ))
    })?;
    let dns = args
        .resolver
        .dns()
        .await
        .map_err(|error| usage(format!("{error:#}")))?;
    loop {
        let reading = crate::monitor::run(&dns, &resolvers, &domain, expectation.clone()).await;
        let mut stdout = Escaping::new(std::io::stdout().lock());
        if args.json {
            serde_json::to_writer(&mut stdout, &reading)?;
            writeln!(stdout)?;
        } else {
            write_reading(&mut stdout, &reading, &zone, lang)?;
        }
        stdout.flush()?;
        drop(stdout);
        if !args.watch || (reading.status.all_switched && reading.status.authoritative_switched) {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_secs(args.interval)).await;
    }
}

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
    write_servers(out, reading, lang)
}

/// One line per server: its view, name, address, role, TTL left, exchangers, serial.
fn write_servers(out: &mut impl Write, reading: &MonitorJson, lang: Lang) -> std::io::Result<()> {
    let t = |text: Text| text.get(lang);
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
