//! The limits every instance shares through Redis (`--redis-url`): the rate-limit
//! buckets and the per-client counts of streamed surveys. Each take is one Lua script,
//! so it is atomic across instances, and it uses Redis's clock (`TIME`), so instances
//! whose clocks differ still agree. Every key expires: a bucket when it would be full
//! again (a missing bucket is a full one), a slot set when its last slot's survey
//! would have ended; a slot left behind by an instance that died is dropped at its
//! deadline.
//!
//! **Invariant:** Redis never decides alone whether the server answers. When it
//! cannot be asked (`Redis` returns None), the local limiter of this instance decides,
//! as it would without `--redis-url`, from buckets charged with everything Redis let
//! through here. Redis is not asked about a client it refused less than the wait it
//! gave ago (`shared_refusals`).

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::AppState;
use crate::rate_limit::{ClientKeys, RateLimit};
use crate::redis::{Redis, Script};

/// Every key starts with this.
const PREFIX: &str = "mailmove:";

/// The token bucket of `rate_limit`, for one client key and optionally its site.
/// Returns 0 when the cost was taken from every bucket, else the milliseconds to wait
/// (and takes nothing): to the millisecond, so `shared_refusals` can remember it.
static TAKE: Script = Script::new(
    r"
-- KEYS: the buckets (client, then its /48 when there is one).
-- ARGV[1]: the cost; then per key: tokens per millisecond, bucket size.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local cost = tonumber(ARGV[1])
local levels = {}
local wait = 0
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i])
  local size = tonumber(ARGV[2 * i + 1])
  local saved = redis.call('HMGET', key, 'tokens', 'at')
  local level = size
  if saved[1] and saved[2] then
    level = math.min(size, tonumber(saved[1]) + math.max(0, now - tonumber(saved[2])) * rate)
  end
  levels[i] = level
  if level < cost then
    wait = math.max(wait, math.ceil((cost - level) / rate))
  end
end
if wait > 0 then
  return wait
end
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[2 * i])
  local size = tonumber(ARGV[2 * i + 1])
  local left = levels[i] - cost
  redis.call('HSET', key, 'tokens', tostring(left), 'at', tostring(now))
  -- Full again after this long; a missing bucket is a full one.
  redis.call('PEXPIRE', key, math.ceil((size - left) / rate) + 1000)
end
return 0
",
);

/// A streamed-survey slot: admitted only when every set (client, then site) holds
/// fewer live slots than its cap. Returns 1 when taken, 0 when refused.
static ACQUIRE: Script = Script::new(
    r"
-- KEYS: the slot sets (client, then its /48 when there is one).
-- ARGV[1]: the slot's id; ARGV[2]: how long it may live (ms); then each key's cap.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local hold = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if redis.call('ZCARD', key) >= tonumber(ARGV[2 + i]) then
    return 0
  end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + hold, ARGV[1])
  redis.call('PEXPIRE', key, hold)
end
return 1
",
);

/// Takes `cost` from `client`'s buckets: Redis's when configured and reachable, else
/// this instance's. `Err` is the whole seconds to wait (`Retry-After`).
///
/// With Redis: a client Redis has just refused is refused again here without asking
/// (`shared_refusals`); what Redis allows is also taken from this instance's buckets
/// (`RateLimiter::charge`), so that when Redis cannot be asked (unreachable, or every
/// pooled connection busy for `REDIS_TIMEOUT`) the local limiter decides from what
/// this instance has let the client spend, not from a full bucket.
pub async fn take(state: &AppState, client: IpAddr, cost: u32) -> Result<(), u64> {
    let limit = state.limiter.limit();
    if limit.per_minute == 0 {
        return Ok(());
    }
    let Some(redis) = &state.redis else {
        return state.limiter.take(client, cost, Instant::now());
    };
    let keys = ClientKeys::of(client);
    let asked = Instant::now();
    if let Some(wait) = state.shared_refusals.refusal(keys.client, cost, asked) {
        return Err(whole_seconds(wait));
    }
    match take_shared(redis, limit, keys, cost).await {
        Some(Ok(())) => {
            state.limiter.charge(client, cost, Instant::now());
            Ok(())
        }
        Some(Err(wait)) => {
            state
                .shared_refusals
                .remember(keys.client, cost, asked, wait);
            Err(whole_seconds(wait))
        }
        None => state.limiter.take(client, cost, Instant::now()),
    }
}

/// `Retry-After`: whole seconds, at least one.
fn whole_seconds(wait: Duration) -> u64 {
    u64::try_from(wait.as_millis().div_ceil(1000))
        .unwrap_or(u64::MAX)
        .max(1)
}

