//! `mailmove probe`: asks the target's exchangers (or today's MX, or given ones)
//! whether they accept each address of the accounts list, and what TLS they offer.
//! Never DATA: no message is sent.
//!
//! Exit status: 0 every address accepted, 1 at least one refused, 2 could not tell
//! for some address (greylisting, timeouts, a catch-all, no connection) or bad input.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use mailmove_core::accounts::{Destination, import};
use mailmove_core::api as json;
use mailmove_core::dns::{Outcome, Query, RecordData, RecordType};
use mailmove_core::records::CustomMx;
use mailmove_core::smtp::{Exchanger, catch_all_probe, exchangers_for_target};
use mailmove_core::{DomainName, Lang, NamePolicy};

use crate::commands::options::{LangOption, UpstreamArgs};
use crate::probe::{ProbeSettings, ProbeTrust, SMTP_PORT, probe_exchanger};
use crate::say;
use crate::terminal::Escaping;

/// Exchangers probed at most, most preferred first.
const MAX_EXCHANGERS: usize = 5;

/// `mailmove probe`.
#[derive(Debug, clap::Args)]
pub struct ProbeArgs {
    /// The domain whose addresses are probed.
    pub domain: String,
    /// The target's catalog id (google-workspace, microsoft-365 …) or `custom` (with
    /// --mx): its exchangers are asked, not today's MX.
    #[arg(long, required_unless_present_any = ["exchangers", "current_mx"])]
    pub target: Option<String>,
    /// With `--target custom`: one MX of the new service, `PREFERENCE HOST` (repeatable).
    #[arg(long = "mx", value_name = "PREFERENCE HOST", value_parser = parse_mx)]
    pub mx: Vec<CustomMx>,
    /// The region, for targets whose hosts name one.
    #[arg(long)]
    pub region: Option<String>,
    /// The accounts list (as `mailmove accounts --input` reads it): every address
    /// that must exist after the switch is asked (mailboxes, aliases, groups,
    /// forwards and undecided ones; not those marked retired).
    #[arg(long, value_name = "FILE")]
    pub accounts: PathBuf,
    /// Ask these exchangers instead (repeatable): after the switch, or a test setup.
    #[arg(
        long = "exchanger",
        value_name = "HOST[:PORT]",
        conflicts_with = "current_mx"
    )]
    pub exchangers: Vec<String>,
    /// Ask today's MX instead of the target's (after the switch).
    #[arg(long)]
    pub current_mx: bool,
    /// PEM file of extra CA certificates the exchangers' certificates may chain to;
    /// the Mozilla roots are always trusted.
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,
    /// Our name in EHLO (default: this machine's host name).
    #[arg(long, value_name = "NAME", value_parser = parse_helo)]
    pub helo: Option<String>,
    /// Seconds to wait for the TCP connection.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=120))]
    pub connect_timeout: u64,
    /// Seconds to wait for each reply.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub reply_timeout: u64,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// The language of the report.
    #[command(flatten)]
    pub lang: LangOption,
    /// Where the exchangers' addresses are looked up.
    #[command(flatten)]
    pub upstream: UpstreamArgs,
    /// Test setups only: connect to exchangers on this port, and only at loopback
    /// addresses. Default: port 25, public addresses only.
    #[arg(long, value_name = "PORT", env = "MAILMOVE_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// Test setups only: fetch the MTA-STS policy file from this port, only at
    /// loopback addresses, trusting `--ca` too. Default: port 443, public addresses,
    /// the Mozilla roots only (as sending servers check it).
    #[arg(long, value_name = "PORT", env = "MAILMOVE_POLICY_PORT")]
    pub policy_port: Option<u16>,
}

fn parse_helo(text: &str) -> Result<String, String> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| text.to_owned())
        .ok_or_else(|| format!("not a host name: {text:?}"))
}

fn parse_mx(text: &str) -> Result<CustomMx, String> {
    CustomMx::parse(text).ok_or_else(|| format!("not `PREFERENCE HOST`: {text}"))
}

