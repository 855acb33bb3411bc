//! Blocklists (DNSBLs, RFC 5782), sans-IO: which names to ask about a domain's mail
//! servers and senders, and what each list's answers mean.
//!
//! - [`BlocklistCheck`]: the check of one domain (today's MX, the target's MX, the
//!   SPF record's `ip4`/`ip6`/`a` senders) against a list of zones, as
//!   `wanted`/`answer`/`report`.
//! - [`read_answer`], [`read_test`]: one answer, and a list's RFC 5782 §5 test
//!   entries, read as the list documents them ([`lists`]).
//!
//! **Invariant:** a refusal code (Spamhaus's 127.255.255.254 for public resolvers),
//! an answer outside 127.0.0.0/8, a DNS failure, or a list whose test entries are
//! wrong is "could not check", never "listed" and never "not listed".

mod check;
#[cfg(test)]
mod check_tests;
mod explain;
pub mod lists;
mod read;
mod report;

pub use check::{BlocklistCheck, MAX_ADDRESSES, MAX_HOSTS, MAX_ZONES, query_name};
pub use explain::{
    advice, explain_listing, explain_not_checked, explain_test, note_words, role_words,
};
pub use lists::{DEFAULT_LISTS, KnownList, known_list};
pub use read::{ListedCode, Listing, NotChecked, ZoneTest, read_answer, read_test};
pub use report::{AddressReport, BlocklistReport, ListReport, Note, Role, Summary, ZoneResult};

/// The zones asked when none are given.
pub fn default_zones() -> Vec<String> {
    DEFAULT_LISTS
        .iter()
        .map(|list| list.zone.to_owned())
        .collect()
}
