//! `mailmove accounts`: the old server's addresses in (a pasted list or a CSV, UTF-8 or
//! Shift_JIS), the target's bulk-create CSV out, and every address left without a
//! destination named.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use mailmove_core::accounts::migration::{BatchError, BatchTool, MigrationBatch};
use mailmove_core::accounts::{
    AccountList, CsvFile, Destination, ExportError, Passwords, check_for_target_id, export_csv,
    import,
};
use mailmove_core::{DomainName, Lang, NamePolicy};

use super::exit::{CommandError, CommandResult};
use super::options::LangOption;
use crate::say;
use crate::terminal::Escaping;

pub(crate) mod files;
mod hints;

pub use files::{decode, generate_passwords, path_for, unassigned_as_users};

/// `mailmove accounts`.
#[derive(Debug, clap::Args)]
pub struct AccountsArgs {
    /// The domain (completes bare local parts, finds addresses outside it). Without
    /// it, the domain of the input's addresses, when they all have one.
    #[arg(long)]
    pub domain: Option<String>,
    /// The target's catalog id (microsoft-365, google-workspace, zoho-mail …).
    #[arg(long)]
    pub target: String,
    /// The old server's addresses: a list, or a CSV with a header (UTF-8 or Shift_JIS).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// The bulk-create CSV. When the target takes fewer users per file than the list
    /// has (Microsoft 365: 249, Zoho: 200), numbered files FILE-1.csv, FILE-2.csv …
    /// are written instead; the list of aliases and groups to create by hand goes
    /// beside it under its own name.
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    /// Make every address the input does not assign a mailbox of its own. Without it,
    /// undecided addresses stop the export and are listed.
    #[arg(long)]
    pub unassigned_as_users: bool,
    /// Passwords: leave the column for the admin (`blank`, default) or generate strong
    /// random ones (`generate`).
    #[arg(long, value_enum, default_value_t = PasswordChoice::Blank)]
    pub passwords: PasswordChoice,
    /// The language of the messages.
    #[command(flatten)]
    pub lang: LangOption,
    /// Also write what the old-mail migration tool takes: Microsoft 365's IMAP
    /// migration batch CSV, Google Workspace's data migration user mapping, or (with
    /// `--batch-tool imapsync`) an imapsync script; mailboxes only. Prints the
    /// settings to enter and the tool's limits.
    #[arg(long, value_name = "FILE")]
    pub migration_batch: Option<PathBuf>,
    /// Which tool the batch is for: the target's own (`target`, default) or imapsync.
    #[arg(long, value_enum, default_value_t = BatchToolChoice::Target)]
    pub batch_tool: BatchToolChoice,
    /// The old provider's catalog id (xserver, sakura, lolipop …): pre-fills the old
    /// IMAP server where a source gave it and says how it names its users.
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,
    /// The old IMAP server (overrides the pre-filled one).
    #[arg(long, value_name = "HOST")]
    pub imap_host: Option<String>,
    /// The old IMAP server's port (overrides the pre-filled one).
    #[arg(long, value_name = "PORT")]
    pub imap_port: Option<u16>,
    /// The old IMAP server's security: `ssl` (SSL/TLS) or `starttls`.
    #[arg(long, value_enum)]
    pub imap_security: Option<ImapSecurity>,
}

/// `--passwords`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PasswordChoice {
    // The column is left for the admin.
    Blank,
    // Strong random passwords from the operating system.
    Generate,
}

/// `--batch-tool`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BatchToolChoice {
    // The target's own migration tool.
    Target,
    // imapsync.
    Imapsync,
}

/// `--imap-security`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImapSecurity {
    // SSL/TLS from the start.
    Ssl,
    // STARTTLS.
    Starttls,
}

fn usage(message: impl Into<String>) -> CommandError {
    CommandError::usage("accounts", message)
}

