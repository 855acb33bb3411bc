//! The cutover monitor's judgement, sans-IO: given what each server answered for the
//! domain's MX, who still hands out the old exchangers, whether every authoritative
//! name server serves the new ones, and from when it is safe to stop watching the old
//! inbox.
//!
//! The shell asks the questions (each authoritative server directly, each resolver
//! directly) and passes the answers with the moment they were read; core has no clock.
//!
//! **Reasoning, in order.** (1) If an authoritative server still serves the old MX,
//! nothing else matters: resolvers may fetch the old set from it at any time; say which
//! server lags, by SOA serial. (2) Otherwise a resolver that still caches the old set
//! hands it out for at most its remaining TTL; a resolver nobody asked may have fetched
//! it just before the change, so it may hand it out for the old record's full TTL from
//! the moment of the change. (3) The old inbox must be watched until the latest of those
//! moments plus [`WATCH_MARGIN`], because senders that resolved the old MX keep queued
//! mail for the old server and retry it. (4) When no authoritative server can be asked
//! at all, the change time plus the old TTL still bounds (2), on the stated assumption
//! that the change was published then ([`Basis::ChangeAndTtl`]); known public
//! resolvers' TTL caps give those resolvers earlier moments ([`TTL_CAPS`]).
//!
//! The headline is decided from the rows alone ([`verdict`]): the zone first, then a
//! lagging authority, then the resolvers, each row counted as what it is.

mod moments;
mod probe;
#[cfg(test)]
mod probe_tests;
mod summary;
#[cfg(test)]
mod tests;
mod time;
mod ttl_caps;
mod verdict;
#[cfg(test)]
mod verdict_tests;

pub use moments::{Basis, CappedResolver, basis_words, cap_words};
pub use probe::{Ask, MAX_RESOLVERS, Probe, ResolverName};
pub use summary::headline;
pub use time::{JST_OFFSET_MINUTES, Offset, duration_words, format_time, human_time, jst};
pub use ttl_caps::{TTL_CAPS, TtlCap, cap_for};
pub use verdict::{Verdict, verdict};

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::dns::{Outcome, RecordData};

/// After the last possible old answer, keep watching the old inbox this long (seconds):
/// a sender that looked up the old MX and could not deliver at once retries the same
/// host on its own schedule — RFC 5321 §4.5.4.1 asks for at least 30 minutes between
/// tries and gives up only after 4–5 days, and common MTAs retry within hours — and
/// resolvers that serve stale answers (RFC 8767) may keep an expired record up to a
/// day. 24 hours covers the usual retry schedules; the planner uses the same margin.
pub const WATCH_MARGIN: u64 = 24 * 60 * 60;

/// What a server's answer says about the switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    /// Only new exchangers.
    New,
    /// Only old (or unknown, non-new) exchangers.
    Old,
    /// New and old together.
    Mixed,
    /// No MX at all (NODATA/NXDOMAIN): neither set.
    NoMx,
    /// No answer (timeout, SERVFAIL, refused, not asked).
    Unreachable,
}

impl View {
    /// For people.
    pub fn label(self) -> crate::Text {
        let (ja, en) = match self {
            View::New => ("新", "new"),
            View::Old => ("旧", "old"),
            View::Mixed => ("新旧混在", "mixed"),
            View::NoMx => ("MX なし", "no MX"),
            View::Unreachable => ("応答なし", "no answer"),
        };
        crate::Text { ja, en }
    }
}

/// Which kind of server answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// One of the domain's authoritative name servers.
    Authoritative,
    /// A recursive resolver (public or an ISP's).
    Resolver,
}

impl Role {
    /// For people.
    pub fn label(self) -> crate::Text {
        match self {
            Role::Authoritative => crate::Text {
                ja: "権威サーバー",
                en: "authoritative",
            },
            Role::Resolver => crate::Text {
                ja: "リゾルバー",
                en: "resolver",
            },
        }
    }
}

/// One server's answer, as the shell read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    /// A name for people (`ns1.example.jp`, `Google 8.8.8.8`).
    pub server: String,
    /// Its address as people read it (`192.0.2.53`, `127.0.0.11:5300`,
    /// `https://public.dns.example/dns-query`).
    pub address: String,
    /// Authoritative or resolver.
    pub role: Role,
    /// Its answer to `<domain> MX`.
    pub outcome: Outcome,
    /// For an authoritative server, the SOA serial it serves, when asked.
    pub soa_serial: Option<u32>,
}

