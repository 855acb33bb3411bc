//! Reading an address list from what people paste or export.
//!
//! Two shapes, told apart by the first row:
//! - a header row naming an address column (Japanese or English, see
//!   [`super::columns`]): a CSV whose other columns (names, type, forward target, size,
//!   how mail is read) fill in each [`Account`];
//! - anything else: every cell that holds an `@` is an address (`Name <addr>` keeps the
//!   name). A line with no `@` at all is a list of local parts (`tanaka`), completed
//!   with the domain — but only when every word on it could be one, so `山田太郎` or
//!   `500MB` in a headerless table never becomes an address. A line that mixes full
//!   addresses and other words keeps only the full addresses.

use serde::{Deserialize, Serialize};

use super::Account;
use super::address::{self, fold_width, is_local_part};
use super::columns::{self, Column};
use super::csv::{self, Record};
use super::import_rows::Builder;
use crate::DomainName;
use crate::Message;

/// More accounts than this are reported and ignored: no company moving off a rental
/// server has that many, and the page must stay responsive on what someone pasted.
pub const MAX_ACCOUNTS: usize = 10_000;

/// Issues listed at most: a paste of a million broken lines must not make a million
/// messages. One `too-many-issues` entry says the list was cut.
pub const MAX_ISSUES: usize = 1_000;

/// What [`import`] read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// The accounts, in input order, each address once.
    pub accounts: Vec<Account>,
    /// What could not be read, or needs a look.
    pub issues: Vec<ImportIssue>,
}

/// One problem with the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    /// 1-based line of the input (the first line of a multi-line CSV record).
    pub line: usize,
    /// What kind of problem; tests and the page key on this.
    pub kind: ImportIssueKind,
    /// For people, naming the text concerned.
    pub message: Message,
}

/// The kinds of [`ImportIssue`], serialised as stable kebab-case codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportIssueKind {
    /// Text where an address was expected that is not one. Skipped.
    InvalidAddress,
    /// An address seen on an earlier line. The later one is skipped.
    Duplicate,
    /// An address on another domain or a subdomain. Kept, so nothing is lost silently;
    /// [`super::check`] reports it until it is decided.
    OutsideDomain,
    /// A row with no address, or words that are neither addresses nor local parts.
    UnreadableRow,
    /// A type, size or protocol cell that was not understood. The row is kept.
    UnknownValue,
    /// An alias or forward row without a target. Kept unassigned.
    MissingTarget,
    /// A header row with known columns but no address column.
    NoAddressColumn,
    /// A quote that never closes; the lines after it were read without quoting.
    UnclosedQuote,
    /// Over [`MAX_ACCOUNTS`]; the rest of the input is ignored.
    TooManyAccounts,
    /// Over [`MAX_ISSUES`]; later problems are not listed.
    TooManyIssues,
}

impl ImportIssueKind {
    /// The stable kebab-case code, as serialised.
    pub fn code(self) -> &'static str {
        match self {
            ImportIssueKind::InvalidAddress => "invalid-address",
            ImportIssueKind::Duplicate => "duplicate",
            ImportIssueKind::OutsideDomain => "outside-domain",
            ImportIssueKind::UnreadableRow => "unreadable-row",
            ImportIssueKind::UnknownValue => "unknown-value",
            ImportIssueKind::MissingTarget => "missing-target",
            ImportIssueKind::NoAddressColumn => "no-address-column",
            ImportIssueKind::UnclosedQuote => "unclosed-quote",
            ImportIssueKind::TooManyAccounts => "too-many-accounts",
            ImportIssueKind::TooManyIssues => "too-many-issues",
        }
    }
}

