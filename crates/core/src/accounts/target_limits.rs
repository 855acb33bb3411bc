//! What the target requires of an address list: the names its bulk CSV needs, how
//! many users one CSV takes, and how many mailboxes its migration tool moves per run.

use super::check::{AccountIssue, AccountIssueKind, check, key};
use super::csv;
use super::old_mail::{self, Method};
use super::templates::CsvFormat;
use super::{Account, AccountList, Destination};
use crate::DomainName;
use crate::Message;
use crate::catalog::{CatalogEntry as _, MailProvider, SourceProtocol};
use crate::findings::Severity;

/// [`check_for_target`] by target id. A target outside the catalog (`custom`, or an
/// id the catalog lacks) still gets every general check (the forgotten address above
/// all), plus the note that no bulk CSV is known for it.
pub fn check_for_target_id(
    list: &AccountList,
    domain: &DomainName,
    target_id: &str,
) -> Vec<AccountIssue> {
    if let Some(target) = MailProvider::find(target_id).filter(|provider| provider.is_target()) {
        return check_for_target(list, domain, target);
    }
    let mut issues = check(list, domain);
    issues.push(AccountIssue {
        address: None,
        kind: AccountIssueKind::NoBulkCsv,
        severity: Severity::Info,
        message: Message {
            ja: "移行先の一括登録CSVの形式はわかりません。アドレスの一覧(CSV)を作業表として使い、ユーザーは移行先の管理画面で作成してください。".into(),
            en: "No bulk user CSV is known for this target: use the address list as a worklist and create the users in its admin console.".into(),
        },
    });
    issues
}

/// [`check`] plus what `target` requires: the names its CSV needs, how many users
/// one CSV takes, and how many mailboxes its migration tool moves per run (from the
/// catalog's [`crate::catalog::MigrationTool`]).
pub fn check_for_target(
    list: &AccountList,
    domain: &DomainName,
    target: &MailProvider,
) -> Vec<AccountIssue> {
    let mut issues = check(list, domain);
    let users: Vec<&Account> = list
        .accounts
        .iter()
        .filter(|account| matches!(account.destination, Destination::User { .. }))
        .collect();
    let name = target.name;
    let whole = |kind, severity, ja: String, en: String| AccountIssue {
        address: None,
        kind,
        severity,
        message: Message { ja, en },
    };
    match CsvFormat::for_target(target.id) {
        None => issues.push(whole(
            AccountIssueKind::NoBulkCsv,
            Severity::Info,
            format!("{} の一括登録CSVの形式は確認できていません。ユーザーは管理画面で1人ずつ作成してください。", name.ja),
            format!("No bulk user CSV format is known for {}: create the users in its admin console.", name.en),
        )),
        Some(format) => {
            let severity = match format {
                CsvFormat::GoogleWorkspace => Some(Severity::Error),
                // Zoho's header names come from an old wiki (low confidence).
                CsvFormat::Zoho => Some(Severity::Warning),
                CsvFormat::Microsoft365 => None,
            };
            for account in &users {
                let Destination::User { first_name, last_name, .. } = &account.destination else {
                    continue;
                };
                if let Some(severity) = severity
                    && (first_name.trim().is_empty() || last_name.trim().is_empty())
                {
                    let address = &account.address;
                    issues.push(AccountIssue {
                        address: Some(address.clone()),
                        kind: AccountIssueKind::MissingNamePart,
                        severity,
                        message: Message {
                            ja: format!("ユーザー {address} の姓または名が空です。{} のCSVでは姓と名の両方が必要です。", name.ja),
                            en: format!("The user {address} lacks a first or last name; {}'s CSV needs both.", name.en),
                        },
                    });
                }
            }
            let per_file = format.users_per_file();
            if users.len() > per_file {
                let files = users.len().div_ceil(per_file);
                let count = users.len();
                issues.push(whole(
                    AccountIssueKind::CsvSplit,
                    Severity::Info,
                    format!("{} のCSVは1ファイル{per_file}ユーザーまでのため、{count}ユーザーを{files}個のファイル(…-1.csv、…-2.csv …)に分けて出力します。順にアップロードしてください。", name.ja),
                    format!("{}'s CSV takes up to {per_file} users per file, so the {count} users are split into {files} numbered files (…-1.csv, …-2.csv …): upload them one after another.", name.en),
                ));
            }
            for account in &users {
                let address = key(&account.address, domain).unwrap_or_else(|| account.address.clone());
                if csv::needs_neutralising(&address) {
                    issues.push(AccountIssue {
                        address: Some(address.clone()),
                        kind: AccountIssueKind::FormulaLikeAddress,
                        severity: Severity::Warning,
                        message: Message {
                            ja: format!("{address} は「-」「+」「=」などで始まるため、表計算ソフトで数式として実行されないよう、CSVでは先頭に「'」を付けます。このままでは登録できないので、このユーザーは {} の管理画面で作成し、その行を削除してからアップロードしてください。", name.ja),
                            en: format!("{address} begins with a character that spreadsheets run as a formula, so the CSV writes it with a ' in front. That row cannot be uploaded as it is: create this user in {}'s admin console and delete the row before uploading.", name.en),
                        },
                    });
                }
            }
        }
    }
    issues.extend(migration_batches(&users, target));
    issues
}

/// A warning when more mailboxes will go through the target's IMAP tool than it takes
/// per run. Each user's method comes from [`old_mail::advise`], so a POP mailbox whose
/// mail is only on the PC does not count.
fn migration_batches(users: &[&Account], target: &MailProvider) -> Option<AccountIssue> {
    let setup = target.setup?;
    let (tool, cap) = setup.migration.iter().find_map(|tool| {
        let source = tool
            .sources
            .iter()
            .find(|source| source.protocol == SourceProtocol::Imap)?;
        Some((tool, source.max_users?))
    })?;
    let count = users
        .iter()
        .filter(|account| {
            let mailbox = account.mailbox.clone().unwrap_or_default();
            matches!(
                old_mail::advise(&mailbox, target).method,
                Method::TargetTool { .. }
            )
        })
        .count();
    let cap = usize::try_from(cap).ok()?;
    if cap == 0 || count <= cap {
        return None;
    }
    let runs = count.div_ceil(cap);
    Some(AccountIssue {
        address: None,
        kind: AccountIssueKind::MigrationBatches,
        severity: Severity::Warning,
        message: Message {
            ja: format!(
                "移行ツールで過去のメールを移すメールボックスが{count}個あります。{}は1回{cap}ユーザーまでが目安のため、{runs}回以上に分けて実行してください。",
                tool.name.ja
            ),
            en: format!(
                "{count} mailboxes will move their old mail with the migration tool; {} takes about {cap} users per run, so plan at least {runs} runs.",
                tool.name.en
            ),
        },
    })
}
