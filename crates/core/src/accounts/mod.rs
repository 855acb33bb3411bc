//! The address list: every address the old server receives mail for, and what each one
//! becomes on the new service.
//!
//! The step migration guides say people forget is creating every address on the new
//! service before MX changes: mail to an address that does not exist there bounces. So
//! each [`Account`] starts [`Destination::Unassigned`] and [`check`] reports it until
//! someone decides — a user, an alias, a group, a forward, or an explicit
//! [`Destination::Retire`].
//! Nothing here picks a destination silently.
//!
//! - [`import()`] reads what people paste or export from the old server's panel: plain
//!   lists, `Name <addr>` lists, CSV with Japanese or English headers.
//! - [`check`] / [`check_for_target`] find what would lose mail or break the upload.
//! - [`export_csv`] writes the target's bulk user-creation CSV.
//! - [`old_mail::advise`] says how the old mail of one mailbox can move.
//!
//! **Invariant:** pure. The shell decodes files (UTF-8 or Shift_JIS) and supplies
//! randomness for passwords; nothing here reads a clock, a file or a random source.
//!
//! **Invariant:** addresses are stored lower-cased, the domain in A-label (punycode)
//! form, so comparisons are plain string equality and match [`DomainName`].

mod address;
mod check;
mod columns;
mod csv;
mod encoding;
mod export;
mod hours;
mod import;
mod import_help;
mod import_rows;
pub mod migration;
pub mod old_mail;
mod old_mail_plan;
mod password;
mod target_limits;
mod templates;
mod wire;

#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod export_tests;
#[cfg(test)]
mod import_robustness_tests;
#[cfg(test)]
mod import_tests;
#[cfg(test)]
mod old_mail_tests;

use serde::{Deserialize, Serialize};

pub use check::{AccountIssue, AccountIssueKind, check};
pub use encoding::{FileEncoding, MixedEncoding, file_encoding};
pub use export::{CsvFile, ExportError, Passwords, export_csv};
pub use hours::Hours;
pub use import::{
    Import, ImportIssue, ImportIssueKind, InferDomainError, MAX_ACCOUNTS, MAX_ISSUES, import,
    infer_domain, undecided_summary,
};
pub use import_help::{IMPORT_COLUMNS, IMPORT_SAMPLE, ImportColumn};
pub use old_mail_plan::{OldMailPlan, RouteCounts, old_mail_plan};
pub use password::password_from_random;
pub use target_limits::{check_for_target, check_for_target_id};
pub use templates::{MICROSOFT_365_USERS_PER_CSV, ZOHO_USERS_PER_CSV};

#[cfg(doc)]
use crate::DomainName;

/// Every address on the old server, in the order the user gave them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountList {
    /// The addresses.
    #[serde(default)]
    pub accounts: Vec<Account>,
}

/// One address on the old server and the decision about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// `local@domain`, lower-cased, the domain in A-labels.
    pub address: String,
    /// The display name as the user gave it (may be Japanese).
    #[serde(default)]
    pub name: Option<String>,
    /// What the address becomes on the new service.
    #[serde(default)]
    pub destination: Destination,
    /// How the old mailbox is read today, when known: it decides how old mail moves.
    #[serde(default)]
    pub mailbox: Option<Mailbox>,
}

impl Account {
    /// An address with nothing decided yet.
    pub fn unassigned(address: impl Into<String>) -> Account {
        Account {
            address: address.into(),
            name: None,
            destination: Destination::Unassigned,
            mailbox: None,
        }
    }

    /// The address as a mailbox of its own, named from what the list knows: a display
    /// name of two words splits into family and given name (family first when it is
    /// not ASCII, as Japanese names are written); without a name, the local part
    /// stands in for the given name and the family name stays empty for someone to
    /// fill in (Google requires both, and the check says so).
    pub fn as_mailbox(&self) -> Destination {
        let local = self.address.split('@').next().unwrap_or_default();
        match self.name.as_deref().map(str::trim) {
            Some(name) if name.contains(char::is_whitespace) => {
                import_rows::user(Some(name), None, None)
            }
            name => Destination::User {
                first_name: local.to_owned(),
                last_name: String::new(),
                display_name: name
                    .filter(|name| !name.is_empty())
                    .unwrap_or(local)
                    .to_owned(),
            },
        }
    }
}

/// What an address becomes on the new service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
// Read through one flat struct: see `wire.rs`.
#[serde(try_from = "wire::DestinationWire")]
pub enum Destination {
    /// Not decided yet. The default, and an error in [`check`]: left like this, the
    /// address does not exist on the new service and its mail bounces.
    #[default]
    Unassigned,
    /// A mailbox of its own (a licensed user).
    User {
        /// Given name.
        #[serde(default)]
        first_name: String,
        /// Family name.
        #[serde(default)]
        last_name: String,
        /// The name people see; Microsoft 365 requires it.
        #[serde(default)]
        display_name: String,
    },
    /// Another address of a user's mailbox.
    Alias {
        /// The address of a [`Destination::User`] account in the same list.
        #[serde(default)]
        user: String,
    },
    /// A group (mailing list, shared address, or a forward to outside addresses).
    Group {
        /// Member addresses: accounts of the list or addresses elsewhere.
        #[serde(default)]
        members: Vec<String>,
    },
    /// No mailbox: mail to the address is passed on to other addresses, usually outside
    /// the domain (the accountant's office, a personal address). On the targets this is
    /// a group with outside members or a contact with forwarding, made by hand.
    Forward {
        /// Where the mail goes: addresses elsewhere, or accounts of the list.
        #[serde(default)]
        to: Vec<String>,
    },
    /// An explicit decision that the address will not exist on the new service. Never
    /// a default: someone has to choose it and say why.
    Retire {
        /// Why the address can go.
        #[serde(default)]
        reason: String,
    },
}

/// How a mailbox is read today, and how big it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mailbox {
    /// How the mail client reaches the mailbox.
    #[serde(default)]
    pub read_via: ReadVia,
    /// What the server holds, in megabytes (1 MB = 1024 KB), when known.
    #[serde(default)]
    pub size_mb: Option<u32>,
}

/// How a mailbox is read. It decides where the old mail is: POP without a copy on the
/// server leaves it only on the user's PC.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
// Read through one flat struct: see `wire.rs`.
#[serde(try_from = "wire::ReadViaWire")]
pub enum ReadVia {
    /// POP3.
    Pop {
        /// Whether the client is set to leave a copy on the server.
        #[serde(default)]
        keeps_copy_on_server: bool,
    },
    /// IMAP: the server holds everything, folders included.
    Imap,
    /// Only the provider's webmail.
    Webmail,
    /// Nobody knows yet.
    #[default]
    Unknown,
}
