//! What each target's migration tool takes, written from the decided address list and
//! the old server's settings (which the user confirmed, pre-filled from
//! [`crate::catalog::client_settings`]).
//!
//! - Microsoft 365: the IMAP migration batch CSV ([`m365`]);
//! - Google Workspace: the data migration service's user mapping ([`google`]);
//! - any IMAP target: an imapsync script, first a full pass, then a delta ([`imapsync`]);
//! - POP mailboxes whose mail is only on the PC: steps in the mail client ([`pop`]).
//!
//! **Invariant:** only mailboxes move. Aliases, groups, forwards and retired addresses
//! have no mailbox of their own on the new service, so no row, line or step is written
//! for them; undecided addresses are the accounts check's business, not this one's.
//!
//! **Invariant:** no password is ever written. Microsoft's CSV keeps its `Password`
//! column empty for the admin, Google's mapping has no password column, and the
//! imapsync script reads each password from a file (`--passfile1`/`--passfile2`),
//! never from its own text or the command line, where `ps` would show it.
//!
//! Every CSV goes through `csv::write_record` (formula neutralisation). Neither batch
//! file starts with a BOM: every cell is an address (ASCII, see `address.rs`), and both
//! vendors' examples start with the first column's text.

mod google;
mod imapsync;
mod m365;
mod pop;
mod select;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use super::{AccountList, CsvFile};
use crate::DomainName;
use crate::Message;
use crate::catalog::client_settings::{Security, client_settings};
use crate::catalog::{CatalogEntry, MailProvider};

pub use imapsync::DELTA_MAX_AGE_DAYS;
pub use pop::client_steps;
pub use select::{MailboxRoute, route_mailboxes};

/// An IMAP server as the user confirmed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImapServer {
    /// Host name.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// SSL/TLS or STARTTLS.
    pub security: Security,
}

impl ImapServer {
    /// The server, checked: a host name of letters, digits, hyphens and dots (no spaces,
    /// quotes or shell characters can reach a script), a port that is not 0.
    pub fn new(host: &str, port: u16, security: Security) -> Result<ImapServer, BatchError> {
        let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        let label_ok = |label: &str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        };
        if host.is_empty() || host.len() > 253 || !host.split('.').all(label_ok) || port == 0 {
            return Err(BatchError::BadServer {
                host: host.chars().take(80).collect(),
                port,
            });
        }
        Ok(ImapServer {
            host,
            port,
            security,
        })
    }

    /// `host:port (SSL/TLS)`.
    pub fn describe(&self) -> String {
        format!("{}:{} ({})", self.host, self.port, self.security.label())
    }
}

/// Which tool the batch is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BatchTool {
    /// The target's own migration tool (Microsoft 365's IMAP migration, Google's data
    /// migration service).
    TargetTool,
    /// imapsync, run by whoever does the move.
    Imapsync,
}

/// The files and what to type for one target's tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MigrationBatch {
    /// The files to download: the batch CSV or mapping (numbered when the tool takes
    /// fewer users per run), or the imapsync script.
    pub files: Vec<CsvFile>,
    /// What to enter in the tool, in order.
    pub settings: Vec<Message>,
    /// The tool's limits that matter for these mailboxes.
    pub limits: Vec<Message>,
    /// POP mailboxes whose old mail is only on the PC: not in the files, moved from the
    /// mail client instead.
    pub client_import: Vec<ClientImport>,
    /// Mailboxes left out because the server holds nothing (0 MB).
    pub nothing_to_move: Vec<String>,
}

/// One mailbox moved from the mail client, with its steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientImport {
    /// The address.
    pub address: String,
    /// What to do in the mail client, in order.
    pub steps: Vec<Message>,
}

/// Why no batch was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// The id is not a migration target in the catalog (nor `custom`).
    #[error("unknown migration target: {id}")]
    UnknownTarget {
        /// The id given.
        id: String,
    },
    /// The target's own tool takes no file Mailmove knows how to write.
    #[error("no migration batch format is known for {id}")]
    NoBatchFormat {
        /// The target's id.
        id: String,
    },
    /// imapsync needs the new service's IMAP server, and no source gave it.
    #[error("the IMAP server of {id} is not known")]
    NoTargetImap {
        /// The target's id.
        id: String,
    },
    /// The server is not a host name and port.
    #[error("not an IMAP server: {host}:{port}")]
    BadServer {
        /// The host as given (cut at 80 characters).
        host: String,
        /// The port as given.
        port: u16,
    },
    /// No mailbox (a user row) has mail on the server to move.
    #[error("no mailbox has mail on the old server to move")]
    NoMailboxes,
}

