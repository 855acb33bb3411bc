//! Refusals Redis gave, remembered so that the same client is refused again at once,
//! without a Redis round trip, until it could have been allowed. Issue 18's flood
//! bench: every refused request of a flood cost a round trip to Redis, which is where
//! the flood's time went; now a flooding client costs about two per refill of one
//! request's tokens.
//!
//! **Invariant:** a remembered refusal never refuses what Redis would allow. Redis's
//! "wait W" says the client's bucket (or its site's) lacks the cost until W has
//! passed; buckets only refill with time and every instance only takes from them, so
//! no request of the same or a higher cost can pass before then, counted from when the
//! question was sent (Redis read the bucket after that). The memo refuses until W less
//! `margin(W)` (Redis rounds W up to the millisecond, and its clock and ours may run at
//! slightly different rates), then asks Redis again. What it cannot know: a Redis
//! whose keys are wiped (a restart without persistence, `FLUSHALL`) forgives every
//! client at once, while a remembered refusal still lasts its W, one bucket's refill
//! at most (a minute by default).

use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::lru::Lru;
use crate::rate_limit::MAX_CLIENTS;

/// Part of every remembered wait given back to Redis: its rounding up to the
/// millisecond, and a few milliseconds of scheduling between reading our clock and
/// sending the question.
const MARGIN: Duration = Duration::from_millis(5);
/// And this part of the wait: clocks running at slightly different rates.
const MARGIN_DIVISOR: u32 = 100;

/// The refusal of one client.
#[derive(Clone, Copy, Debug)]
struct Refusal {
    /// The cost refused: this and dearer requests are refused again.
    cost: u32,
    /// Refused again until then (the wait less the margin).
    until: Instant,
    /// When Redis said it could pass (`Retry-After`).
    retry_at: Instant,
}

/// The last refusal of each client (an IPv4 address or an IPv6 /64), forgetting the
/// least recently used beyond `MAX_CLIENTS`. A forgotten refusal costs one question to
/// Redis, nothing else.
#[derive(Debug)]
pub struct RecentRefusals {
    table: Mutex<Lru<IpAddr, Refusal>>,
}

impl Default for RecentRefusals {
    fn default() -> Self {
        RecentRefusals::with_capacity(MAX_CLIENTS)
    }
}

impl RecentRefusals {
    /// A table of at most `capacity` clients.
    pub fn with_capacity(capacity: usize) -> RecentRefusals {
        RecentRefusals {
            table: Mutex::new(Lru::new(capacity)),
        }
    }

    /// The wait left (until Redis's `Retry-After`) when a refusal Redis gave `client`
    /// still covers a request of `cost` at `now`; None: ask Redis.
    pub fn refusal(&self, client: IpAddr, cost: u32, now: Instant) -> Option<Duration> {
        let mut table = self.table();
        let refusal = *table.get(&client)?;
        if now >= refusal.until {
            table.remove(&client);
            return None;
        }
        if cost < refusal.cost {
            return None;
        }
        // A client hammering away is not the one to forget.
        table.touch(&client);
        Some(refusal.retry_at.saturating_duration_since(now))
    }

    /// Remembers that Redis refused `client`'s request of `cost`, asked at `asked`,
    /// saying it could pass after `wait`. It replaces an earlier refusal: a request that
    /// reached Redis was not covered by it, so the new one is for a cheaper request or
    /// is newer.
    pub fn remember(&self, client: IpAddr, cost: u32, asked: Instant, wait: Duration) {
        let margin = margin(wait);
        if wait <= margin {
            return;
        }
        self.table().insert(
            client,
            Refusal {
                cost,
                until: asked + (wait - margin),
                retry_at: asked + wait,
            },
        );
    }

    /// Clients remembered now.
    pub fn len(&self) -> usize {
        self.table().len()
    }

    /// Whether no client is remembered.
    pub fn is_empty(&self) -> bool {
        self.table().is_empty()
    }

    fn table(&self) -> std::sync::MutexGuard<'_, Lru<IpAddr, Refusal>> {
        self.table
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What is given back to Redis of a `wait`.
fn margin(wait: Duration) -> Duration {
    MARGIN + wait / MARGIN_DIVISOR
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));

    #[test]
    fn a_refusal_covers_the_same_and_dearer_requests_until_its_wait_less_the_margin() {
        let refusals = RecentRefusals::default();
        let asked = Instant::now();
        let wait = Duration::from_millis(1_000);
        refusals.remember(CLIENT, 5, asked, wait);
        let soon = asked + Duration::from_millis(10);
        assert_eq!(
            refusals.refusal(CLIENT, 5, soon),
            Some(Duration::from_millis(990)),
            "the wait Redis gave, from now"
        );
        assert!(refusals.refusal(CLIENT, 50, soon).is_some(), "dearer");
        assert_eq!(
            refusals.refusal(CLIENT, 4, soon),
            None,
            "cheaper: ask Redis"
        );
        let other = IpAddr::from([192, 0, 2, 2]);
        assert_eq!(refusals.refusal(other, 5, soon), None);
        // Never up to the wait itself: Redis is asked again a margin before it.
        let edge = asked + wait - margin(wait);
        assert!(
            refusals
                .refusal(CLIENT, 5, edge - Duration::from_millis(1))
                .is_some()
        );
        assert_eq!(refusals.refusal(CLIENT, 5, edge), None);
        assert!(refusals.is_empty(), "a refusal past its time is forgotten");
    }

    #[test]
    fn a_wait_shorter_than_the_margin_is_not_remembered() {
        let refusals = RecentRefusals::default();
        let asked = Instant::now();
        refusals.remember(CLIENT, 1, asked, MARGIN);
        assert_eq!(refusals.refusal(CLIENT, 1, asked), None);
        assert!(refusals.is_empty());
    }

    #[test]
    fn a_newer_refusal_replaces_the_older() {
        let refusals = RecentRefusals::default();
        let asked = Instant::now();
        refusals.remember(CLIENT, 50, asked, Duration::from_secs(10));
        // A cheap request was not covered, went to Redis and was refused too.
        refusals.remember(CLIENT, 1, asked, Duration::from_secs(2));
        let soon = asked + Duration::from_millis(10);
        assert!(refusals.refusal(CLIENT, 1, soon).is_some());
        let later = asked + Duration::from_secs(3);
        assert_eq!(refusals.refusal(CLIENT, 50, later), None, "Redis decides");
    }

    #[test]
    fn the_table_is_bounded_and_keeps_the_client_that_keeps_asking() {
        let refusals = RecentRefusals::with_capacity(100);
        let asked = Instant::now();
        let wait = Duration::from_secs(60);
        refusals.remember(CLIENT, 1, asked, wait);
        for n in 0..1_000u32 {
            refusals.remember(
                IpAddr::from((0x0a00_0000 + n).to_be_bytes()),
                1,
                asked,
                wait,
            );
            assert!(refusals.refusal(CLIENT, 1, asked).is_some(), "after {n}");
        }
        assert_eq!(refusals.len(), 100);
    }
}