/// Reads an address list for `domain` from decoded text (the shell decodes UTF-8 or
/// Shift_JIS). Never fails: what cannot be read becomes an [`ImportIssue`].
pub fn import(text: &str, domain: &DomainName) -> Import {
    let text = fold_width(text.strip_prefix('\u{feff}').unwrap_or(text));
    let separator = csv::detect_separator(&text);
    let (mut records, unclosed) = csv::read(&text, separator);
    // Our own exports put a `'` before formula-like cells; read them back as they were.
    for cell in records
        .iter_mut()
        .flat_map(|record| record.cells.iter_mut())
    {
        let plain = csv::unneutralise(cell);
        if plain.len() != cell.len() {
            *cell = plain.to_owned();
        }
    }
    let mut out = Builder::new(domain);
    if let Some(line) = unclosed {
        out.issue(
            line,
            ImportIssueKind::UnclosedQuote,
            "この行の「\"」が閉じていません。以降の行は引用符なしで読みました。".into(),
            "A quote opened on this line never closes; the lines after it were read without quoting.".into(),
        );
    }
    let mut records = records
        .into_iter()
        .filter(|record| !record.is_blank() && !is_comment(record, domain))
        .peekable();
    let has_at = |record: &Record| record.cells.iter().any(|cell| cell.contains('@'));
    let mut header = None;
    let first_header = records
        .peek()
        .filter(|first| !has_at(first))
        .and_then(|first| columns::header(&first.cells));
    if let Some(found) = first_header
        && let Some(first) = records.next()
    {
        let next_has_at = records.peek().is_some_and(has_at);
        let lone_is_local = first
            .cells
            .get(found.columns[0].1)
            .is_some_and(|cell| is_local_part(cell.trim()));
        // A one-word first line like `mail` or `info` is an address as often as a
        // header: it is a header only when the next line has full addresses.
        if found.columns.len() >= 2 || !lone_is_local || next_has_at {
            if found.index(Column::Address).is_none() {
                let known = found.columns.len();
                out.issue(
                    first.line,
                    ImportIssueKind::NoAddressColumn,
                    format!("見出し行に{known}個の列名がありますが、メールアドレスの列が見つかりません。「@」を含むセルをアドレスとして読みました。"),
                    format!("The header row names {known} known columns but no address column; cells containing “@” were read as addresses."),
                );
            } else {
                header = Some(found);
            }
        } else {
            out.free_record(&first, separator);
        }
    }
    for record in records {
        if out.full {
            break;
        }
        match &header {
            Some(header) => out.header_record(&record, header),
            None => out.free_record(&record, separator),
        }
    }
    out.done
}

/// `# …` lines are comments, except a first cell that is a whole address:
/// `#sales@example.jp` is a valid address (Microsoft 365 allows `#` in user names).
fn is_comment(record: &Record, domain: &DomainName) -> bool {
    let first = record.cells.first().map_or("", |cell| cell.trim());
    first.starts_with('#') && !(first.contains('@') && address::normalize(first, domain).is_ok())
}

/// Why [`infer_domain`] found no single domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InferDomainError {
    /// No full address (`local@domain`) in the input: bare local parts say nothing.
    NoAddress,
    /// The addresses are on more than one domain (subdomains count as others), in
    /// order of first appearance.
    Several {
        /// Each domain once, in A-labels.
        domains: Vec<String>,
    },
}

impl InferDomainError {
    /// For people, naming the domains.
    pub fn message(&self) -> Message {
        match self {
            InferDomainError::NoAddress => Message {
                ja: "入力に「名前@ドメイン」の形のアドレスがないため、ドメインがわかりません。--domain で指定してください。".into(),
                en: "The input has no full address (name@domain), so the domain is unknown: give it with --domain.".into(),
            },
            InferDomainError::Several { domains } => Message {
                ja: format!(
                    "入力のアドレスのドメインが{}種類あります({})。どれが移行するドメインか --domain で指定してください。",
                    domains.len(),
                    domains.join("、")
                ),
                en: format!(
                    "The addresses are on {} domains ({}): say which one moves with --domain.",
                    domains.len(),
                    domains.join(", ")
                ),
            },
        }
    }
}

/// The domain of every full address in `text`, when there is exactly one: a plain list
/// of addresses needs no `--domain`. Bare local parts (`tanaka`) are ignored; they get
/// the domain found. Reads `text` as [`import`] does.
pub fn infer_domain(text: &str) -> Result<String, InferDomainError> {
    // Import twice with two stand-in domains: a bare local part takes the stand-in's
    // domain, so a domain found in both readings was written in full.
    let stand_in = |name| DomainName::parse(name).expect("a valid stand-in domain");
    let hosts = |domain: &DomainName| -> Vec<String> {
        import(text, domain)
            .accounts
            .iter()
            .filter_map(|account| account.address.rsplit_once('@'))
            .map(|(_, host)| host.to_owned())
            .collect()
    };
    let first = hosts(&stand_in("example.com"));
    let second: std::collections::BTreeSet<String> =
        hosts(&stand_in("example.net")).into_iter().collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut domains: Vec<String> = Vec::new();
    for host in first {
        if second.contains(&host) && seen.insert(host.clone()) {
            domains.push(host);
        }
    }
    match domains.len() {
        0 => Err(InferDomainError::NoAddress),
        1 => Ok(domains.remove(0)),
        _ => Err(InferDomainError::Several { domains }),
    }
}

/// How many addresses of `list` still have no destination, as one line for people
/// (`None` when every address is decided).
pub fn undecided_summary(list: &super::AccountList) -> Option<Message> {
    let total = list.accounts.len();
    let undecided = list
        .accounts
        .iter()
        .filter(|account| account.destination == super::Destination::Unassigned)
        .count();
    (undecided > 0).then(|| Message {
        ja: format!("{total}件中{undecided}件のアドレスは、移行先での扱い(メールボックス・エイリアス・グループ・転送・廃止)がまだ決まっていません。"),
        en: format!("{undecided} of {total} addresses still need a decision (mailbox, alias, group, forward or retire)."),
    })
}
