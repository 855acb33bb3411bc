//! What in an address list would lose mail after the move, or make the upload fail.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::address::{self, Placement};
use super::csv;
use super::old_mail::{self, Method};
use super::templates::CsvFormat;
use super::{Account, AccountList, Destination};
use crate::DomainName;
use crate::Message;
use crate::catalog::{CatalogEntry as _, MailProvider, SourceProtocol};
use crate::findings::Severity;

/// One problem with the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountIssue {
    /// The address concerned; `None` for the list as a whole.
    pub address: Option<String>,
    /// What kind of problem; tests and the page key on this.
    pub kind: AccountIssueKind,
    /// [`Severity::Error`] loses mail or fails the upload; [`super::export_csv`] refuses
    /// to write files while one remains.
    pub severity: Severity,
    /// For people, naming the address.
    pub message: Message,
}

/// The kinds of [`AccountIssue`], serialised as stable kebab-case codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountIssueKind {
    /// Nobody decided what the address becomes: it would not exist after the move.
    NoDestination,
    /// The same address twice (case-insensitive).
    Duplicate,
    /// Not a well-formed address.
    InvalidAddress,
    /// On another domain: it cannot be created under this one.
    OutsideDomain,
    /// On a subdomain: the new service needs the subdomain added as well.
    Subdomain,
    /// An alias whose user is not a [`Destination::User`] of the list.
    AliasTargetNotUser,
    /// A group nobody receives.
    GroupWithoutMembers,
    /// A group member that is not a well-formed address.
    GroupMemberInvalid,
    /// A group member on this domain that the list does not have: it will not exist.
    GroupMemberMissing,
    /// A forward that passes mail to nobody.
    ForwardWithoutTarget,
    /// A forward target that is not a well-formed address.
    ForwardTargetInvalid,
    /// A forward target on this domain that the list does not have: it will not exist.
    ForwardTargetMissing,
    /// A user without a display name (Microsoft 365 requires one).
    UserWithoutDisplayName,
    /// A retired address with no reason recorded.
    RetireWithoutReason,
    /// A user without a first or last name, which the target's CSV requires.
    MissingNamePart,
    /// The target takes a limited number of users per CSV: the export is split.
    CsvSplit,
    /// A user's address begins with `-`, `+`, `=` or `@`: the CSV must write it with a
    /// `'` in front (formula injection), so the row cannot be uploaded as it is.
    FormulaLikeAddress,
    /// More mailboxes than the target's migration tool takes in one run.
    MigrationBatches,
    /// No bulk user CSV is known for the target: users are created by hand.
    NoBulkCsv,
}

impl AccountIssueKind {
    /// The stable kebab-case code, as serialised.
    pub fn code(self) -> &'static str {
        match self {
            AccountIssueKind::NoDestination => "no-destination",
            AccountIssueKind::Duplicate => "duplicate",
            AccountIssueKind::InvalidAddress => "invalid-address",
            AccountIssueKind::OutsideDomain => "outside-domain",
            AccountIssueKind::Subdomain => "subdomain",
            AccountIssueKind::AliasTargetNotUser => "alias-target-not-user",
            AccountIssueKind::GroupWithoutMembers => "group-without-members",
            AccountIssueKind::GroupMemberInvalid => "group-member-invalid",
            AccountIssueKind::GroupMemberMissing => "group-member-missing",
            AccountIssueKind::ForwardWithoutTarget => "forward-without-target",
            AccountIssueKind::ForwardTargetInvalid => "forward-target-invalid",
            AccountIssueKind::ForwardTargetMissing => "forward-target-missing",
            AccountIssueKind::UserWithoutDisplayName => "user-without-display-name",
            AccountIssueKind::RetireWithoutReason => "retire-without-reason",
            AccountIssueKind::MissingNamePart => "missing-name-part",
            AccountIssueKind::CsvSplit => "csv-split",
            AccountIssueKind::FormulaLikeAddress => "formula-like-address",
            AccountIssueKind::MigrationBatches => "migration-batches",
            AccountIssueKind::NoBulkCsv => "no-bulk-csv",
        }
    }
}

/// The comparable form of an address in the list: lower-cased, IDN in A-labels.
/// `None` when it is not an address (a bare word without `@` included: in a stored list
/// it is a mistake, not a local part to complete).
pub(crate) fn key(raw: &str, domain: &DomainName) -> Option<String> {
    raw.contains('@')
        .then(|| address::normalize(raw, domain).ok())
        .flatten()
}

