//! `mailmove plan`: the dated schedule for a move, printed and written as ICS,
//! Markdown and JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use mailmove_core::calendar::{BusyPeriod, DateTime};
use mailmove_core::plan::{Plan, Schedule, Seed};
use mailmove_core::{Lang, NamePolicy};

use super::exit::{CommandError, CommandResult};
use super::options::{CustomTargetArgs, LangOption, ResolverArgs};
use crate::mta_sts_fetch::PolicyFetcher;
use crate::terminal::Escaping;

/// `mailmove plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The domain (with --input: overrides the saved plan's).
    #[arg(long)]
    pub domain: Option<String>,
    /// The target's catalog id, or `custom` (with --mx) for a service outside it.
    #[arg(long)]
    pub target: Option<String>,
    /// A custom target's service.
    #[command(flatten)]
    pub custom: CustomTargetArgs,
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
    /// The language of the schedule and the files.
    #[command(flatten)]
    pub lang: LangOption,
    /// Where DNS questions go (with --from-survey).
    #[command(flatten)]
    pub resolver: ResolverArgs,
}

fn usage(message: String) -> CommandError {
    CommandError::usage("plan", message)
}

/// Builds or loads the plan, applies the options, and prints and writes its schedule.
pub async fn run(args: PlanArgs, names: &NamePolicy) -> CommandResult {
    let lang = args.lang.choose();
    let mut plan = match &args.input {
        Some(path) => load(path, lang)?,
        None => new_plan(&args, names, lang)?,
    };
    apply_options(&mut plan, &args, names, lang)?;
    if args.from_survey {
        let dns = args
            .resolver
            .dns()
            .await
            .map_err(|error| usage(format!("{error:#}")))?;
        let domain = mailmove_core::DomainName::parse_with(&plan.domain, names)
            .map_err(|error| usage(error.message(lang)))?;
        let options = mailmove_core::survey::SurveyOptions {
            selectors: Vec::new(),
            target: Some(plan.target.clone()),
            typed: None,
        };
        let report = crate::survey::run(&dns, &PolicyFetcher::default(), domain, options).await;
        let survey = mailmove_core::api::survey_json(&report);
        // The page's link to the planner is seeded by the same rule.
        plan.seed(Seed::from_survey(&survey, Some(&plan.target)));
    }
    write_outputs(&plan, &args, lang)
}

/// A saved plan (`--input`).
fn load(path: &std::path::Path, lang: Lang) -> Result<Plan, CommandError> {
    let bytes = crate::terminal::read_input(path)
        .map_err(|error| usage(error.message(path).get(lang).to_owned()))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        usage(match lang {
            Lang::Ja => format!("{}: UTF-8 のJSONではありません。", path.display()),
            Lang::En => format!("{}: not UTF-8 JSON.", path.display()),
        })
    })?;
    Plan::from_json(&text).map_err(|error| usage(error.message(lang)))
}

/// A new plan for `--domain` and `--target`.
fn new_plan(args: &PlanArgs, names: &NamePolicy, lang: Lang) -> Result<Plan, CommandError> {
    let (Some(domain), Some(target)) = (&args.domain, &args.target) else {
        return Err(usage(
            "--domain and --target are needed (or --input plan.json)".into(),
        ));
    };
    let domain = mailmove_core::DomainName::parse_with(domain, names)
        .map_err(|error| usage(error.message(lang)))?;
    // Without --cutover: the next good moment a week or more from now, in the plan's
    // zone (a --cutover given replaces it later).
    let zone_name = args
        .tz
        .as_deref()
        .unwrap_or(mailmove_core::plan::DEFAULT_TIME_ZONE);
    let now = mailmove_core::calendar::Zone::find(zone_name)
        .and_then(|zone| zone.to_local(crate::monitor::unix_now() as i64))
        .ok_or_else(|| {
            usage(mailmove_core::plan::PlanError::TimeZone(zone_name.to_owned()).message(lang))
        })?;
    let busy: Vec<_> = args
        .busy
        .iter()
        .filter_map(|busy| parse_busy(busy).ok())
        .collect();
    Ok(Plan::new(
        &domain,
        target,
        mailmove_core::calendar::default_cutover(now, &busy),
    ))
}

/// What the options say over the plan, checked in the order they are listed.
fn apply_options(
    plan: &mut Plan,
    args: &PlanArgs,
    names: &NamePolicy,
    lang: Lang,
) -> Result<(), CommandError> {
    if let Some(domain) = &args.domain {
        plan.domain = mailmove_core::DomainName::parse_with(domain, names)
            .map_err(|error| usage(error.message(lang)))?
            .as_str()
            .to_owned();
    }
    if let Some(target) = &args.target {
        plan.target = target.clone();
    }
    // A custom target's service, as the records generator reads it from the plan.
    let custom_args = &args.custom;
    if !custom_args.mx.is_empty()
        || custom_args.spf_include.is_some()
        || custom_args.target_name.is_some()
    {
        let custom = plan.records.custom.get_or_insert_default();
        if !custom_args.mx.is_empty() {
            custom.mx = custom_args.mx.clone();
        }
        if let Some(include) = &custom_args.spf_include {
            custom.spf_include = Some(include.clone());
        }
        if let Some(name) = &custom_args.target_name {
            custom.name = name.clone();
        }
    }
    if let Some(cutover) = &args.cutover {
        plan.cutover = parse_cutover(cutover).map_err(usage)?;
    }
    if !mailmove_core::records::is_target_id(&plan.target) {
        return Err(usage(format!(
            "unknown target {}; one of: {}",
            plan.target,
            mailmove_core::records::target_ids().join(", ")
        )));
    }
    if let Some(zone) = &args.tz {
        plan.time_zone = zone.clone();
    }
    if let Some(ttl) = args.current_ttl {
        plan.current_mx_ttl = Some(ttl);
    }
    for busy in &args.busy {
        plan.busy.push(parse_busy(busy).map_err(usage)?);
    }
    plan.validate().map_err(|error| usage(error.message(lang)))
}

/// Writes the files asked for, then prints the schedule.
fn write_outputs(plan: &Plan, args: &PlanArgs, lang: Lang) -> CommandResult {
    let now = crate::monitor::unix_now();
    let local_now = plan.local_time(now as i64);
    let schedule = mailmove_core::plan::schedule(plan, local_now);
    if let Some(path) = &args.ics {
        let stamp = mailmove_core::plan::ics_stamp(now);
        std::fs::write(
            path,
            mailmove_core::plan::to_ics(plan, &schedule, &stamp, lang),
        )
        .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.md {
        std::fs::write(
            path,
            mailmove_core::plan::to_markdown(plan, &schedule, lang),
        )
        .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.json {
        std::fs::write(path, plan.to_json())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut stdout = Escaping::new(std::io::stdout().lock());
    write_schedule(&mut stdout, plan, &schedule, lang)?;
    Ok(())
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
