//! What the headline says, decided from the rows alone, so it cannot contradict them.
//!
//! Order: the zone itself first (the authoritative servers with the newest SOA serial
//! still list an exchanger that is not new, or no MX at all: only an edit at the DNS
//! host fixes that), then an authoritative server serving an older version (waiting
//! fixes that), then "no authority answered", then the resolvers. A resolver's row is
//! counted as what it is: old only, mixed (old and new together) or no MX.

use serde::{Deserialize, Serialize};

use super::{Role, Status, View, serial_newer};

/// The headline's case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Verdict {
    /// The zone (the authoritative answer at the newest serial) lists exchangers that
    /// are not new.
    ZoneListsOld {
        /// Those exchangers.
        old_hosts: Vec<String>,
        /// Whether the new exchangers are listed beside them (delete the old ones)
        /// or not (change the MX).
        new_listed: bool,
    },
    /// The zone answers with no MX at all.
    ZoneWithoutMx {
        /// The authoritative server that said so.
        server: String,
    },
    /// An authoritative server serves an older version of the zone than the others.
    AuthorityLags {
        /// The server.
        server: String,
        /// Its address.
        address: String,
        /// What it serves.
        view: View,
        /// Its serial.
        serial: Option<u32>,
        /// The newest serial.
        newest: Option<u32>,
    },
    /// No authoritative server answered.
    NoAuthority,
    /// Every authoritative server and every resolver that answered returns only the
    /// new MX.
    AllSwitched,
    /// The zone has switched; some resolvers have not.
    ResolversPending {
        /// Resolvers returning only old exchangers.
        old: usize,
        /// Resolvers returning old and new together.
        mixed: usize,
        /// Resolvers returning no MX.
        no_mx: usize,
        /// Resolvers returning only the new MX.
        switched: usize,
        /// Resolvers that answered.
        answered: usize,
    },
}

/// The headline's case for `status`, from its rows (`servers`) and the new set.
pub fn verdict(status: &Status) -> Verdict {
    let authorities: Vec<_> = status
        .servers
        .iter()
        .filter(|server| server.role == Role::Authoritative && server.view != View::Unreachable)
        .collect();
    if authorities.is_empty() {
        return Verdict::NoAuthority;
    }
    let newest = authorities
        .iter()
        .filter_map(|server| server.soa_serial)
        .reduce(|a, b| if serial_newer(b, a) { b } else { a });
    // The zone as its newest version reads; without any serial, every answer counts.
    let zone: Vec<_> = authorities
        .iter()
        .filter(|server| newest.is_none() || server.soa_serial == newest)
        .collect();
    let mut old_hosts: Vec<String> = zone
        .iter()
        .filter(|server| matches!(server.view, View::Old | View::Mixed))
        .flat_map(|server| server.exchangers.iter())
        .filter(|host| !status.new_mx.contains(*host))
        .cloned()
        .collect();
    crate::sort::sort(&mut old_hosts);
    old_hosts.dedup();
    if !old_hosts.is_empty() {
        let new_listed = zone
            .iter()
            .filter(|server| matches!(server.view, View::Old | View::Mixed))
            .all(|server| server.view == View::Mixed);
        return Verdict::ZoneListsOld {
            old_hosts,
            new_listed,
        };
    }
    if let Some(server) = zone.iter().find(|server| server.view == View::NoMx) {
        return Verdict::ZoneWithoutMx {
            server: server.server.clone(),
        };
    }
    if let Some(server) = authorities.iter().find(|server| server.view != View::New) {
        return Verdict::AuthorityLags {
            server: server.server.clone(),
            address: server.address.clone(),
            view: server.view,
            serial: server.soa_serial,
            newest,
        };
    }
    let resolvers = status
        .servers
        .iter()
        .filter(|server| server.role == Role::Resolver && server.view != View::Unreachable);
    let count = |view: View| {
        resolvers
            .clone()
            .filter(|server| server.view == view)
            .count()
    };
    let (old, mixed, no_mx) = (count(View::Old), count(View::Mixed), count(View::NoMx));
    if old + mixed + no_mx == 0 {
        return Verdict::AllSwitched;
    }
    Verdict::ResolversPending {
        old,
        mixed,
        no_mx,
        switched: count(View::New),
        answered: resolvers.count(),
    }
}
