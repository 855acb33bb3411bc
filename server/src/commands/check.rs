//! `mailmove check`: the survey as a readable report (or JSON).

use std::io::{IsTerminal as _, Write};

use mailmove_core::api::SurveyJson;
use mailmove_core::findings::{Severity, Topic};
use mailmove_core::survey::DomainState;
use mailmove_core::{Lang, NamePolicy, Text};

use super::exit::{CommandError, CommandResult};
use super::options::{LangOption, ResolverArgs};
use crate::mta_sts_fetch::PolicyFetcher;
use crate::terminal::{Escaping, escape_controls as safe};

/// `mailmove check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The domain: a name, an IDN, an e-mail address or a URL.
    pub domain: String,
    /// Where DNS questions go.
    #[command(flatten)]
    pub resolver: ResolverArgs,
    /// A DKIM selector to look for (repeatable).
    #[arg(long = "selector", value_name = "S")]
    pub selectors: Vec<String>,
    /// The provider the domain is moving to (catalog id, e.g. google-workspace).
    #[arg(long)]
    pub target: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// The language of the human report.
    #[command(flatten)]
    pub lang: LangOption,
}

/// Surveys the domain and prints the report.
pub async fn run(args: CheckArgs, names: &NamePolicy) -> CommandResult {
    let usage = |message: String| CommandError::usage("check", message);
    let lang = args.lang.choose();
    // Bad input, a bad --upstream included: say what to fix, exit 2.
    let domain = mailmove_core::DomainName::parse_with(&args.domain, names)
        .map_err(|error| usage(error.message(lang)))?;
    let dns = args
        .resolver
        .dns()
        .await
        .map_err(|error| usage(format!("{error:#}")))?;
    let options = mailmove_core::survey::SurveyOptions {
        selectors: args.selectors,
        target: args.target,
        typed: Some(args.domain.clone()),
    };
    let report = crate::survey::run(&dns, &PolicyFetcher::default(), domain, options).await;
    let report = mailmove_core::api::survey_json(&report);
    // Text from DNS is printed escaped (`terminal`).
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let mut stdout = Escaping::new(stdout);
        serde_json::to_writer(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else if use_colour() {
        // Our own colour codes: `write_report` escapes what came from DNS itself.
        write_report(&mut stdout, &report, lang, true)?;
    } else {
        let mut stdout = Escaping::new(stdout);
        write_report(&mut stdout, &report, lang, false)?;
    }
    Ok(())
}

/// Writes the human report in `lang`, with colour when `colour` is set. Text from
/// DNS is escaped here (`terminal`), since the colour codes cannot go through
/// `terminal::Escaping`.
pub fn write_report(
    out: &mut impl Write,
    report: &SurveyJson,
    lang: Lang,
    colour: bool,
) -> std::io::Result<()> {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let t = |text: Text| text.get(lang);
    writeln!(
        out,
        "{} {}",
        paint(
            "1",
            t(Text {
                ja: "ドメイン設定チェック:",
                en: "Domain check:"
            })
        ),
        safe(&report.domain_unicode)
    )?;
    // A domain that does not exist or answer has no provider, MX or SPF to sum up:
    // one status line instead, and the finding below says what to do.
    let state = DomainState::from_tag(&report.facts.domain_state).and_then(DomainState::words);
    if let Some(state) = state {
        writeln!(
            out,
            "  {} {}",
            t(Text {
                ja: "状態:",
                en: "Status:"
            }),
            paint("31", t(state))
        )?;
    } else {
        summary_lines(out, report, lang)?;
    }
    stage_lines(out, report, lang, &paint)?;
    let topics = [
        Topic::Mx,
        Topic::Spf,
        Topic::Dmarc,
        Topic::Dkim,
        Topic::MtaSts,
        Topic::TlsRpt,
        Topic::Bimi,
        Topic::Dns,
        Topic::Provider,
    ];
    for topic in topics {
        let findings: Vec<_> = report
            .findings
            .iter()
            .filter(|finding| finding.topic == topic)
            .collect();
        if findings.is_empty() {
            continue;
        }
        writeln!(out, "\n{}", paint("1", t(topic.label())))?;
        for finding in findings {
            let (code, label) = match finding.severity {
                Severity::Error => ("31", finding.severity.label()),
                Severity::Warning => ("33", finding.severity.label()),
                Severity::Info => ("36", finding.severity.label()),
            };
            writeln!(
                out,
                "  [{}] {} ({})",
                paint(code, t(label)),
                safe(finding.message.get(lang)),
                safe(&finding.code)
            )?;
            if let Some(record) = &finding.record {
                writeln!(out, "      {}", safe(record))?;
            }
            writeln!(out, "      → {}", safe(finding.fix.get(lang)))?;
        }
    }
    if !report.could_not_check.is_empty() {
        writeln!(
            out,
            "\n{}",
            paint(
                "33",
                t(Text {
                    ja: "確認できなかった問い合わせ(ドメインの不具合とは限りません):",
                    en: "Could not check (not necessarily a problem with the domain):"
                })
            )
        )?;
        for query in &report.could_not_check {
            writeln!(out, "  {} {}", safe(&query.name), query.rtype)?;
        }
    }
    Ok(())
}

/// Where the move stands, as the check page's first card says it: the stage, "do not
/// change MX yet", the next step (with the planner's step id) and the three verdicts.
fn stage_lines(
    out: &mut impl Write,
    report: &SurveyJson,
    lang: Lang,
    paint: &impl Fn(&str, &str) -> String,
) -> std::io::Result<()> {
    let Some(stage) = &report.stage else {
        return Ok(());
    };
    let t = |text: Text| text.get(lang);
    writeln!(
        out,
        "\n{}",
        paint(
            "1",
            t(Text {
                ja: "移行の状況",
                en: "Where the move stands"
            })
        )
    )?;
    writeln!(out, "  {}", safe(stage.title.get(lang)))?;
    if let Some(hold) = &stage.hold_mx {
        writeln!(
            out,
            "  {}",
            paint("33", &format!("⚠ {}", safe(hold.get(lang))))
        )?;
    }
    if let Some(next) = &stage.next_step {
        writeln!(
            out,
            "  {} {} ({} {})",
            t(Text {
                ja: "次にすること:",
                en: "Next:"
            }),
            safe(next.message.get(lang)),
            t(Text {
                ja: "計画の手順",
                en: "plan step"
            }),
            next.id.as_str()
        )?;
    }
    if !stage.remnants.is_empty() {
        let left: Vec<String> = stage
            .remnants
            .iter()
            .map(|remnant| safe(&remnant.value).into_owned())
            .collect();
        writeln!(
            out,
            "  {} {}",
            t(Text {
                ja: "旧サービスの設定が DNS に残っています:",
                en: "The old service's entries are still in DNS:"
            }),
            left.join(", ")
        )?;
    }
    for verdict in &stage.verdicts {
        let (code, mark) = match verdict.status.as_str() {
            "ok" => ("32", "✓"),
            "problem" => ("31", "✗"),
            _ => ("33", "?"),
        };
        writeln!(
            out,
            "  {} {}",
            paint(code, mark),
            safe(verdict.message.get(lang))
        )?;
    }
    Ok(())
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
pub fn use_colour() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// Mail provider, DNS host, MX and SPF counts, one line each.
fn summary_lines(out: &mut impl Write, report: &SurveyJson, lang: Lang) -> std::io::Result<()> {
    let t = |text: Text| text.get(lang);
    let mail: Vec<String> = report
        .providers
        .mail
        .iter()
        .map(|p| safe(p.name.get(lang)).into_owned())
        .collect();
    let dns: Vec<String> = report
        .providers
        .dns_hosts
        .iter()
        .map(|p| safe(p.name.get(lang)).into_owned())
        .collect();
    let unknown = t(Text {
        ja: "不明",
        en: "unknown",
    });
    writeln!(
        out,
        "  {} {}",
        t(Text {
            ja: "メール事業者:",
            en: "Mail provider:"
        }),
        if mail.is_empty() {
            unknown.to_owned()
        } else {
            mail.join(", ")
        }
    )?;
    writeln!(
        out,
        "  {} {}",
        t(Text {
            ja: "DNSの管理:",
            en: "DNS host:"
        }),
        if dns.is_empty() {
            unknown.to_owned()
        } else {
            dns.join(", ")
        }
    )?;
    let mx: Vec<String> = report
        .facts
        .mx
        .iter()
        .map(|(pref, host)| format!("{pref} {}", safe(host)))
        .collect();
    writeln!(
        out,
        "  MX: {}",
        if mx.is_empty() {
            "-".to_owned()
        } else {
            mx.join(", ")
        }
    )?;
    writeln!(
        out,
        "  SPF: {} {}{}/10, {} {}/2",
        t(Text {
            ja: "DNS参照",
            en: "DNS lookups"
        }),
        report.facts.spf.lookup_count,
        // Part of the tree was not asked: the count is only a lower bound.
        if report.facts.spf.lookup_count_is_minimum {
            "+"
        } else {
            ""
        },
        t(Text {
            ja: "空の参照",
            en: "void lookups"
        }),
        report.facts.spf.void_lookup_count
    )?;
    Ok(())
}