/// Reads the list, checks it, and writes the target's files (and the batch).
pub fn run(args: &AccountsArgs, names: &NamePolicy) -> CommandResult {
    let lang = args.lang.choose();
    let (mut list, domain) = read_list(args, names, lang)?;
    decide_undecided(&mut list, args.unassigned_as_users, lang);
    let passwords = match args.passwords {
        PasswordChoice::Generate => generate_passwords(&list)?,
        PasswordChoice::Blank => Passwords::LeaveBlank,
    };
    let files = match export_csv(&list, &domain, &args.target, &passwords) {
        Ok(files) => files,
        Err(ExportError::Blocked { issues }) => {
            for issue in &issues {
                say!("! {}", issue.message.get(lang));
            }
            let hint = hints::blocked_hint(&issues, lang);
            return Err(CommandError::refused("accounts", hint));
        }
        Err(error) => return Err(usage(error.message().get(lang))),
    };
    for issue in check_for_target_id(&list, &domain, &args.target) {
        if issue.severity == mailmove_core::findings::Severity::Warning {
            say!("! {}", issue.message.get(lang));
        }
    }
    // The batch's old server is checked before anything is written.
    let batch = match &args.migration_batch {
        Some(_) => Some(migration_batch(args, &list, &domain, lang)?),
        None => None,
    };
    write_files(args, &files, batch.as_ref(), lang)
}

/// The input's addresses, and the domain (given, or inferred and said).
fn read_list(
    args: &AccountsArgs,
    names: &NamePolicy,
    lang: Lang,
) -> Result<(AccountList, DomainName), CommandError> {
    // At most `MAX_INPUT`: a huge list (or /dev/zero) is refused, not read into memory.
    let bytes = crate::terminal::read_input(&args.input)
        .map_err(|error| usage(error.message(&args.input).get(lang)))?;
    let text = decode(&bytes).map_err(|error| usage(error.message().get(lang)))?;
    let domain = match &args.domain {
        Some(domain) => domain.clone(),
        None => {
            let domain = mailmove_core::accounts::infer_domain(&text)
                .map_err(|error| usage(error.message().get(lang)))?;
            say!("{}", hints::inferred_domain(&domain, lang));
            domain
        }
    };
    let domain =
        DomainName::parse_with(&domain, names).map_err(|error| usage(error.message(lang)))?;
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
        return Err(CommandError::refused("accounts", hints::too_many(lang)));
    }
    let list = AccountList {
        accounts: imported.accounts,
    };
    Ok((list, domain))
}

/// Says how many addresses nobody has decided yet, in one line, or makes them
/// mailboxes with `--unassigned-as-users`.
fn decide_undecided(list: &mut AccountList, as_users: bool, lang: Lang) {
    let Some(summary) = mailmove_core::accounts::undecided_summary(list) else {
        return;
    };
    if as_users {
        let count = list
            .accounts
            .iter()
            .filter(|account| account.destination == Destination::Unassigned)
            .count();
        say!("{}", hints::made_mailboxes(count, lang));
        unassigned_as_users(list);
    } else {
        say!("{}", summary.get(lang));
    }
}

/// The migration tool's files, once the old server is known.
fn migration_batch(
    args: &AccountsArgs,
    list: &AccountList,
    domain: &DomainName,
    lang: Lang,
) -> Result<MigrationBatch, CommandError> {
    let server =
        files::missing_imap_server(args, domain).map_err(|message| usage(message.get(lang)))?;
    let tool = match args.batch_tool {
        BatchToolChoice::Imapsync => BatchTool::Imapsync,
        BatchToolChoice::Target => BatchTool::TargetTool,
    };
    let source = args.source.as_deref();
    match mailmove_core::accounts::migration::migration_batch(
        list,
        domain,
        &args.target,
        tool,
        &server,
        source,
    ) {
        Ok(batch) => Ok(batch),
        Err(BatchError::NoMailboxes) => Err(CommandError::refused(
            "accounts",
            BatchError::NoMailboxes.message().get(lang),
        )),
        Err(error) => Err(usage(error.message().get(lang))),
    }
}

/// Writes the export's files and the batch's, naming each on stdout.
fn write_files(
    args: &AccountsArgs,
    files: &[CsvFile],
    batch: Option<&MigrationBatch>,
    lang: Lang,
) -> CommandResult {
    let mut stdout = Escaping::new(std::io::stdout().lock());
    for (index, file) in files.iter().enumerate() {
        let path = path_for(&args.output, index, file.part, &file.name);
        std::fs::write(&path, &file.content)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(stdout, "{}", path.display())?;
        for note in &file.notes {
            writeln!(stdout, "  {}", note.get(lang))?;
        }
    }
    if let (Some(batch), Some(path)) = (batch, &args.migration_batch) {
        files::write_migration_batch(&mut stdout, batch, path, lang)?;
    }
    Ok(())
}