/// Runs the probe and returns the exit status.
pub async fn run(args: ProbeArgs, names: &NamePolicy) -> anyhow::Result<i32> {
    let lang = args.lang.choose();
    let usage_error = |message: String| -> anyhow::Result<i32> {
        say!("mailmove probe: {message}");
        Ok(2)
    };
    let domain = match DomainName::parse_with(&args.domain, names) {
        Ok(domain) => domain,
        Err(error) => return usage_error(error.message(lang)),
    };
    let addresses = match addresses_to_ask(&args, &domain, lang) {
        Ok(addresses) => addresses,
        Err(message) => return usage_error(message),
    };
    if addresses.is_empty() {
        return usage_error(pick(
            lang,
            "確認するアドレスがありません。",
            "No address to ask.",
        ));
    }
    let dns = match args.upstream.dns().await {
        Ok(dns) => dns,
        Err(error) => return usage_error(format!("{error:#}")),
    };
    let exchangers = match exchangers(&args, &domain, &dns, lang).await {
        Ok(exchangers) => exchangers,
        Err(message) => return usage_error(message),
    };
    // A bad --ca is bad input: exit 2 like the rest, never 1 (which means refused).
    let extra_roots = match &args.ca {
        Some(path) => match crate::upstream::read_pem_certificates(path) {
            Ok(roots) => roots,
            Err(error) => return usage_error(format!("--ca: {error:#}")),
        },
        None => Vec::new(),
    };
    let Ok(trust) = ProbeTrust::new(&extra_roots) else {
        return usage_error("--ca: not a usable CA certificate".into());
    };
    let fetcher = match args.policy_port {
        Some(port) => crate::mta_sts_fetch::PolicyFetcher::for_tests(port, &extra_roots),
        None => crate::mta_sts_fetch::PolicyFetcher::default(),
    };
    let mut settings = ProbeSettings::new(trust, args.helo.clone().unwrap_or_else(host_name));
    settings.connect_timeout = std::time::Duration::from_secs(args.connect_timeout);
    settings.reply_timeout = std::time::Duration::from_secs(args.reply_timeout);
    settings.addresses = crate::address_policy::DirectPolicy::for_authority_port(args.smtp_port);
    let random = match random_bytes() {
        Ok(random) => random,
        Err(error) => return usage_error(format!("{error:#}")),
    };
    let probe_address = catch_all_probe(domain.as_str(), &random);
    let mut reports = Vec::new();
    for (host, port) in &exchangers {
        settings.port = *port;
        reports.push(
            probe_exchanger(
                &settings,
                &dns,
                host,
                &addresses,
                Some(probe_address.clone()),
            )
            .await,
        );
    }
    let policy = crate::probe::policy_state(&dns, &fetcher, domain.as_str()).await;
    let probe = json::probe_json(domain.as_str(), &addresses, &reports, policy);
    let status = exit_status(probe.summary);
    let mut stdout = Escaping::new(std::io::stdout().lock());
    if args.json {
        let mut value = serde_json::to_value(&probe)?;
        if let serde_json::Value::Object(map) = &mut value {
            map.insert("exit".into(), status.into());
        }
        serde_json::to_writer(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs() as i64);
        crate::probe_text::write_text(&mut stdout, &probe, lang, now)?;
    }
    stdout.flush()?;
    Ok(status)
}

/// 0 every address accepted, 1 one refused, 2 could not tell for one.
fn exit_status(summary: json::ProbeSummary) -> i32 {
    match summary {
        json::ProbeSummary::Accepted | json::ProbeSummary::NoAddresses => 0,
        json::ProbeSummary::Refused => 1,
        json::ProbeSummary::CouldNotTell => 2,
    }
}

