//! Per-client rate limits: a token bucket per client address.
//!
//! A request costs what it makes the server ask upstream: one DNS question (DoH,
//! `/api/lookup`) costs 1, a survey costs [`SURVEY_COST`]. A client over its share gets
//! `429 Too Many Requests` with `Retry-After`. IPv6 clients are keyed by their /64,
//! since one host usually has the whole prefix, and each /48 (one site) also has one
//! bucket of `SITE_SHARE` clients' worth, so rotating through a site's 65,536 /64s
//! does not multiply the budget.
//!
//! **Invariant:** the tables are bounded, and a full table forgets the least recently
//! used client, never everybody: a client over its limit that keeps asking stays
//! limited however many other sources appear. A forgotten bucket comes back full, which
//! is also what a bucket left alone for `burst / rate` (a minute by default) holds.
//!
//! With `--redis-url` the buckets live in Redis instead (`shared_limits`), shared by
//! every instance; these local ones are the fallback while Redis is unreachable.

use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::client_addr::{ClientAddr, client_addr, mask};
use crate::error::AppError;
use crate::lru::Lru;

/// A survey asks about this many questions (see `survey::MAX_QUERIES`, usually fewer).
pub const SURVEY_COST: u32 = 50;
/// A monitor reading asks the name servers' addresses, each authority twice and each
/// resolver once (see `mailmove_core::monitor::Probe`): about 30 questions.
pub const MONITOR_COST: u32 = 30;
/// An IPv6 /48 may spend this many clients' shares together: an office or a campus
/// with many /64s, but not 65,536 budgets.
pub const SITE_SHARE: u32 = 16;
/// Clients (and sites) tracked at most; beyond this the least recently used is
/// forgotten.
pub const MAX_CLIENTS: usize = 100_000;

/// How much a client may ask.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Tokens refilled per minute (0 disables the limit).
    pub per_minute: u32,
    /// Bucket size: what a client may spend at once.
    pub burst: u32,
}

impl Default for RateLimit {
    /// 600 questions a minute with bursts of 600: a dozen surveys a minute, or a
    /// browser running a few checks over DoH, per client.
    fn default() -> Self {
        RateLimit {
            per_minute: 600,
            burst: 600,
        }
    }
}

impl RateLimit {
    /// The limit of a whole /48: `SITE_SHARE` times a client's.
    pub fn for_site(self) -> RateLimit {
        RateLimit {
            per_minute: self.per_minute.saturating_mul(SITE_SHARE),
            burst: self.burst.max(1).saturating_mul(SITE_SHARE),
        }
    }

    /// Tokens per second.
    pub fn rate(self) -> f64 {
        f64::from(self.per_minute) / 60.0
    }

    /// The bucket size in tokens.
    pub fn size(self) -> f64 {
        f64::from(self.burst.max(1))
    }
}

/// Whom a request counts against: the client (an IPv4 address, or an IPv6 /64) and,
/// for IPv6, its site (the /48).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientKeys {
    /// The address, or the /64.
    pub client: IpAddr,
    /// The /48 of an IPv6 client.
    pub site: Option<IpAddr>,
}

impl ClientKeys {
    /// The keys of `address` (IPv4-mapped IPv6 counts as IPv4).
    pub fn of(address: IpAddr) -> ClientKeys {
        match address.to_canonical() {
            IpAddr::V4(v4) => ClientKeys {
                client: IpAddr::V4(v4),
                site: None,
            },
            v6 => ClientKeys {
                client: mask(v6, 64),
                site: Some(mask(v6, 48)),
            },
        }
    }

    /// The client's key as text (`192.0.2.1`, `2001:db8:1:2::/64`), for logs and
    /// Redis keys.
    pub fn client_text(&self) -> String {
        match self.client {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("{v6}/64"),
        }
    }

    /// The site's key as text (`2001:db8:1::/48`).
    pub fn site_text(&self) -> Option<String> {
        self.site.map(|site| format!("{site}/48"))
    }
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Buckets by key, forgetting the least recently used beyond their capacity.
#[derive(Debug)]
struct LruBuckets(Lru<IpAddr, Bucket>);

impl LruBuckets {
    fn new(capacity: usize) -> LruBuckets {
        LruBuckets(Lru::new(capacity))
    }