/// Problems with `list` for `domain`, in list order. Target-independent; see
/// [`check_for_target`] for the target's own limits.
pub fn check(list: &AccountList, domain: &DomainName) -> Vec<AccountIssue> {
    let mut issues = Vec::new();
    let keys: Vec<Option<String>> = list
        .accounts
        .iter()
        .map(|account| key(&account.address, domain))
        .collect();
    let all: HashSet<&str> = keys.iter().flatten().map(String::as_str).collect();
    let users: HashSet<&str> = list
        .accounts
        .iter()
        .zip(&keys)
        .filter(|(account, _)| matches!(account.destination, Destination::User { .. }))
        .filter_map(|(_, key)| key.as_deref())
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let shown = domain.to_unicode();
    for (index, (account, key)) in list.accounts.iter().zip(&keys).enumerate() {
        let address = account.address.as_str();
        let mut push = |kind, severity, ja: String, en: String| {
            issues.push(AccountIssue {
                address: Some(address.to_owned()),
                kind,
                severity,
                message: Message { ja, en },
            });
        };
        use AccountIssueKind as K;
        use Severity::{Error, Warning};
        match key.as_deref() {
            None => push(
                K::InvalidAddress,
                Error,
                format!("「{address}」はメールアドレスとして正しくありません。"),
                format!("“{address}” is not a valid address."),
            ),
            Some(key) => {
                if let Some(&first) = seen.get(key) {
                    let first = first + 1;
                    push(
                        K::Duplicate,
                        Error,
                        format!(
                            "{address} は{first}件目と同じアドレスです(大文字・小文字は区別されません)。"
                        ),
                        format!(
                            "{address} is the same address as entry {first} (case does not matter)."
                        ),
                    );
                } else {
                    seen.insert(key, index);
                }
                match address::placement(key, domain) {
                    Placement::Inside => {}
                    Placement::Subdomain => push(
                        K::Subdomain,
                        Warning,
                        format!(
                            "{address} は {shown} のサブドメインです。移行先にサブドメインも追加しないと作成できません。"
                        ),
                        format!(
                            "{address} is on a subdomain of {shown}: the new service must have the subdomain added before it can be created."
                        ),
                    ),
                    Placement::Outside => push(
                        K::OutsideDomain,
                        Error,
                        format!(
                            "{address} は {shown} のアドレスではないため、このドメインでは作成できません。"
                        ),
                        format!(
                            "{address} is not on {shown}, so it cannot be created under this domain."
                        ),
                    ),
                }
            }
        }
        match &account.destination {
            Destination::Unassigned => push(
                K::NoDestination,
                Error,
                format!(
                    "{address} の移行先での扱い(メールボックス・エイリアス・グループ・転送・廃止)が決まっていません。このままではMX切り替え後、このアドレス宛てのメールが届かなくなります。"
                ),
                format!(
                    "Nothing is decided for {address} (mailbox, alias, group, forward or retire). Left like this, its mail bounces once MX changes."
                ),
            ),
            Destination::User { display_name, .. } if display_name.trim().is_empty() => push(
                K::UserWithoutDisplayName,
                Error,
                format!("ユーザー {address} の表示名が空です。"),
                format!("The user {address} has an empty display name."),
            ),
            Destination::User { .. } => {}
            Destination::Alias { user } => {
                let target = self::key(user, domain);
                if target.is_none()
                    || target == *key
                    || !users.contains(target.as_deref().unwrap_or_default())
                {
                    push(
                        K::AliasTargetNotUser,
                        Error,
                        format!(
                            "{address} はエイリアスですが、宛先「{user}」がこの一覧のユーザーではありません。"
                        ),
                        format!("{address} is an alias, but “{user}” is not a user in this list."),
                    );
                }
            }
            Destination::Group { members } if members.is_empty() => push(
                K::GroupWithoutMembers,
                Error,
                format!(
                    "グループ {address} にメンバーがいません。このアドレス宛てのメールは誰にも届きません。"
                ),
                format!("The group {address} has no members: its mail would reach nobody."),
            ),
            Destination::Group { members } => {
                for member in members {
                    match self::key(member, domain) {
                        Some(member) if all.contains(member.as_str()) => {}
                        None => push(
                            K::GroupMemberInvalid,
                            Error,
                            format!(
                                "グループ {address} のメンバー「{member}」はメールアドレスとして正しくありません。"
                            ),
                            format!(
                                "The member “{member}” of the group {address} is not a valid address."
                            ),
                        ),
                        Some(member)
                            if address::placement(&member, domain) != Placement::Outside =>
                        {
                            push(
                                K::GroupMemberMissing,
                                Warning,
                                format!(
                                    "グループ {address} のメンバー {member} はこの一覧にないため、移行先に存在しません。"
                                ),
                                format!(
                                    "The member {member} of the group {address} is not in this list, so it will not exist on the new service."
                                ),
                            );
                        }
                        Some(_) => {}
                    }
                }
            }
            Destination::Forward { to } if to.is_empty() => push(
                K::ForwardWithoutTarget,
                Error,
                format!(
                    "{address} は転送ですが、転送先がありません。このアドレス宛てのメールは誰にも届きません。"
                ),
                format!("{address} is a forward without a target: its mail would reach nobody."),
            ),
            Destination::Forward { to } => {
                for target in to {
                    match self::key(target, domain) {
                        Some(target) if all.contains(target.as_str()) => {}
                        None => push(
                            K::ForwardTargetInvalid,
                            Error,
                            format!(
                                "{address} の転送先「{target}」はメールアドレスとして正しくありません。"
                            ),
                            format!(
                                "The forward target “{target}” of {address} is not a valid address."
                            ),
                        ),
                        Some(target)
                            if address::placement(&target, domain) != Placement::Outside =>
                        {
                            push(
                                K::ForwardTargetMissing,
                                Warning,
                                format!(
                                    "{address} の転送先 {target} はこの一覧にないため、移行先に存在しません。"
                                ),
                                format!(
                                    "The forward target {target} of {address} is not in this list, so it will not exist on the new service."
                                ),
                            );
                        }
                        Some(_) => {}
                    }
                }
            }
            Destination::Retire { reason } if reason.trim().is_empty() => push(
                K::RetireWithoutReason,
                Warning,
                format!("{address} を廃止する理由が記録されていません。"),
                format!("No reason is recorded for retiring {address}."),
            ),
            Destination::Retire { .. } => {}
        }
    }
    issues
}

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
