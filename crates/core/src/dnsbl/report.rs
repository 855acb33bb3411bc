//! What a blocklist check found: the lists asked, each address with whose it is and
//! what every list said about it, and what the check left out.

use std::net::IpAddr;

use serde::Serialize;

use super::read::{Listing, ZoneTest};
use crate::Message;
use crate::dns::Query;
use crate::survey::Failure;

/// Why an address is checked: whose address it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Role {
    /// An exchanger of today's MX (the old service before the switch).
    CurrentMx {
        /// The exchanger.
        host: String,
    },
    /// An exchanger of the target's MX (the new service).
    TargetMx {
        /// The exchanger.
        host: String,
    },
    /// An `ip4:` or `ip6:` address of the domain's SPF record: a sender.
    SpfIp,
    /// An address of an `a` host of the domain's SPF record: a sender.
    SpfA {
        /// The host.
        host: String,
    },
}

/// Something the check left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Note {
    /// An `ip4:`/`ip6:` range of more than one address: a list answers about single
    /// addresses, and asking about each would be thousands of questions.
    RangeNotChecked {
        /// The range as the record wrote it.
        network: String,
    },
    /// An `a:` term with a macro: its host depends on the sender.
    MacroNotFollowed {
        /// The term.
        term: String,
    },
    /// A lookup the check needed failed.
    LookupFailed {
        /// The question.
        query: Query,
        /// What happened.
        failure: Failure,
    },
    /// More hosts than [`MAX_HOSTS`](super::MAX_HOSTS): these were not looked up.
    HostsLeftOut {
        /// How many.
        count: usize,
    },
    /// More addresses than [`MAX_ADDRESSES`](super::MAX_ADDRESSES): these were not checked.
    AddressesLeftOut {
        /// How many.
        count: usize,
    },
}

/// What one list showed, and whether it answers us at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListReport {
    /// The zone.
    pub zone: String,
    /// Its name, when Mailmove knows the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Who may use it, when Mailmove knows the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<Message>,
    /// Its IPv4 test entries.
    pub ipv4_test: ZoneTest,
    /// Its IPv6 test entries, when an IPv6 address was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_test: Option<ZoneTest>,
}

/// One list's answer about one address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZoneResult {
    /// The zone.
    pub zone: String,
    /// What it means.
    #[serde(flatten)]
    pub listing: Listing,
}

/// One address and what every list said about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AddressReport {
    /// The address.
    pub address: IpAddr,
    /// Whose it is.
    pub roles: Vec<Role>,
    /// One result per list, in the lists' order.
    pub results: Vec<ZoneResult>,
}

/// The whole check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BlocklistReport {
    /// The domain.
    pub domain: String,
    /// The lists asked.
    pub lists: Vec<ListReport>,
    /// The addresses checked.
    pub addresses: Vec<AddressReport>,
    /// What was left out.
    pub notes: Vec<Note>,
}

/// The overall reading, for an exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Summary {
    /// Every address checked by every list, none listed.
    Clean,
    /// At least one address is listed.
    Listed,
    /// None listed, but some answers could not be had.
    CouldNotCheck,
}

impl BlocklistReport {
    /// Listed somewhere, else could not check somewhere, else clean.
    pub fn summary(&self) -> Summary {
        let results = || self.addresses.iter().flat_map(|address| &address.results);
        if results().any(|result| matches!(result.listing, Listing::Listed { .. })) {
            Summary::Listed
        } else if results().any(|result| matches!(result.listing, Listing::CouldNotCheck { .. }))
            || self.addresses.is_empty()
        {
            Summary::CouldNotCheck
        } else {
            Summary::Clean
        }
    }
}