impl BatchError {
    /// Stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            BatchError::UnknownTarget { .. } => "unknown-target",
            BatchError::NoBatchFormat { .. } => "no-batch-format",
            BatchError::NoTargetImap { .. } => "no-target-imap",
            BatchError::BadServer { .. } => "bad-server",
            BatchError::NoMailboxes => "no-mailboxes",
        }
    }

    /// For people.
    pub fn message(&self) -> Message {
        let (ja, en) = match self {
            BatchError::UnknownTarget { id } => (
                format!("「{id}」は移行先として登録されていません。"),
                format!("“{id}” is not a known migration target."),
            ),
            BatchError::NoBatchFormat { id } => (
                format!(
                    "{id} の移行ツールに読み込ませるファイルの形式はわかりません。imapsync のスクリプトを使うか、移行先の管理画面でユーザーごとに設定してください。"
                ),
                format!(
                    "No file format is known for {id}'s migration tool: use the imapsync script, or set up each user in its admin console."
                ),
            ),
            BatchError::NoTargetImap { id } => (
                format!(
                    "{id} のIMAPサーバーがわからないため、imapsync のスクリプトを書けません。"
                ),
                format!("{id}'s IMAP server is not known, so no imapsync script can be written."),
            ),
            BatchError::BadServer { host, port } => (
                format!(
                    "IMAPサーバー「{host}:{port}」はホスト名とポートとして正しくありません。"
                ),
                format!("“{host}:{port}” is not an IMAP host name and port."),
            ),
            BatchError::NoMailboxes => (
                "旧サーバーから移すメールのあるメールボックスがありません(エイリアス・グループ・転送・廃止は移行しません)。".to_owned(),
                "No mailbox has mail on the old server to move (aliases, groups, forwards and retired addresses are not migrated).".to_owned(),
            ),
        };
        Message { ja, en }
    }
}

/// The batch for `target_id`'s tool (or imapsync) from the mailboxes of `list`.
/// `source` is the old IMAP server; `source_id` (a catalog id, when detected) says how
/// it names its users (the whole address, or the local part).
pub fn migration_batch(
    list: &AccountList,
    domain: &DomainName,
    target_id: &str,
    tool: BatchTool,
    source: &ImapServer,
    source_id: Option<&str>,
) -> Result<MigrationBatch, BatchError> {
    let custom = target_id == crate::records::CUSTOM_TARGET;
    let target = MailProvider::find(target_id).filter(|provider| provider.is_target());
    if target.is_none() && !custom {
        return Err(BatchError::UnknownTarget {
            id: target_id.to_owned(),
        });
    }
    let routes = route_mailboxes(list, domain, target_id);
    let server_copy: Vec<&str> = routes
        .iter()
        .filter(|route| route.server_copy())
        .map(|route| route.address.as_str())
        .collect();
    if server_copy.is_empty() && routes.iter().all(|route| !route.client_import()) {
        return Err(BatchError::NoMailboxes);
    }
    let user_name = source_id
        .and_then(client_settings)
        .map(|settings| settings.user_name);
    let target_imap = target_imap(target_id);
    let mut batch = match (tool, target_id) {
        (BatchTool::TargetTool, "microsoft-365") => {
            m365::batch(&server_copy, domain, source, user_name)
        }
        (BatchTool::TargetTool, "google-workspace") => google::batch(&server_copy, domain, source),
        (BatchTool::TargetTool, _) => {
            return Err(BatchError::NoBatchFormat {
                id: target_id.to_owned(),
            });
        }
        (BatchTool::Imapsync, _) => {
            let destination = target_imap
                .as_ref()
                .ok_or_else(|| BatchError::NoTargetImap {
                    id: target_id.to_owned(),
                })?;
            imapsync::batch(&server_copy, domain, source, destination, user_name)
        }
    };
    for route in &routes {
        if route.client_import() {
            batch.client_import.push(ClientImport {
                address: route.address.clone(),
                steps: client_steps(target, target_imap.as_ref()),
            });
        } else if !route.server_copy() {
            batch.nothing_to_move.push(route.address.clone());
        }
    }
    Ok(batch)
}

/// The target's IMAP server as its users' mail clients reach it, when a source gave
/// host, port and security.
pub fn target_imap(target_id: &str) -> Option<ImapServer> {
    use crate::catalog::client_settings::{HostSpec, MailProtocol};
    let server = client_settings(target_id)?
        .servers
        .iter()
        .find(|server| server.protocol == MailProtocol::Imap)?;
    match (server.host, server.port, server.security) {
        (HostSpec::Fixed(host), Some(port), Some(security)) => {
            ImapServer::new(host, port, security).ok()
        }
        _ => None,
    }
}

/// A message from two borrowed strings.
pub(super) fn text(ja: &str, en: &str) -> Message {
    Message {
        ja: ja.to_owned(),
        en: en.to_owned(),
    }
}
