//! `mailmove`: the server and the command line in one binary.

use std::io::Write as _;

use anyhow::Context as _;
use clap::Parser as _;
use mailmove_core::spf::CheckHost;
use mailmove_server::cache::AnswerCache;
use mailmove_server::cli::{
    CheckArgs, Cli, Command, MonitorArgs, ServeArgs, SpfCheckArgs, SpfCommand, direct_policy,
};
use mailmove_server::rate_limit::RateLimit;
use mailmove_server::terminal::Escaping;
use mailmove_server::{AppState, ServerConfig, say, serve, shutdown_signal, static_files};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match run().await {
        // `mailmove plan | head`: the reader left; that is not an error.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        result => result,
    }
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_tracing(cli.log_json);
    let names = mailmove_core::NamePolicy::allowing(&cli.allow_tlds);
    match cli.command {
        Command::Serve(args) => run_serve(args, names).await,
        Command::Check(args) => run_check(args, &names).await,
        Command::Monitor(args) => run_monitor(args, &names).await,
        Command::Records(args) => run_records(args, &names).await,
        Command::Plan(args) => run_plan(args, &names).await,
        Command::Accounts(args) => run_accounts(&args, &names),
        Command::Probe(args) => {
            std::process::exit(mailmove_server::probe_cli::run(args, &names).await?)
        }
        Command::Blocklist(args) => {
            std::process::exit(mailmove_server::blocklist_cli::run(args, &names).await?)
        }
        Command::Spf {
            command: SpfCommand::Check(args),
        } => run_spf_check(args).await,
    }
}

async fn run_check(args: CheckArgs, names: &mailmove_core::NamePolicy) -> anyhow::Result<()> {
    let lang = mailmove_server::check_cli::choose_lang(args.lang.as_deref());
    let domain = match mailmove_core::DomainName::parse_with(&args.domain, names) {
        Ok(domain) => domain,
        Err(error) => {
            // Bad input: say what to fix, exit 2 (usage error), as documented.
            say!("mailmove check: {}", error.message(lang));
            std::process::exit(2);
        }
    };
    let dns = match args.upstream.dns().await {
        Ok(dns) => dns.with_direct(direct_policy(args.authority_port)),
        Err(error) => {
            // A bad --upstream is bad input too: exit 2 with what to fix.
            say!("mailmove check: {error:#}");
            std::process::exit(2);
        }
    };
    let options = mailmove_core::survey::SurveyOptions {
        selectors: args.selectors,
        target: args.target,
        typed: Some(args.domain.clone()),
    };
    let report = mailmove_server::survey::run(&dns, domain, options).await;
    let report = mailmove_core::api::survey_json(&report);
    // Text from DNS is printed escaped (`terminal`).
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let mut stdout = Escaping::new(stdout);
        serde_json::to_writer(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else if mailmove_server::check_cli::use_colour() {
        // Our own colour codes: `write_report` escapes what came from DNS itself.
        mailmove_server::check_cli::write_report(&mut stdout, &report, lang, true)?;
    } else {
        let mut stdout = Escaping::new(stdout);
        mailmove_server::check_cli::write_report(&mut stdout, &report, lang, false)?;
    }
    Ok(())
}

async fn run_monitor(args: MonitorArgs, names: &mailmove_core::NamePolicy) -> anyhow::Result<()> {
    let lang = mailmove_server::check_cli::choose_lang(args.lang.as_deref());
    let usage_error = |message: String| -> ! {
        say!("mailmove monitor: {message}");
        std::process::exit(2);
    };
    let domain = mailmove_core::DomainName::parse_with(&args.domain, names)
        .unwrap_or_else(|error| usage_error(error.message(lang)));
    let hosts = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|host| {
                mailmove_core::parse_query_name(host, names)
                    .unwrap_or_else(|error| usage_error(format!("{host}: {}", error.message(lang))))
            })
            .collect()
    };
    let expectation = mailmove_core::monitor::Expectation::new(
        hosts(&args.expect_mx).iter().map(String::as_str),
        hosts(&args.old_mx).iter().map(String::as_str),
        args.old_ttl,
        args.changed_at,
    );
    let resolvers = mailmove_server::cli::monitor_resolvers(&args.resolvers)
        .unwrap_or_else(|error| usage_error(format!("{error:#}")));
    let zone = mailmove_core::calendar::Zone::find(&args.tz).unwrap_or_else(|| {
        usage_error(format!(
            "unknown --tz {}; an IANA name such as Asia/Tokyo",
            args.tz
        ))
    });
    let dns = match args.upstream.dns().await {
        Ok(dns) => dns.with_direct(direct_policy(args.authority_port)),
        Err(error) => usage_error(format!("{error:#}")),
    };
    loop {
        let reading =
            mailmove_server::monitor::run(&dns, &resolvers, &domain, expectation.clone()).await;
        let mut stdout = Escaping::new(std::io::stdout().lock());
        if args.json {
            serde_json::to_writer(&mut stdout, &reading)?;
            writeln!(stdout)?;
        } else {
            mailmove_server::monitor_cli::write_reading(&mut stdout, &reading, &zone, lang)?;
        }
        stdout.flush()?;
        drop(stdout);
        if !args.watch || (reading.status.all_switched && reading.status.authoritative_switched) {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_secs(args.interval)).await;
    }
}