    /// The tokens `key` has at `now` (a full bucket when unknown).
    fn level(&self, key: IpAddr, limit: RateLimit, now: Instant) -> f64 {
        self.0
            .get(&key)
            .map_or(limit.size(), |bucket| refilled(bucket, limit, now))
    }

    /// Stores `tokens` for `key` as of `now` and marks it used.
    fn store(&mut self, key: IpAddr, tokens: f64, now: Instant) {
        self.0.insert(
            key,
            Bucket {
                tokens,
                updated: now,
            },
        );
    }

    /// Marks `key` used (when known) without changing its tokens.
    fn touch(&mut self, key: IpAddr) {
        self.0.touch(&key);
    }
}

/// The buckets of every client and every IPv6 site.
#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    tables: Mutex<Tables>,
}

#[derive(Debug)]
struct Tables {
    clients: LruBuckets,
    sites: LruBuckets,
}

impl RateLimiter {
    /// A limiter for `limit`.
    pub fn new(limit: RateLimit) -> RateLimiter {
        RateLimiter::with_capacity(limit, MAX_CLIENTS)
    }

    fn with_capacity(limit: RateLimit, capacity: usize) -> RateLimiter {
        RateLimiter {
            limit,
            tables: Mutex::new(Tables {
                clients: LruBuckets::new(capacity),
                sites: LruBuckets::new(capacity),
            }),
        }
    }

    /// The limit it enforces.
    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Takes `cost` tokens from `client`'s bucket (and its site's) at `now`, or says
    /// how many whole seconds until it could. Nothing is taken unless both have enough.
    pub fn take(&self, client: IpAddr, cost: u32, now: Instant) -> Result<(), u64> {
        if self.limit.per_minute == 0 {
            return Ok(());
        }
        let keys = ClientKeys::of(client);
        let site_limit = self.limit.for_site();
        let cost = self.capped(cost);
        let mut tables = self.tables();
        let client_level = tables.clients.level(keys.client, self.limit, now);
        let site_level = keys
            .site
            .map(|site| tables.sites.level(site, site_limit, now));
        let mut wait: f64 = 0.0;
        if client_level < cost {
            wait = wait.max((cost - client_level) / self.limit.rate());
        }
        if let Some(level) = site_level.filter(|level| *level < cost) {
            wait = wait.max((cost - level) / site_limit.rate());
        }
        if wait > 0.0 {
            // Known keys stay recent while refused (a client hammering away is not
            // the one to forget); unknown ones are not added: their bucket is full.
            tables.clients.touch(keys.client);
            if let Some(site) = keys.site {
                tables.sites.touch(site);
            }
            return Err((wait.ceil() as u64).max(1));
        }
        tables.clients.store(keys.client, client_level - cost, now);
        if let (Some(site), Some(level)) = (keys.site, site_level) {
            tables.sites.store(site, level - cost, now);
        }
        Ok(())
    }

    /// Takes `cost` from `client`'s buckets (and its site's) at `now` whatever they
    /// hold, emptying them at worst: what the shared limit (Redis) has just allowed.
    /// So this instance's buckets hold no more than its own requests left, and a
    /// fallback to them while Redis cannot be asked is no fresh start for a client
    /// that has spent its share (issue 18's flood bench: 243 req/s through a limit of
    /// 200, when requests that waited too long for a Redis connection found these
    /// buckets full).
    pub fn charge(&self, client: IpAddr, cost: u32, now: Instant) {
        if self.limit.per_minute == 0 {
            return;
        }
        let keys = ClientKeys::of(client);
        let site_limit = self.limit.for_site();
        let cost = self.capped(cost);
        let mut tables = self.tables();
        let level = tables.clients.level(keys.client, self.limit, now);
        tables
            .clients
            .store(keys.client, (level - cost).max(0.0), now);
        if let Some(site) = keys.site {
            let level = tables.sites.level(site, site_limit, now);
            tables.sites.store(site, (level - cost).max(0.0), now);
        }
    }

    /// A request dearer than the whole bucket could never pass: its cost is capped.
    fn capped(&self, cost: u32) -> f64 {
        f64::from(cost).min(self.limit.size())
    }

    fn tables(&self) -> std::sync::MutexGuard<'_, Tables> {
        self.tables
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Clients tracked now.
    pub fn clients(&self) -> usize {
        self.tables
            .lock()
            .map_or(0, |tables| tables.clients.0.len())
    }
}