/// The old and new exchangers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectation {
    /// Exchangers after the move (lower case, no trailing dot).
    pub new_mx: BTreeSet<String>,
    /// Exchangers before the move.
    pub old_mx: BTreeSet<String>,
    /// The old MX record's TTL (seconds), as it was before the change.
    pub old_ttl: Option<u32>,
    /// When the authoritative servers started serving the new MX (Unix seconds), if
    /// known (from the plan, or from an earlier check).
    pub changed_at: Option<u64>,
}

impl Expectation {
    /// The expectation from host names as typed (any case, trailing dot or not).
    pub fn new<'a>(
        new_mx: impl IntoIterator<Item = &'a str>,
        old_mx: impl IntoIterator<Item = &'a str>,
        old_ttl: Option<u32>,
        changed_at: Option<u64>,
    ) -> Expectation {
        let normal = |host: &str| host.trim().trim_end_matches('.').to_ascii_lowercase();
        Expectation {
            new_mx: new_mx.into_iter().map(normal).collect(),
            old_mx: old_mx.into_iter().map(normal).collect(),
            old_ttl,
            changed_at,
        }
    }
}

/// One server's classified view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerVerdict {
    /// The server.
    pub server: String,
    /// Its address as people read it.
    pub address: String,
    /// Authoritative or resolver.
    pub role: Role,
    /// New, old, mixed, no MX or unreachable.
    pub view: View,
    /// The exchangers it returned.
    pub exchangers: Vec<String>,
    /// The remaining TTL of its answer (the smallest TTL of the MX records, which for a
    /// cache is what is left).
    pub ttl_left: Option<u32>,
    /// The SOA serial (authoritative servers).
    pub soa_serial: Option<u32>,
}

/// The monitor's judgement at one moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// The new exchangers every answer was judged against.
    pub new_mx: BTreeSet<String>,
    /// Whether `new_mx` is what the newest authoritative server serves now (nobody
    /// said what to expect) rather than what the user expects.
    pub new_mx_from_authorities: bool,
    /// Every server, classified.
    pub servers: Vec<ServerVerdict>,
    /// Resolvers that answered and see only the new MX, out of those that answered.
    pub resolvers_switched: usize,
    /// Resolvers that answered.
    pub resolvers_answered: usize,
    /// Whether every authoritative server that answered serves only the new MX (and at
    /// least one answered).
    pub authoritative_switched: bool,
    /// Authoritative servers still serving something else, with their serials.
    pub lagging_authoritative: Vec<ServerVerdict>,
    /// The newest SOA serial among the authoritative servers.
    pub newest_serial: Option<u32>,
    /// The latest moment (Unix seconds) a resolver may still hand out the old MX;
    /// `None` while an authoritative server lags (it can be any time), when the old
    /// TTL is unknown and no asked resolver holds the old set, and when no
    /// authoritative server answered and the change time or the old TTL is unknown.
    pub old_mx_possible_until: Option<u64>,
    /// What `old_mx_possible_until` rests on (`None` when it is `None`).
    #[serde(default)]
    pub basis: Option<Basis>,
    /// Public resolvers known to keep answers for less than the old TTL, each with
    /// its own (earlier) moment and the cap's source.
    #[serde(default)]
    pub capped_resolvers: Vec<CappedResolver>,
    /// From when the old inbox may be left and the final mail sync run:
    /// `old_mx_possible_until + WATCH_MARGIN`.
    pub safe_from: Option<u64>,
    /// Whether every server that answered sees only the new MX.
    pub all_switched: bool,
}