async fn run_records(
    args: mailmove_server::records_cli::RecordsArgs,
    names: &mailmove_core::NamePolicy,
) -> anyhow::Result<()> {
    let lang = mailmove_server::check_cli::choose_lang(args.lang.as_deref());
    let domain = match mailmove_core::DomainName::parse_with(&args.domain, names) {
        Ok(domain) => domain,
        Err(error) => {
            say!("mailmove records: {}", error.message(lang));
            std::process::exit(2);
        }
    };
    if !mailmove_core::records::is_target_id(&args.target) {
        say!(
            "mailmove records: unknown --target {}; one of: {}",
            args.target,
            mailmove_core::records::target_ids().join(", ")
        );
        std::process::exit(2);
    }
    if args.target == mailmove_core::records::CUSTOM_TARGET && args.mx.is_empty() {
        say!("mailmove records: --target custom needs at least one --mx \"PREFERENCE HOST\"");
        std::process::exit(2);
    }
    let request = args.request();
    let survey = if args.from_survey {
        let dns = match args.upstream.dns().await {
            Ok(dns) => dns.with_direct(direct_policy(args.authority_port)),
            Err(error) => {
                say!("mailmove records: {error:#}");
                std::process::exit(2);
            }
        };
        let options = mailmove_core::survey::SurveyOptions {
            selectors: Vec::new(),
            target: Some(args.target.clone()),
            typed: None,
        };
        let report = mailmove_server::survey::run(&dns, domain.clone(), options).await;
        Some(mailmove_core::api::survey_json(&report))
    } else {
        None
    };
    let current = survey
        .as_ref()
        .map(mailmove_core::records::Current::from_survey)
        .unwrap_or_else(mailmove_core::records::Current::unknown);
    let generated = mailmove_core::records::generate(&domain, &request, current);
    // A custom target whose MX lines are all invalid has no MX set to plan.
    if generated
        .warnings
        .iter()
        .any(|warning| warning.code == "custom-mx-missing")
    {
        for warning in generated
            .warnings
            .iter()
            .filter(|warning| warning.code.starts_with("custom-mx"))
        {
            say!("mailmove records: {}", warning.message.get(lang));
        }
        std::process::exit(2);
    }
    let mut stdout = Escaping::new(std::io::stdout().lock());
    match args.format.as_str() {
        "json" => {
            serde_json::to_writer(&mut stdout, &generated)?;
            writeln!(stdout)?;
        }
        "zone" => write!(
            stdout,
            "{}",
            mailmove_core::records::zone_fragment(&generated)
        )?,
        "steps" => {
            let detected = survey
                .as_ref()
                .and_then(|survey| survey.providers.dns_hosts.first())
                .map(|host| host.id.as_str());
            let guide = mailmove_core::records::host_guide(
                &generated,
                args.dns_host.as_deref().or(detected),
            );
            mailmove_server::records_cli::write_steps(&mut stdout, &guide, lang)?;
        }
        _ => mailmove_server::records_cli::write_table(&mut stdout, &generated, lang)?,
    }
    Ok(())
}

