//! `mailmove plan`: the dated schedule for a move, printed and written as ICS,
//! Markdown and JSON.

use std::io::Write;
use std::path::PathBuf;

use mailmove_core::Lang;
use mailmove_core::calendar::{BusyPeriod, DateTime};
use mailmove_core::plan::{Plan, Schedule};

use crate::cli::UpstreamArgs;

/// `mailmove plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The domain (with --input: overrides the saved plan's).
    #[arg(long)]
    pub domain: Option<String>,
    /// The target's catalog id, or `custom` (with --mx) for a service outside it.
    #[arg(long)]
    pub target: Option<String>,
    /// With `--target custom`: one MX of the new service, `PREFERENCE HOST`
    /// (repeatable; replaces the saved plan's set).
    #[arg(long = "mx", value_name = "PREFERENCE HOST", value_parser = crate::records_cli::parse_mx)]
    pub mx: Vec<mailmove_core::records::CustomMx>,
    /// With `--target custom`: the domain its SPF asks to include.
    #[arg(long, value_name = "DOMAIN")]
    pub spf_include: Option<String>,
    /// With `--target custom`: its name.
    #[arg(long, value_name = "NAME")]
    pub target_name: Option<String>,
    /// The cutover moment, local time in --tz: YYYY-MM-DDTHH:MM (default for a new
    /// plan: the next Tuesday–Thursday 19:00 at least a week away with nothing against it).
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM")]
    pub cutover: Option<String>,
    /// The time zone, an IANA name such as Asia/Tokyo (default), UTC or America/New_York.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// A saved plan (JSON) to start from.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Today's MX TTL in seconds (else read by --from-survey, else a day is assumed).
    #[arg(long, value_name = "SECONDS")]
    pub current_ttl: Option<u32>,
    /// Read today's MX TTL, DNS host and mail provider from a survey of the domain.
    #[arg(long)]
    pub from_survey: bool,
    /// A busy period, `YYYY-MM-DD..YYYY-MM-DD[:LABEL]` (repeatable).
    #[arg(long, value_name = "FROM..TO[:LABEL]")]
    pub busy: Vec<String>,
    /// Write the calendar (RFC 5545) here.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Write the Markdown checklist here.
    #[arg(long, value_name = "FILE")]
    pub md: Option<PathBuf>,
    /// Write the plan (JSON, loadable with --input and in the page) here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Language: ja or en (default: from LANG, else ja).
    #[arg(long)]
    pub lang: Option<String>,
    /// Where DNS questions go (with --from-survey).
    #[command(flatten)]
    pub upstream: UpstreamArgs,
    /// Test setups only: direct questions to loopback name servers on this port.
    #[arg(long, value_name = "PORT", env = "MAILMOVE_AUTHORITY_PORT")]
    pub authority_port: Option<u16>,
}

/// A busy period from `FROM..TO[:LABEL]`.
pub fn parse_busy(text: &str) -> Result<BusyPeriod, String> {
    let (range, label) = match text.split_once(':') {
        Some((range, label)) => (range, label.trim().to_owned()),
        None => (text, String::new()),
    };
    let (start, end) = range
        .split_once("..")
        .ok_or_else(|| format!("--busy {text}: expected FROM..TO[:LABEL]"))?;
    let parse = |date: &str| {
        date.trim()
            .parse()
            .map_err(|error: mailmove_core::calendar::DateParseError| error.to_string())
    };
    Ok(BusyPeriod {
        start: parse(start)?,
        end: parse(end)?,
        label,
    })
}

/// The cutover moment from `YYYY-MM-DDTHH:MM`.
pub fn parse_cutover(text: &str) -> Result<DateTime, String> {
    text.trim()
        .parse()
        .map_err(|error: mailmove_core::calendar::DateParseError| format!("--cutover: {error}"))
}

/// Prints the schedule in `lang`.
pub fn write_schedule(
    out: &mut impl Write,
    plan: &Plan,
    schedule: &Schedule,
    lang: Lang,
) -> std::io::Result<()> {
    let ja = lang == Lang::Ja;
    writeln!(
        out,
        "{} {} → {} ({})",
        if ja {
            "移行計画:"
        } else {
            "Migration plan:"
        },
        plan.domain,
        plan.target_name().get(lang),
        plan.time_zone
    )?;
    writeln!(
        out,
        "{} {}",
        if ja {
            "切り替え日時のリスク:"
        } else {
            "Risk of the cutover moment:"
        },
        schedule.risk.level.label().get(lang),
    )?;
    for reason in &schedule.risk.reasons {
        writeln!(out, "  - {}", reason.message.get(lang))?;
    }
    if !schedule.better_slots.is_empty() {
        let slots: Vec<String> = schedule
            .better_slots
            .iter()
            .map(|(at, risk)| {
                format!(
                    "{} ({})",
                    schedule.when(*at, lang),
                    risk.level.in_words().get(lang)
                )
            })
            .collect();
        writeln!(
            out,
            "  {} {}",
            if ja {
                "よりよい日時:"
            } else {
                "Better moments:"
            },
            slots.join(", ")
        )?;
    }
    if !schedule.issues.is_empty() {
        writeln!(out)?;
        for issue in &schedule.issues {
            writeln!(out, "! [{}] {}", issue.code, issue.message.get(lang))?;
        }
    }
    writeln!(out)?;
    let whens: Vec<String> = schedule
        .steps
        .iter()
        .map(|step| schedule.step_when(step, lang))
        .collect();
    let column = whens.iter().map(|when| width(when)).max().unwrap_or(0);
    for (step, when) in schedule.steps.iter().zip(&whens) {
        let pad = " ".repeat(column - width(when));
        writeln!(out, "{when}{pad}  {}", step.title.get(lang))?;
        for detail in &step.details {
            writeln!(out, "{:column$}    {}", "", detail.get(lang))?;
        }
    }
    Ok(())
}

/// The columns `text` takes in a terminal: East Asian wide characters (kana, kanji,
/// full-width forms) take two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}
