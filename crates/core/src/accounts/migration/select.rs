//! Which mailboxes move, and how: the old-mail advice for every user row.

use serde::{Deserialize, Serialize};

use crate::DomainName;
use crate::accounts::old_mail::{Method, OldMailAdvice, advise_for_target_id};
use crate::accounts::{AccountList, Destination, check};

/// One mailbox and how its old mail moves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailboxRoute {
    /// The address, normalised for the domain.
    pub address: String,
    /// How its old mail moves, why, and the estimate.
    pub advice: OldMailAdvice,
}

impl MailboxRoute {
    /// Whether a server-side tool copies it (the target's tool or imapsync).
    pub fn server_copy(&self) -> bool {
        matches!(
            self.advice.method,
            Method::TargetTool { .. } | Method::ImapSync
        )
    }

    /// Whether its old mail is only on the PC.
    pub fn client_import(&self) -> bool {
        self.advice.method == Method::ClientImport
    }
}

/// Every mailbox of `list` ([`Destination::User`] rows only: aliases, groups,
/// forwards and retired addresses have no mail of their own to move), in list order,
/// each with its advice for `target_id`.
pub fn route_mailboxes(
    list: &AccountList,
    domain: &DomainName,
    target_id: &str,
) -> Vec<MailboxRoute> {
    list.accounts
        .iter()
        .filter(|account| matches!(account.destination, Destination::User { .. }))
        .map(|account| MailboxRoute {
            address: check::key(&account.address, domain)
                .unwrap_or_else(|| account.address.clone()),
            advice: advise_for_target_id(&account.mailbox.clone().unwrap_or_default(), target_id),
        })
        .collect()
}