fn refilled(bucket: &Bucket, limit: RateLimit, now: Instant) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    (bucket.tokens + elapsed * limit.rate()).min(limit.size())
}

/// What a request costs: a policy fetch is an HTTPS connection and a few lookups.
fn cost(path: &str) -> u32 {
    match path {
        "/api/survey" => SURVEY_COST,
        "/api/mta-sts-policy" => 5,
        "/api/monitor" => MONITOR_COST,
        // A probe opens SMTP sessions and fetches the policy: as dear as a survey.
        "/api/probe" | crate::probe_api::ADDRESSES_PATH => SURVEY_COST,
        _ => 1,
    }
}

/// Middleware for the API and DoH routes: decides who the client is (`client_addr`),
/// leaves it in the request for the handlers (`ClientAddr`), and takes the request's
/// cost from the shared buckets (`--redis-url`) or, without Redis, the local ones.
/// Without connection info (a router driven in-process by tests) every request
/// counts as one client, 0.0.0.0.
pub async fn limit(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let client = client_addr(
        request.extensions().get::<ConnectInfo<SocketAddr>>(),
        request.headers(),
        &state.config.trusted_proxies,
    );
    request.extensions_mut().insert(ClientAddr(client));
    let cost = cost(request.uri().path());
    match crate::shared_limits::take(&state, client, cost).await {
        Ok(()) => next.run(request).await,
        Err(retry_after) => {
            tracing::info!(%client, retry_after, "rate limited");
            AppError::TooManyRequests { retry_after }.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;
    use std::time::Duration;

    const PER_MINUTE_60: RateLimit = RateLimit {
        per_minute: 60,
        burst: 5,
    };

    #[test]
    fn a_burst_passes_then_the_client_waits_for_refill() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let client = IpAddr::from([192, 0, 2, 1]);
        let start = Instant::now();
        for _ in 0..5 {
            assert_eq!(limiter.take(client, 1, start), Ok(()));
        }
        assert_eq!(limiter.take(client, 1, start), Err(1));
        // One token a second.
        assert_eq!(
            limiter.take(client, 1, start + Duration::from_secs(1)),
            Ok(())
        );
        assert_eq!(
            limiter.take(client, 3, start + Duration::from_secs(1)),
            Err(3)
        );
        // Other clients have their own bucket.
        assert_eq!(limiter.take(IpAddr::from([192, 0, 2, 2]), 1, start), Ok(()));
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let start = Instant::now();
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:2::ffff".parse().unwrap();
        let elsewhere: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(limiter.take(one, 5, start), Ok(()));
        assert!(limiter.take(other, 1, start).is_err());
        assert_eq!(limiter.take(elsewhere, 1, start), Ok(()));
    }

    #[test]
    fn a_cost_above_the_burst_is_capped_not_refused_forever() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let client = IpAddr::from([192, 0, 2, 1]);
        assert_eq!(limiter.take(client, SURVEY_COST, Instant::now()), Ok(()));
    }

    #[test]
    fn zero_disables() {
        let limiter = RateLimiter::new(RateLimit {
            per_minute: 0,
            burst: 0,
        });
        let client = IpAddr::from([192, 0, 2, 1]);
        for _ in 0..10_000 {
            assert_eq!(limiter.take(client, 50, Instant::now()), Ok(()));
        }
        assert_eq!(limiter.clients(), 0);
    }

    #[test]
    fn the_table_stays_bounded() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let start = Instant::now();
        for n in 0..(MAX_CLIENTS as u32 + 10) {
            let _ = limiter.take(IpAddr::from(n.to_be_bytes()), 1, start);
        }
        assert_eq!(limiter.clients(), MAX_CLIENTS);
    }

    /// Issue 18 item 4: the table used to be cleared when full, which gave every
    /// client, the one over its limit included, a new budget.
    #[test]
    fn a_full_table_forgets_the_least_recently_used_not_the_limited_client() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let start = Instant::now();
        let abuser = IpAddr::from([198, 51, 100, 1]);
        while limiter.take(abuser, 1, start).is_ok() {}
        // Twice the table's size in distinct sources, while the abuser keeps asking.
        for n in 0..(2 * MAX_CLIENTS as u32) {
            let source = IpAddr::from((0x0a00_0000 + n).to_be_bytes());
            assert_eq!(limiter.take(source, 1, start), Ok(()));
            if n % 1_000 == 0 {
                assert!(
                    limiter.take(abuser, 1, start).is_err(),
                    "still limited after {n} other sources"
                );
            }
        }
        assert!(limiter.take(abuser, 1, start).is_err());
        assert_eq!(limiter.clients(), MAX_CLIENTS);
        // The first sources were the least recently used: forgotten, so full again.
        let first = IpAddr::from([10, 0, 0, 1]);
        for _ in 0..5 {
            assert_eq!(limiter.take(first, 1, start), Ok(()));
        }
    }

    #[test]
    fn least_recently_used_goes_first() {
        let limiter = RateLimiter::with_capacity(PER_MINUTE_60, 3);
        let start = Instant::now();
        let [a, b, c, d] = [1, 2, 3, 4].map(|n| IpAddr::from([192, 0, 2, n]));
        for client in [a, b, c] {
            for _ in 0..5 {
                assert_eq!(limiter.take(client, 1, start), Ok(()));
            }
        }
        // `a` asks again (refused, but recent); `d` arrives: `b` is forgotten.
        assert!(limiter.take(a, 1, start).is_err());
        assert_eq!(limiter.take(d, 1, start), Ok(()));
        assert!(limiter.take(a, 1, start).is_err(), "a kept");
        assert!(limiter.take(c, 1, start).is_err(), "c kept");
        assert_eq!(limiter.take(b, 1, start), Ok(()), "b forgotten: full again");
    }

    #[test]
    fn a_48_shares_one_site_budget() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let start = Instant::now();
        let in_site = |n: u16| IpAddr::from(Ipv6Addr::new(0x2001, 0xdb8, 7, n, 0, 0, 0, 1));
        // SITE_SHARE /64s spend their whole burst; the site's bucket is then empty.
        for n in 0..SITE_SHARE as u16 {
            assert_eq!(limiter.take(in_site(n), 5, start), Ok(()), "/64 {n}");
        }
        let clients = limiter.clients();
        for n in SITE_SHARE as u16..2_000 {
            assert!(limiter.take(in_site(n), 1, start).is_err(), "/64 {n}");
        }
        assert_eq!(limiter.clients(), clients, "refused /64s are not stored");
        // Another /48 is not affected.
        let elsewhere = IpAddr::from(Ipv6Addr::new(0x2001, 0xdb8, 8, 0, 0, 0, 0, 1));
        assert_eq!(limiter.take(elsewhere, 5, start), Ok(()));
        // The site refills at SITE_SHARE tokens a second.
        let later = start + Duration::from_secs(1);
        assert_eq!(limiter.take(in_site(4_000), 5, later), Ok(()));
    }

    #[test]
    fn a_charge_keeps_the_buckets_in_step_and_never_below_empty() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let start = Instant::now();
        let client = IpAddr::from([192, 0, 2, 1]);
        for _ in 0..5 {
            limiter.charge(client, 1, start);
        }
        assert_eq!(limiter.take(client, 1, start), Err(1), "spent elsewhere");
        // Charged past empty: still one second for one token, not more.
        limiter.charge(client, 3, start);
        assert_eq!(
            limiter.take(client, 1, start + Duration::from_secs(1)),
            Ok(())
        );
        // The site is charged too.
        let in_site = |n: u16| IpAddr::from(Ipv6Addr::new(0x2001, 0xdb8, 7, n, 0, 0, 0, 1));
        for n in 0..SITE_SHARE as u16 {
            limiter.charge(in_site(n), 5, start);
        }
        assert!(limiter.take(in_site(999), 1, start).is_err());
    }

    #[test]
    fn mapped_ipv4_is_the_same_client() {
        let limiter = RateLimiter::new(PER_MINUTE_60);
        let start = Instant::now();
        assert_eq!(limiter.take(IpAddr::from([192, 0, 2, 9]), 5, start), Ok(()));
        let mapped: IpAddr = "::ffff:192.0.2.9".parse().unwrap();
        assert!(limiter.take(mapped, 1, start).is_err());
    }
}
