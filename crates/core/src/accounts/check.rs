//! What in an address list would lose mail after the move, or make the upload fail.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::address::{self, Placement};
use super::{AccountList, Destination};
use crate::DomainName;
use crate::Message;
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
/// [`check_for_target`](super::check_for_target) for the target's own limits.
pub fn check(list: &AccountList, domain: &DomainName) -> Vec<AccountIssue> {
    let keys: Vec<Option<String>> = list
        .accounts
        .iter()
        .map(|account| key(&account.address, domain))
        .collect();
    let known = Known {
        domain,
        shown: domain.to_unicode(),
        all: keys.iter().flatten().map(String::as_str).collect(),
        users: list
            .accounts
            .iter()
            .zip(&keys)
            .filter(|(account, _)| matches!(account.destination, Destination::User { .. }))
            .filter_map(|(_, key)| key.as_deref())
            .collect(),
    };
    let mut issues = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, (account, key)) in list.accounts.iter().zip(&keys).enumerate() {
        let mut found = Found {
            issues: &mut issues,
            address: account.address.as_str(),
        };
        match key.as_deref() {
            None => found.push(
                AccountIssueKind::InvalidAddress,
                Severity::Error,
                format!(
                    "「{}」はメールアドレスとして正しくありません。",
                    found.address
                ),
                format!("“{}” is not a valid address.", found.address),
            ),
            Some(key) => {
                if let Some(&first) = seen.get(key) {
                    found.duplicate(first + 1);
                } else {
                    seen.insert(key, index);
                }
                found.placement(key, &known);
            }
        }
        found.destination(&account.destination, key.as_deref(), &known);
    }
    issues
}

/// What the whole list holds, for checking one entry against it.
struct Known<'a> {
    domain: &'a DomainName,
    /// The domain as people read it.
    shown: String,
    /// Every address of the list, as [`key`]s.
    all: HashSet<&'a str>,
    /// The addresses that are users.
    users: HashSet<&'a str>,
}

/// What a group member or a forward target is to the list.
enum Recipient {
    /// In the list, or on another domain: it exists after the move.
    Fine,
    /// Not an address.
    Invalid,
    /// On this domain but not in the list: it will not exist (its [`key`]).
    Missing(String),
}

impl Known<'_> {
    fn recipient(&self, raw: &str) -> Recipient {
        match key(raw, self.domain) {
            Some(key) if self.all.contains(key.as_str()) => Recipient::Fine,
            None => Recipient::Invalid,
            Some(key) if address::placement(&key, self.domain) != Placement::Outside => {
                Recipient::Missing(key)
            }
            Some(_) => Recipient::Fine,
        }
    }
}

/// The problems found with one entry of the list.
struct Found<'a> {
    issues: &'a mut Vec<AccountIssue>,
    /// The entry's address as written.
    address: &'a str,
}