/// Classifies every observation made at `now` (Unix seconds) against `expect`. When
/// `expect` names no new exchangers, the new set is whatever the authoritative server
/// with the newest SOA serial serves now (see [`Status::new_mx_from_authorities`]).
pub fn judge(observations: &[Observation], expect: &Expectation, now: u64) -> Status {
    let derived;
    let (expect, new_mx_from_authorities) = if expect.new_mx.is_empty() {
        // What the zone serves now, minus what the user called old: an old exchanger
        // left in the zone is not "new" because it is still there.
        derived = Expectation {
            new_mx: newest_authoritative_mx(observations)
                .difference(&expect.old_mx)
                .cloned()
                .collect(),
            ..expect.clone()
        };
        (&derived, true)
    } else {
        (expect, false)
    };
    let servers: Vec<ServerVerdict> = observations
        .iter()
        .map(|observation| classify(observation, expect))
        .collect();
    let answered = |role: Role| {
        servers
            .iter()
            .filter(move |server| server.role == role && server.view != View::Unreachable)
    };
    let resolvers_answered = answered(Role::Resolver).count();
    let resolvers_switched = answered(Role::Resolver)
        .filter(|server| server.view == View::New)
        .count();
    let lagging_authoritative: Vec<ServerVerdict> = answered(Role::Authoritative)
        .filter(|server| server.view != View::New)
        .cloned()
        .collect();
    let authoritative_switched =
        answered(Role::Authoritative).count() > 0 && lagging_authoritative.is_empty();
    let newest_serial = servers
        .iter()
        .filter_map(|server| server.soa_serial)
        .reduce(|a, b| if serial_newer(b, a) { b } else { a });
    let bound = moments::old_answers_until(
        &servers,
        expect,
        now,
        authoritative_switched,
        !lagging_authoritative.is_empty(),
    );
    let capped_resolvers = if bound.is_some() {
        moments::capped_resolvers(
            &servers,
            expect.old_ttl,
            expect.changed_at.unwrap_or(now),
            now,
        )
    } else {
        Vec::new()
    };
    let old_mx_possible_until = bound.map(|(_, until)| until);
    let all_switched = servers
        .iter()
        .filter(|server| server.view != View::Unreachable)
        .all(|server| server.view == View::New)
        && servers.iter().any(|server| server.view == View::New);
    Status {
        new_mx: expect.new_mx.clone(),
        new_mx_from_authorities,
        resolvers_switched,
        resolvers_answered,
        authoritative_switched,
        lagging_authoritative,
        newest_serial,
        safe_from: old_mx_possible_until.map(|until| until.saturating_add(WATCH_MARGIN)),
        old_mx_possible_until,
        basis: bound.map(|(basis, _)| basis),
        capped_resolvers,
        all_switched,
        servers,
    }
}

fn classify(observation: &Observation, expect: &Expectation) -> ServerVerdict {
    let (view, exchangers, ttl_left) = match &observation.outcome {
        Outcome::Records { records } => {
            let mut exchangers: Vec<String> = records
                .iter()
                .filter_map(|record| match &record.data {
                    RecordData::Mx { exchange, .. } => Some(exchange.to_ascii_lowercase()),
                    _ => None,
                })
                .collect();
            crate::sort::sort(&mut exchangers);
            exchangers.dedup();
            let ttl = records
                .iter()
                .filter(|record| matches!(record.data, RecordData::Mx { .. }))
                .map(|record| record.ttl)
                .min();
            let new = exchangers
                .iter()
                .filter(|host| expect.new_mx.contains(*host))
                .count();
            let view = match (new, exchangers.len()) {
                (_, 0) => View::NoMx,
                (n, total) if n == total => View::New,
                (0, _) => View::Old,
                _ => View::Mixed,
            };
            (view, exchangers, ttl)
        }
        Outcome::NoData { .. } | Outcome::NxDomain { .. } => (View::NoMx, Vec::new(), None),
        Outcome::ServFail | Outcome::Timeout | Outcome::Refused | Outcome::NotAsked => {
            (View::Unreachable, Vec::new(), None)
        }
    };
    ServerVerdict {
        server: observation.server.clone(),
        address: observation.address.clone(),
        role: observation.role,
        view,
        exchangers,
        ttl_left,
        soa_serial: observation.soa_serial,
    }
}

/// The exchangers the authoritative server with the newest SOA serial serves (the
/// first one that answered, when none gave a serial): "whatever the authoritative
/// servers say now".
fn newest_authoritative_mx(observations: &[Observation]) -> BTreeSet<String> {
    let answered = observations.iter().filter(|observation| {
        observation.role == Role::Authoritative
            && matches!(observation.outcome, Outcome::Records { .. })
    });
    let newest = answered
        .clone()
        .reduce(|best, next| match (next.soa_serial, best.soa_serial) {
            (Some(next_serial), Some(best_serial)) if serial_newer(next_serial, best_serial) => {
                next
            }
            (Some(_), None) => next,
            _ => best,
        });
    let Some(Observation {
        outcome: Outcome::Records { records },
        ..
    }) = newest
    else {
        return BTreeSet::new();
    };
    records
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Mx { exchange, .. } if !exchange.is_empty() => {
                Some(exchange.trim_end_matches('.').to_ascii_lowercase())
            }
            _ => None,
        })
        .collect()
}

/// RFC 1982 serial arithmetic: whether `a` is newer than `b`.
pub(crate) fn serial_newer(a: u32, b: u32) -> bool {
    a != b && a.wrapping_sub(b) < 0x8000_0000
}