async fn run_plan(
    args: mailmove_server::plan_cli::PlanArgs,
    names: &mailmove_core::NamePolicy,
) -> anyhow::Result<()> {
    use mailmove_core::plan::Plan;
    let lang = mailmove_server::check_cli::choose_lang(args.lang.as_deref());
    let usage_error = |message: String| -> ! {
        say!("mailmove plan: {message}");
        std::process::exit(2);
    };
    let mut plan = match &args.input {
        Some(path) => {
            let bytes = mailmove_server::terminal::read_input(path)
                .unwrap_or_else(|error| usage_error(error.message(path).get(lang).to_owned()));
            let text = String::from_utf8(bytes).unwrap_or_else(|_| {
                usage_error(match lang {
                    mailmove_core::Lang::Ja => {
                        format!("{}: UTF-8 のJSONではありません。", path.display())
                    }
                    mailmove_core::Lang::En => format!("{}: not UTF-8 JSON.", path.display()),
                })
            });
            Plan::from_json(&text).unwrap_or_else(|error| usage_error(error.message(lang)))
        }
        None => {
            let (Some(domain), Some(target)) = (&args.domain, &args.target) else {
                usage_error("--domain and --target are needed (or --input plan.json)".into())
            };
            let domain = mailmove_core::DomainName::parse_with(domain, names)
                .unwrap_or_else(|error| usage_error(error.message(lang)));
            // Without --cutover: the next good moment a week or more from now, in the
            // plan's zone (a --cutover given replaces it below).
            let zone_name = args
                .tz
                .as_deref()
                .unwrap_or(mailmove_core::plan::DEFAULT_TIME_ZONE);
            let now = mailmove_core::calendar::Zone::find(zone_name)
                .and_then(|zone| zone.to_local(mailmove_server::monitor::unix_now() as i64))
                .unwrap_or_else(|| {
                    usage_error(
                        mailmove_core::plan::PlanError::TimeZone(zone_name.to_owned())
                            .message(lang),
                    )
                });
            let busy: Vec<_> = args
                .busy
                .iter()
                .filter_map(|busy| mailmove_server::plan_cli::parse_busy(busy).ok())
                .collect();
            Plan::new(
                &domain,
                target,
                mailmove_core::calendar::default_cutover(now, &busy),
            )
        }
    };
    if let Some(domain) = &args.domain {
        plan.domain = mailmove_core::DomainName::parse_with(domain, names)
            .unwrap_or_else(|error| usage_error(error.message(lang)))
            .as_str()
            .to_owned();
    }
    if let Some(target) = &args.target {
        plan.target = target.clone();
    }
    // A custom target's service, as the records generator reads it from the plan.
    if !args.mx.is_empty() || args.spf_include.is_some() || args.target_name.is_some() {
        let custom = plan.records.custom.get_or_insert_default();
        if !args.mx.is_empty() {
            custom.mx = args.mx.clone();
        }
        if let Some(include) = &args.spf_include {
            custom.spf_include = Some(include.clone());
        }
        if let Some(name) = &args.target_name {
            custom.name = name.clone();
        }
    }
    if let Some(cutover) = &args.cutover {
        plan.cutover = mailmove_server::plan_cli::parse_cutover(cutover)
            .unwrap_or_else(|error| usage_error(error));
    }
    if !mailmove_core::records::is_target_id(&plan.target) {
        usage_error(format!(
            "unknown target {}; one of: {}",
            plan.target,
            mailmove_core::records::target_ids().join(", ")
        ));
    }
    if let Some(zone) = &args.tz {
        plan.time_zone = zone.clone();
    }
    if let Some(ttl) = args.current_ttl {
        plan.current_mx_ttl = Some(ttl);
    }
    for busy in &args.busy {
        plan.busy.push(
            mailmove_server::plan_cli::parse_busy(busy).unwrap_or_else(|error| usage_error(error)),
        );
    }
    if let Err(error) = plan.validate() {
        usage_error(error.message(lang));
    }
    if args.from_survey {
        let dns = args
            .upstream
            .dns()
            .await
            .unwrap_or_else(|error| usage_error(format!("{error:#}")))
            .with_direct(direct_policy(args.authority_port));
        let domain = mailmove_core::DomainName::parse_with(&plan.domain, names)
            .unwrap_or_else(|error| usage_error(error.message(lang)));
        let options = mailmove_core::survey::SurveyOptions {
            selectors: Vec::new(),
            target: Some(plan.target.clone()),
            typed: None,
        };
        let report = mailmove_server::survey::run(&dns, domain, options).await;
        let survey = mailmove_core::api::survey_json(&report);
        if plan.current_mx_ttl.is_none() {
            plan.current_mx_ttl = survey.facts.mx_ttl;
        }
        plan.dns_host = plan.dns_host.or_else(|| {
            survey
                .providers
                .dns_hosts
                .first()
                .map(|host| host.id.clone())
        });
        plan.source = plan.source.or_else(|| {
            survey
                .providers
                .mail
                .iter()
                .find(|provider| provider.id != plan.target)
                .map(|provider| provider.id.clone())
        });
    }
    let now = mailmove_server::monitor::unix_now();
    let local_now = plan.local_time(now as i64);
    let schedule = mailmove_core::plan::schedule(&plan, local_now);
    if let Some(path) = &args.ics {
        let stamp = mailmove_core::plan::ics_stamp(now);
        std::fs::write(
            path,
            mailmove_core::plan::to_ics(&plan, &schedule, &stamp, lang),
        )
        .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.md {
        std::fs::write(
            path,
            mailmove_core::plan::to_markdown(&plan, &schedule, lang),
        )
        .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.json {
        std::fs::write(path, plan.to_json())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut stdout = Escaping::new(std::io::stdout().lock());
    mailmove_server::plan_cli::write_schedule(&mut stdout, &plan, &schedule, lang)?;
    Ok(())
}

fn run_accounts(
    args: &mailmove_server::accounts_cli::AccountsArgs,
    names: &mailmove_core::NamePolicy,
) -> anyhow::Result<()> {
    use mailmove_core::accounts::{
        AccountList, Destination, ExportError, Passwords, check_for_target_id, export_csv, import,
    };
    use mailmove_server::accounts_cli as cli;
    let lang = mailmove_server::check_cli::choose_lang(args.lang.as_deref());
    let usage_error = |message: String| -> ! {
        say!("mailmove accounts: {message}");
        std::process::exit(2);
    };
    // At most `MAX_INPUT`: a huge list (or /dev/zero) is refused, not read into memory.
    let bytes = mailmove_server::terminal::read_input(&args.input)
        .unwrap_or_else(|error| usage_error(error.message(&args.input).get(lang).to_owned()));
    let text = cli::decode(&bytes)
        .unwrap_or_else(|error| usage_error(error.message().get(lang).to_owned()));
    let domain = match &args.domain {
        Some(domain) => domain.clone(),
        None => {
            let domain = mailmove_core::accounts::infer_domain(&text)
                .unwrap_or_else(|error| usage_error(error.message().get(lang).to_owned()));
            say!(
                "{}",
                match lang {
                    mailmove_core::Lang::Ja =>
                        format!("ドメイン: {domain}(入力のアドレスから判断)"),
                    mailmove_core::Lang::En =>
                        format!("Domain: {domain} (from the input's addresses)"),
                }
            );
            domain
        }
    };
    let domain = mailmove_core::DomainName::parse_with(&domain, names)
        .unwrap_or_else(|error| usage_error(error.message(lang)));
    let imported = import(&text, &domain);
    for issue in &imported.issues {
        say!(
            "{}: {} ({})",
            issue.line,
            issue.message.get(lang),
            issue.kind.code()
        );
    }
    // More addresses than supported: the rest would be missing from the files, so
    // nothing is written.
    if imported
        .issues
        .iter()
        .any(|issue| issue.kind == mailmove_core::accounts::ImportIssueKind::TooManyAccounts)
    {
        let max = mailmove_core::accounts::MAX_ACCOUNTS;
        say!(
            "mailmove accounts: {}",
            match lang {
                mailmove_core::Lang::Ja => format!(
                    "入力のアドレスが{max}件を超えています({max}件まで対応)。{max}件以下のファイルに分けて、それぞれ実行してください。何も書き出していません。"
                ),
                mailmove_core::Lang::En => format!(
                    "The input has more than {max} addresses (the most supported is {max}): split it into files of at most {max} and run each. Nothing was written."
                ),
            }
        );
        std::process::exit(1);
    }
    let mut list = AccountList {
        accounts: imported.accounts,
    };
    // One line: how many addresses nobody has decided yet.
    if let Some(summary) = mailmove_core::accounts::undecided_summary(&list) {
        if args.unassigned_as_users {
            let count = list
                .accounts
                .iter()
                .filter(|account| account.destination == Destination::Unassigned)
                .count();
            say!(
                "{}",
                match lang {
                    mailmove_core::Lang::Ja => format!(
                        "移行先が決まっていない{count}件のアドレスを、それぞれ個別のメールボックスにしました(--unassigned-as-users)。"
                    ),
                    mailmove_core::Lang::En => format!(
                        "{count} undecided addresses became mailboxes of their own (--unassigned-as-users)."
                    ),
                }
            );
            cli::unassigned_as_users(&mut list);
        } else {
            say!("{}", summary.get(lang));
        }
    }
    let passwords = if args.passwords == "generate" {
        cli::generate_passwords(&list)?
    } else {
        Passwords::LeaveBlank
    };
    let files = match export_csv(&list, &domain, &args.target, &passwords) {
        Ok(files) => files,
        Err(ExportError::Blocked { issues }) => {
            for issue in &issues {
                say!("! {}", issue.message.get(lang));
            }
            say!("mailmove accounts: {}", blocked_hint(&issues, lang));
            std::process::exit(1);
        }
        Err(error) => usage_error(error.message().get(lang).to_owned()),
    };
    for issue in check_for_target_id(&list, &domain, &args.target) {
        if issue.severity == mailmove_core::findings::Severity::Warning {
            say!("! {}", issue.message.get(lang));
        }
    }
    // The batch's old server is checked before anything is written.
    let batch = match &args.migration_batch {
        Some(_) => {
            use mailmove_core::accounts::migration::{BatchError, BatchTool, migration_batch};
            let server = cli::missing_imap_server(args, &domain)
                .unwrap_or_else(|message| usage_error(message.get(lang).to_owned()));
            let tool = if args.batch_tool == "imapsync" {
                BatchTool::Imapsync
            } else {
                BatchTool::TargetTool
            };
            match migration_batch(
                &list,
                &domain,
                &args.target,
                tool,
                &server,
                args.source.as_deref(),
            ) {
                Ok(batch) => Some(batch),
                Err(BatchError::NoMailboxes) => {
                    say!(
                        "mailmove accounts: {}",
                        BatchError::NoMailboxes.message().get(lang)
                    );
                    std::process::exit(1);
                }
                Err(error) => usage_error(error.message().get(lang).to_owned()),
            }
        }
        None => None,
    };
    let mut stdout = Escaping::new(std::io::stdout().lock());
    for (index, file) in files.iter().enumerate() {
        let path = cli::path_for(&args.output, index, file.part, &file.name);
        std::fs::write(&path, &file.content)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(stdout, "{}", path.display())?;
        for note in &file.notes {
            writeln!(stdout, "  {}", note.get(lang))?;
        }
    }
    if let (Some(batch), Some(path)) = (&batch, &args.migration_batch) {
        cli::write_migration_batch(&mut stdout, batch, path, lang)?;
    }
    Ok(())
}

/// What to do about the errors that stopped the export, in one line: the flag's own
/// advice only when an address is undecided, the names that are missing when the
/// target needs both (which `--unassigned-as-users` cannot invent).
fn blocked_hint(
    issues: &[mailmove_core::accounts::AccountIssue],
    lang: mailmove_core::Lang,
) -> String {
    use mailmove_core::accounts::AccountIssueKind as Kind;
    let undecided = issues.iter().any(|issue| issue.kind == Kind::NoDestination);
    let unnamed: Vec<&str> = issues
        .iter()
        .filter(|issue| issue.kind == Kind::MissingNamePart)
        .filter_map(|issue| issue.address.as_deref())
        .collect();
    let mut hints = Vec::new();
    if undecided {
        hints.push(match lang {
            mailmove_core::Lang::Ja => "宛先が決まっていないアドレスがあります。入力の種別の列で決めるか、--unassigned-as-users で個別のメールボックスにしてください。".to_owned(),
            mailmove_core::Lang::En => "Some addresses have no destination: decide them in the input's type column, or make them mailboxes with --unassigned-as-users.".to_owned(),
        });
    }
    if !unnamed.is_empty() {
        const SHOWN: usize = 5;
        let mut list = unnamed
            .iter()
            .take(SHOWN)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if unnamed.len() > SHOWN {
            list.push_str(&format!(" (+{})", unnamed.len() - SHOWN));
        }
        hints.push(match lang {
            mailmove_core::Lang::Ja => format!(
                "姓と名の両方が必要です。入力に「姓」「名」の列(または空白で区切った「氏名」)を加えてください。姓か名がないアドレス: {list}"
            ),
            mailmove_core::Lang::En => format!(
                "Both a first and a last name are needed: add “Last Name” and “First Name” columns (or a “Display Name” of two words) to the input. Missing a name: {list}"
            ),
        });
    }
    if hints.is_empty() {
        hints.push(match lang {
            mailmove_core::Lang::Ja => "上の誤りを入力ファイルで直してから、もう一度実行してください。何も書き出していません。".to_owned(),
            mailmove_core::Lang::En => "Fix the errors above in the input file and run again. Nothing was written.".to_owned(),
        });
    }
    hints.join(" ")
}

async fn run_spf_check(args: SpfCheckArgs) -> anyhow::Result<()> {
    let dns = args.upstream.dns().await?;
    let mut check = CheckHost::new(args.ip, &args.sender, &args.helo);
    // `%{t}` in explanations: core has no clock, the shell supplies it.
    check.timestamp = mailmove_server::monitor::unix_now();
    let outcome = mailmove_server::spf::check_host(&dns, &check).await;
    let mut stdout = Escaping::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut stdout, &outcome)?;
        writeln!(stdout)?;
    } else {
        writeln!(stdout, "{}", outcome.result.as_str())?;
        if let Some(explanation) = &outcome.explanation {
            writeln!(stdout, "explanation: {explanation}")?;
        }
        writeln!(
            stdout,
            "DNS lookups: {} of 10, void lookups: {} of 2",
            outcome.lookups, outcome.void_lookups
        )?;
        for step in &outcome.trace {
            writeln!(stdout, "  {}: {}", step.domain, step.event)?;
        }
    }
    Ok(())
}

async fn run_serve(args: ServeArgs, names: mailmove_core::NamePolicy) -> anyhow::Result<()> {
    let dns = args
        .upstream
        .dns()
        .await?
        .with_cache(AnswerCache::default())
        .with_direct(direct_policy(args.authority_port));
    let dist = args.dist.or_else(static_files::find_dist);
    match &dist {
        Some(dir) if dir.join("index.html").is_file() => {
            tracing::info!(dist = %dir.display(), "serving the front end");
        }
        Some(dir) => anyhow::bail!(
            "{} has no index.html (run `cargo xtask dist`)",
            dir.display()
        ),
        None => tracing::warn!("front end not built: run `cargo xtask run` to build and serve it"),
    }
    // Before the first socket: a service starts with 1,024 files, which idle
    // connections alone used up.
    let open_files = mailmove_server::connections::raise_open_file_limit();
    let max_connections = args.max_connections.map_or_else(
        || mailmove_server::connections::max_connections_for(open_files),
        |max| max as usize,
    );
    tracing::info!(open_files, max_connections, "connection limits");
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "listening");
    // Before announcing the address: a signal sent by whoever read it must find the
    // handlers in place.
    let shutdown = shutdown_signal();
    // Printed on stdout as well, so scripts and tests started with port 0 learn the port.
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on http://{addr}")?;
    stdout.flush()?;
    let mut frame_ancestors = args.frame_ancestors;
    if let Some(file) = &args.frame_ancestors_file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read --frame-ancestors-file {}", file.display()))?;
        frame_ancestors.extend(mailmove_server::embed_allowed::read_origins_file(&text));
    }
    for origin in &frame_ancestors {
        if !static_files::is_origin(origin.trim().trim_end_matches('/')) {
            tracing::warn!(%origin, "--frame-ancestor ignored: not an origin like https://www.example.co.jp");
        }
    }
    let monitor_resolvers = mailmove_server::cli::monitor_resolvers(&args.monitor_resolvers)?;
    let config = ServerConfig {
        monitor_resolvers,
        frame_ancestors,
        cors_origins: args.cors_origins,
        rate_limit: RateLimit {
            per_minute: args.rate_limit,
            burst: args.rate_limit,
        },
        bounds: mailmove_server::bounds::Bounds::default(),
        connections: mailmove_server::connections::ConnectionLimits {
            max_connections,
            ..Default::default()
        },
        upstream_probe: None,
        trusted_proxies: args.trusted_proxies,
        redis_url: args.redis_url,
        probe: args.probe.config()?,
    };
    if !config.trusted_proxies.is_empty() {
        tracing::info!(trusted_proxies = ?config.trusted_proxies, "client addresses from Forwarded / X-Forwarded-For of these peers");
    }
    let state = AppState::new(dns, dist, names, config);
    // Says in the log at once whether the limits are shared (`redis` logs the state).
    let _ = mailmove_server::readiness::redis_state(&state).await;
    serve(listener, state, shutdown).await?;
    tracing::info!("stopped");
    Ok(())
}

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=info,hickory=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
