//! `mailmove blocklist DOMAIN`: are the domain's mail servers and senders on a
//! blocklist? Today's MX, the target's MX (`--target`), and the SPF record's
//! `ip4`/`ip6`/`a` senders, against each `--dnsbl` zone (default: core's
//! `dnsbl::DEFAULT_LISTS`).
//!
//! A command of its own, not a flag of `mailmove probe`: it asks DNS only, so it
//! works from an office network that blocks port 25 (OP25B), needs no accounts list,
//! and asks nothing of the exchangers themselves.
//!
//! Exit status: 0 nothing listed, 1 something listed, 2 some answer could not be had
//! (a refusal code, a timeout, a list that does not answer) or bad input.

use std::io::Write as _;

use mailmove_core::dnsbl::{
    BlocklistCheck, BlocklistReport, Listing, Summary, advice, default_zones, explain_listing,
    explain_test, note_words, role_words,
};
use mailmove_core::records::CustomMx;
use mailmove_core::smtp::exchangers_for_target;
use mailmove_core::{DomainName, Lang, NamePolicy};

use crate::commands::options::{LangOption, UpstreamArgs};
use crate::say;
use crate::terminal::Escaping;

/// `mailmove blocklist`.
#[derive(Debug, clap::Args)]
pub struct BlocklistArgs {
    /// The domain whose exchangers and senders are checked.
    pub domain: String,
    /// Also check the target's exchangers: a catalog id (google-workspace …) or
    /// `custom` with --mx.
    #[arg(long)]
    pub target: Option<String>,
    /// With `--target custom`: one MX of the new service, `PREFERENCE HOST` (repeatable).
    #[arg(long = "mx", value_name = "PREFERENCE HOST", value_parser = parse_mx)]
    pub mx: Vec<CustomMx>,
    /// The region, for targets whose hosts name one.
    #[arg(long)]
    pub region: Option<String>,
    /// A blocklist zone to ask (repeatable), e.g. zen.spamhaus.org. Default:
    /// zen.spamhaus.org, bl.spamcop.net, b.barracudacentral.org, psbl.surriel.com.
    #[arg(long = "dnsbl", value_name = "ZONE")]
    pub zones: Vec<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// The language of the report.
    #[command(flatten)]
    pub lang: LangOption,
    /// Where the questions go. Spamhaus refuses queries that come through public
    /// resolvers: use a resolver of your own.
    #[command(flatten)]
    pub upstream: UpstreamArgs,
}

fn parse_mx(text: &str) -> Result<CustomMx, String> {
    CustomMx::parse(text).ok_or_else(|| format!("not `PREFERENCE HOST`: {text}"))
}

/// Runs the check and returns the exit status.
pub async fn run(args: BlocklistArgs, names: &NamePolicy) -> anyhow::Result<i32> {
    let lang = args.lang.choose();
    let usage_error = |message: String| -> anyhow::Result<i32> {
        say!("mailmove blocklist: {message}");
        Ok(2)
    };
    let domain = match DomainName::parse_with(&args.domain, names) {
        Ok(domain) => domain,
        Err(error) => return usage_error(error.message(lang)),
    };
    let mut zones = Vec::new();
    for zone in &args.zones {
        match DomainName::parse_with(zone, names) {
            Ok(zone) => zones.push(zone.as_str().to_owned()),
            Err(error) => return usage_error(format!("--dnsbl {zone}: {}", error.message(lang))),
        }
    }
    if zones.is_empty() {
        zones = default_zones();
    }
    let target_mx: Vec<String> = match &args.target {
        None => Vec::new(),
        Some(target) => {
            if !mailmove_core::records::is_target_id(target) {
                return usage_error(format!(
                    "unknown --target {target}; one of: {}",
                    mailmove_core::records::target_ids().join(", ")
                ));
            }
            let (exchangers, warnings) =
                exchangers_for_target(&domain, target, &args.mx, args.region.as_deref());
            for warning in &warnings {
                say!("! {}", warning.message.get(lang));
            }
            exchangers
                .into_iter()
                .map(|exchanger| exchanger.host)
                .collect()
        }
    };
    let dns = match args.upstream.dns().await {
        Ok(dns) => dns,
        Err(error) => return usage_error(format!("{error:#}")),
    };
    let check = BlocklistCheck::new(domain.as_str(), target_mx, zones);
    let report = crate::blocklist::run(&dns, check).await;
    let status = match report.summary() {
        Summary::Clean => 0,
        Summary::Listed => 1,
        Summary::CouldNotCheck => 2,
    };
    let mut stdout = Escaping::new(std::io::stdout().lock());
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        if let serde_json::Value::Object(map) = &mut value {
            map.insert("summary".into(), serde_json::to_value(report.summary())?);
            map.insert("exit".into(), status.into());
        }
        serde_json::to_writer(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        write_text(&mut stdout, &report, lang)?;
    }
    stdout.flush()?;
    Ok(status)
}

fn write_text(
    out: &mut impl std::io::Write,
    report: &BlocklistReport,
    lang: Lang,
) -> std::io::Result<()> {
    let pick = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    writeln!(
        out,
        "{}: {}",
        pick("ブロックリストの確認", "Blocklists"),
        report.domain
    )?;
    for list in &report.lists {
        let name = list.name.as_deref().unwrap_or("");
        writeln!(out, "  {} {name}", list.zone)?;
        writeln!(out, "    IPv4: {}", explain_test(&list.ipv4_test).get(lang))?;
        if let Some(test) = &list.ipv6_test {
            writeln!(out, "    IPv6: {}", explain_test(test).get(lang))?;
        }
        if let Some(terms) = &list.terms {
            writeln!(
                out,
                "    {}: {}",
                pick("利用条件", "Terms"),
                terms.get(lang)
            )?;
        }
    }
    writeln!(out)?;
    if report.addresses.is_empty() {
        writeln!(
            out,
            "{}",
            pick(
                "確認するアドレスが見つかりませんでした。",
                "No address was found to check."
            )
        )?;
    }
    for address in &report.addresses {
        let roles: Vec<String> = address
            .roles
            .iter()
            .map(|role| role_words(role, lang))
            .collect();
        writeln!(out, "{} ({})", address.address, roles.join(", "))?;
        for result in &address.results {
            let mark = match result.listing {
                Listing::NotListed => "✓",
                Listing::Listed { .. } => "✗",
                Listing::CouldNotCheck { .. } => "?",
            };
            writeln!(
                out,
                "  {mark} {}: {}",
                result.zone,
                explain_listing(&result.listing).get(lang)
            )?;
            if let Listing::Listed { codes } = &result.listing {
                for code in codes {
                    let meaning = code.meaning.as_ref().map_or(
                        pick(
                            "(この番号の意味は分かりません)",
                            "(meaning of this code unknown)",
                        ),
                        |meaning| meaning.get(lang),
                    );
                    writeln!(out, "      {} {meaning}", code.code)?;
                }
                for role in &address.roles {
                    writeln!(out, "      → {}", advice(role).get(lang))?;
                }
            }
        }
    }
    for note in &report.notes {
        writeln!(out, "! {}", note_words(note, lang))?;
    }
    Ok(())
}