/// The bucket script for `keys`: `Err` is the wait Redis gave; None when Redis could
/// not be asked.
pub async fn take_shared(
    redis: &Redis,
    limit: RateLimit,
    keys: ClientKeys,
    cost: u32,
) -> Option<Result<(), Duration>> {
    let site_limit = limit.for_site();
    // As locally: a request dearer than the whole bucket is capped, not refused forever.
    let cost = f64::from(cost).min(limit.size());
    let per_ms = |limit: RateLimit| (limit.rate() / 1000.0).to_string();
    let mut redis_keys = vec![format!("{PREFIX}rate:{}", keys.client_text())];
    let mut args = vec![cost.to_string(), per_ms(limit), limit.size().to_string()];
    if let Some(site) = keys.site_text() {
        redis_keys.push(format!("{PREFIX}rate-site:{site}"));
        args.extend([per_ms(site_limit), site_limit.size().to_string()]);
    }
    let wait = redis.eval(&TAKE, &redis_keys, &args).await?;
    Some(match u64::try_from(wait) {
        Ok(0) => Ok(()),
        Ok(wait) => Err(Duration::from_millis(wait)),
        // A negative answer cannot come from the script; refuse for a second.
        Err(_) => Err(Duration::from_secs(1)),
    })
}

/// A streamed-survey slot held in Redis; released with `release`.
#[derive(Debug)]
pub struct SharedSlot {
    keys: Vec<String>,
    id: String,
}

/// Takes a slot for `keys` in Redis: `Some(Some(slot))` when taken, `Some(None)` when
/// the client (or its site) already holds its share everywhere, None when Redis could
/// not be asked.
pub async fn acquire_slot(
    redis: &Redis,
    keys: ClientKeys,
    caps: (usize, usize),
    hold: Duration,
) -> Option<Option<SharedSlot>> {
    let mut redis_keys = vec![format!("{PREFIX}slots:{}", keys.client_text())];
    let mut caps_args = vec![caps.0.to_string()];
    if let Some(site) = keys.site_text() {
        redis_keys.push(format!("{PREFIX}slots-site:{site}"));
        caps_args.push(caps.1.to_string());
    }
    let id = slot_id();
    let mut args = vec![id.clone(), hold.as_millis().to_string()];
    args.extend(caps_args);
    let taken = redis.eval(&ACQUIRE, &redis_keys, &args).await?;
    Some((taken == 1).then_some(SharedSlot {
        keys: redis_keys,
        id,
    }))
}

/// Gives the slot back (best effort: a slot Redis does not hear about ends at its
/// deadline).
pub async fn release_slot(redis: &Redis, slot: SharedSlot) {
    for key in &slot.keys {
        if redis.zrem(key, &slot.id).await.is_none() {
            return;
        }
    }
}

/// An id no other slot of any instance has: the process, the time it started, a
/// counter.
fn slot_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static STARTED: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    let started = STARTED.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos())
    });
    format!(
        "{}-{started}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{Dns, Upstream};
    use crate::redis::RedisState;
    use crate::{AppState, ServerConfig};
    use mailmove_testkit::redis::RedisServer;

    fn state(redis_url: &str, limit: RateLimit) -> AppState {
        AppState::new(
            // Port 9 (discard) on loopback: nothing here asks DNS.
            Dns::new(&Upstream::Nameserver(([127, 0, 0, 1], 9).into())).expect("resolver"),
            None,
            mailmove_core::NamePolicy::allowing(["test"]),
            ServerConfig {
                rate_limit: limit,
                redis_url: Some(redis_url.parse().expect("URL")),
                ..ServerConfig::default()
            },
        )
    }

    /// Issue 18's flood bench: a request that waited `REDIS_TIMEOUT` for a pooled
    /// connection was decided by the local buckets, which Redis's decisions had never
    /// touched: full, so a client that had spent its share in Redis passed.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_client_that_spent_its_share_in_redis_is_not_let_through_while_the_pool_is_busy() {
        if !RedisServer::available() {
            assert!(!mailmove_testkit::required("MAILMOVE_REQUIRE_REDIS"));
            eprintln!("skipped: redis-server is not installed");
            return;
        }
        let server = RedisServer::start().expect("redis-server");
        let limit = RateLimit {
            per_minute: 1,
            burst: 3,
        };
        let state = state(&server.url(), limit);
        let client = IpAddr::from([192, 0, 2, 1]);
        for _ in 0..3 {
            assert_eq!(take(&state, client, 1).await, Ok(()));
        }
        let redis = state.redis.clone().expect("configured");
        assert_eq!(redis.state(), RedisState::Connected);
        let held = redis.hold_every_connection().await;
        assert!(
            take(&state, client, 1).await.is_err(),
            "decided locally, charged"
        );
        // Another client still has its share: the local limiter decides, it does not
        // refuse everybody.
        assert_eq!(take(&state, IpAddr::from([192, 0, 2, 2]), 1).await, Ok(()));
        drop(held);
        assert_eq!(
            redis.state(),
            RedisState::Connected,
            "a busy pool is not Redis failing"
        );
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up() {
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_millis(1_000)), 1);
        assert_eq!(whole_seconds(Duration::from_millis(1_001)), 2);
        assert_eq!(whole_seconds(Duration::ZERO), 1);
    }
}