impl Found<'_> {
    fn push(&mut self, kind: AccountIssueKind, severity: Severity, ja: String, en: String) {
        self.issues.push(AccountIssue {
            address: Some(self.address.to_owned()),
            kind,
            severity,
            message: Message { ja, en },
        });
    }

    /// The same address as the `first`th entry.
    fn duplicate(&mut self, first: usize) {
        let address = self.address;
        self.push(
            AccountIssueKind::Duplicate,
            Severity::Error,
            format!("{address} は{first}件目と同じアドレスです(大文字・小文字は区別されません)。"),
            format!("{address} is the same address as entry {first} (case does not matter)."),
        );
    }

    /// An address on a subdomain, or on another domain.
    fn placement(&mut self, key: &str, known: &Known<'_>) {
        let (address, shown) = (self.address, &known.shown);
        match address::placement(key, known.domain) {
            Placement::Inside => {}
            Placement::Subdomain => self.push(
                AccountIssueKind::Subdomain,
                Severity::Warning,
                format!(
                    "{address} は {shown} のサブドメインです。移行先にサブドメインも追加しないと作成できません。"
                ),
                format!(
                    "{address} is on a subdomain of {shown}: the new service must have the subdomain added before it can be created."
                ),
            ),
            Placement::Outside => self.push(
                AccountIssueKind::OutsideDomain,
                Severity::Error,
                format!(
                    "{address} は {shown} のアドレスではないため、このドメインでは作成できません。"
                ),
                format!(
                    "{address} is not on {shown}, so it cannot be created under this domain."
                ),
            ),
        }
    }

    /// What the entry becomes: decided, and complete for its kind.
    fn destination(&mut self, destination: &Destination, key: Option<&str>, known: &Known<'_>) {
        use AccountIssueKind as K;
        use Severity::{Error, Warning};
        let address = self.address;
        match destination {
            Destination::Unassigned => self.push(
                K::NoDestination,
                Error,
                format!(
                    "{address} の移行先での扱い(メールボックス・エイリアス・グループ・転送・廃止)が決まっていません。このままではMX切り替え後、このアドレス宛てのメールが届かなくなります。"
                ),
                format!(
                    "Nothing is decided for {address} (mailbox, alias, group, forward or retire). Left like this, its mail bounces once MX changes."
                ),
            ),
            Destination::User { display_name, .. } if display_name.trim().is_empty() => self.push(
                K::UserWithoutDisplayName,
                Error,
                format!("ユーザー {address} の表示名が空です。"),
                format!("The user {address} has an empty display name."),
            ),
            Destination::User { .. } => {}
            Destination::Alias { user } => self.alias(user, key, known),
            Destination::Group { members } if members.is_empty() => self.push(
                K::GroupWithoutMembers,
                Error,
                format!(
                    "グループ {address} にメンバーがいません。このアドレス宛てのメールは誰にも届きません。"
                ),
                format!("The group {address} has no members: its mail would reach nobody."),
            ),
            Destination::Group { members } => self.group_members(members, known),
            Destination::Forward { to } if to.is_empty() => self.push(
                K::ForwardWithoutTarget,
                Error,
                format!(
                    "{address} は転送ですが、転送先がありません。このアドレス宛てのメールは誰にも届きません。"
                ),
                format!("{address} is a forward without a target: its mail would reach nobody."),
            ),
            Destination::Forward { to } => self.forward_targets(to, known),
            Destination::Retire { reason } if reason.trim().is_empty() => self.push(
                K::RetireWithoutReason,
                Warning,
                format!("{address} を廃止する理由が記録されていません。"),
                format!("No reason is recorded for retiring {address}."),
            ),
            Destination::Retire { .. } => {}
        }
    }

    /// An alias must lead to a user of the list (not to itself).
    fn alias(&mut self, user: &str, key: Option<&str>, known: &Known<'_>) {
        let target = self::key(user, known.domain);
        if target.is_none()
            || target.as_deref() == key
            || !known.users.contains(target.as_deref().unwrap_or_default())
        {
            let address = self.address;
            self.push(
                AccountIssueKind::AliasTargetNotUser,
                Severity::Error,
                format!(
                    "{address} はエイリアスですが、宛先「{user}」がこの一覧のユーザーではありません。"
                ),
                format!("{address} is an alias, but “{user}” is not a user in this list."),
            );
        }
    }

    fn group_members(&mut self, members: &[String], known: &Known<'_>) {
        let address = self.address;
        for member in members {
            match known.recipient(member) {
                Recipient::Fine => {}
                Recipient::Invalid => self.push(
                    AccountIssueKind::GroupMemberInvalid,
                    Severity::Error,
                    format!(
                        "グループ {address} のメンバー「{member}」はメールアドレスとして正しくありません。"
                    ),
                    format!(
                        "The member “{member}” of the group {address} is not a valid address."
                    ),
                ),
                Recipient::Missing(member) => self.push(
                    AccountIssueKind::GroupMemberMissing,
                    Severity::Warning,
                    format!(
                        "グループ {address} のメンバー {member} はこの一覧にないため、移行先に存在しません。"
                    ),
                    format!(
                        "The member {member} of the group {address} is not in this list, so it will not exist on the new service."
                    ),
                ),
            }
        }
    }

    fn forward_targets(&mut self, targets: &[String], known: &Known<'_>) {
        let address = self.address;
        for target in targets {
            match known.recipient(target) {
                Recipient::Fine => {}
                Recipient::Invalid => self.push(
                    AccountIssueKind::ForwardTargetInvalid,
                    Severity::Error,
                    format!(
                        "{address} の転送先「{target}」はメールアドレスとして正しくありません。"
                    ),
                    format!(
                        "The forward target “{target}” of {address} is not a valid address."
                    ),
                ),
                Recipient::Missing(target) => self.push(
                    AccountIssueKind::ForwardTargetMissing,
                    Severity::Warning,
                    format!(
                        "{address} の転送先 {target} はこの一覧にないため、移行先に存在しません。"
                    ),
                    format!(
                        "The forward target {target} of {address} is not in this list, so it will not exist on the new service."
                    ),
                ),
            }
        }
    }
}