/// The list's addresses at `domain` that must exist after the switch, in order.
fn addresses_to_ask(
    args: &ProbeArgs,
    domain: &DomainName,
    lang: Lang,
) -> Result<Vec<String>, String> {
    let bytes = crate::terminal::read_input(&args.accounts)
        .map_err(|error| error.message(&args.accounts).get(lang).to_owned())?;
    let text = crate::commands::accounts::files::decode(&bytes)
        .map_err(|error| error.message().get(lang).to_owned())?;
    let imported = import(&text, domain);
    for issue in &imported.issues {
        say!(
            "{}: {} ({})",
            issue.line,
            issue.message.get(lang),
            issue.kind.code()
        );
    }
    let suffix = format!("@{}", domain.as_str());
    let mut addresses = Vec::new();
    for account in imported.accounts {
        // A retired address is meant to bounce; one at another domain is not routed
        // through these exchangers.
        if matches!(account.destination, Destination::Retire { .. }) {
            continue;
        }
        if !account.address.ends_with(&suffix) {
            say!(
                "{}",
                pick(
                    lang,
                    &format!(
                        "{}: このドメインのアドレスではないので尋ねません。",
                        account.address
                    ),
                    &format!("{}: not at this domain, not asked.", account.address)
                )
            );
            continue;
        }
        if !addresses.contains(&account.address) {
            addresses.push(account.address);
        }
    }
    Ok(addresses)
}

/// The exchangers to ask, as (host, port), most preferred first.
async fn exchangers(
    args: &ProbeArgs,
    domain: &DomainName,
    dns: &crate::dns::Dns,
    lang: Lang,
) -> Result<Vec<(String, u16)>, String> {
    if !args.exchangers.is_empty() {
        return args
            .exchangers
            .iter()
            .map(|spec| {
                parse_exchanger(spec)
                    .ok_or_else(|| format!("--exchanger {spec}: HOST or HOST:PORT"))
            })
            .collect();
    }
    let mut found: Vec<Exchanger> = if args.current_mx {
        match dns
            .lookup(&Query::new(domain.as_str(), RecordType::Mx))
            .await
        {
            Outcome::Records { records } => records
                .iter()
                .filter_map(|record| match &record.data {
                    RecordData::Mx {
                        preference,
                        exchange,
                    } => Some(Exchanger {
                        preference: *preference,
                        host: exchange.trim_end_matches('.').to_ascii_lowercase(),
                    }),
                    _ => None,
                })
                // A null MX (RFC 7505) takes no mail at all.
                .filter(|exchanger| !exchanger.host.is_empty())
                .collect(),
            outcome => {
                return Err(pick(
                    lang,
                    &format!("今のMXを読めませんでした({outcome:?})。"),
                    &format!("Today's MX could not be read ({outcome:?})."),
                ));
            }
        }
    } else {
        let target = args.target.clone().unwrap_or_default();
        let (found, warnings) =
            exchangers_for_target(domain, &target, &args.mx, args.region.as_deref());
        for warning in &warnings {
            say!("! {}", warning.message.get(lang));
        }
        found
    };
    found.sort_by_key(|exchanger| exchanger.preference);
    if found.is_empty() {
        return Err(pick(lang, "尋ねるMXがありません。", "No exchanger to ask."));
    }
    Ok(found
        .into_iter()
        .take(MAX_EXCHANGERS)
        .map(|exchanger| (exchanger.host, SMTP_PORT))
        .collect())
}

/// `HOST` or `HOST:PORT`.
fn parse_exchanger(spec: &str) -> Option<(String, u16)> {
    let (host, port) = match spec.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().ok()?),
        None => (spec, SMTP_PORT),
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some((host, port))
}

/// This machine's name, for EHLO.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// Randomness for the made-up address, from the OS (core has none by design).
pub fn random_bytes() -> anyhow::Result<[u8; 10]> {
    use std::io::Read as _;
    let mut bytes = [0_u8; 10];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .context("cannot read /dev/urandom")?;
    Ok(bytes)
}

/// `ja` or `en`, by `lang`.
fn pick(lang: Lang, ja: &str, en: &str) -> String {
    match lang {
        Lang::Ja => ja.to_owned(),
        Lang::En => en.to_owned(),
    }
}
