//! A small Redis client for the limits shared between instances (`shared_limits`):
//! RESP2 over a few pooled TCP connections, every call bounded by `REDIS_TIMEOUT`.
//!
//! Why by hand and not the `redis` crate: the server sends four commands (`AUTH`,
//! `SELECT`, `SCRIPT LOAD`, `EVALSHA`/`EVAL`, `ZREM`) and reads integers, strings and
//! errors back; that is a page of code, against a crate with a dozen dependencies
//! and its own connection manager whose retry behaviour we would have to bound anyway.
//!
//! Redis being down is not an error of the request: every call returns `None` then,
//! the caller falls back to its local limit, and the state moves to `Unreachable`
//! (logged once). While unreachable, one call per `RETRY_INTERVAL` tries again, so a
//! dead Redis costs the other requests nothing.

use std::sync::Mutex;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod connection;
mod url;

use connection::Connection;
pub use url::{RedisUrl, RedisUrlError};

/// Every Redis call (connecting, waiting for a pooled connection, the command) ends
/// within this; Redis on the same network answers in well under a millisecond.
pub const REDIS_TIMEOUT: Duration = Duration::from_millis(200);
/// While Redis is unreachable, one call this often tries again.
pub const RETRY_INTERVAL: Duration = Duration::from_secs(1);
/// Connections kept open; calls beyond these wait for one (within the timeout).
const POOL_SIZE: usize = 4;
/// The longest reply line or string accepted: our replies are integers and a
/// 40-character digest.
const MAX_REPLY: usize = 64 * 1024;

/// Whether the shared limits are in force (`/readyz`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedisState {
    /// No `--redis-url`: every instance limits on its own.
    Off,
    /// The last call reached Redis.
    Connected,
    /// The last call did not: this instance limits on its own until Redis is back.
    Unreachable,
}

impl RedisState {
    /// `off`, `connected` or `unreachable`.
    pub fn as_str(self) -> &'static str {
        match self {
            RedisState::Off => "off",
            RedisState::Connected => "connected",
            RedisState::Unreachable => "unreachable",
        }
    }
}

/// A Lua script, sent by digest (`EVALSHA`) once Redis knows it.
pub struct Script {
    text: &'static str,
    digest: OnceLock<String>,
}

impl Script {
    /// A script with this source.
    pub const fn new(text: &'static str) -> Script {
        Script {
            text,
            digest: OnceLock::new(),
        }
    }
}

/// What a call failed on (logged, then treated as "Redis unreachable").
#[derive(Debug, thiserror::Error)]
pub enum RedisError {
    /// Connecting, reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// No answer within `REDIS_TIMEOUT`.
    #[error("no answer within {} ms", REDIS_TIMEOUT.as_millis())]
    Timeout,
    /// Redis answered with an error.
    #[error("Redis said: {0}")]
    Server(String),
    /// An answer we do not understand.
    #[error("unexpected reply: {0}")]
    Protocol(&'static str),
}

/// What the state machine knows about Redis.
struct Health {
    state: RedisState,
    /// While unreachable: when the next call may try again.
    retry_at: Option<Instant>,
}

/// The shared Redis of a deployment.
pub struct Redis {
    url: RedisUrl,
    pool: [tokio::sync::Mutex<Option<Connection>>; POOL_SIZE],
    next: AtomicUsize,
    health: Mutex<Health>,
}

impl Redis {
    /// A client for `url`; nothing connects until the first call.
    pub fn new(url: RedisUrl) -> Redis {
        Redis {
            url,
            pool: std::array::from_fn(|_| tokio::sync::Mutex::new(None)),
            next: AtomicUsize::new(0),
            health: Mutex::new(Health {
                // Not yet known: the first call tries at once.
                state: RedisState::Unreachable,
                retry_at: None,
            }),
        }
    }

    /// Connected or unreachable, as of the last call.
    pub fn state(&self) -> RedisState {
        self.health().state
    }

    /// Asks Redis whether it is there (`PING`), unless it was found unreachable less
    /// than `RETRY_INTERVAL` ago; then says the state.
    pub async fn check(&self) -> RedisState {
        let _ = self.call(Op::Ping).await;
        self.state()
    }

    /// Runs `script` with `keys` and `args`; None when Redis could not be asked.
    pub async fn eval(&self, script: &Script, keys: &[String], args: &[String]) -> Option<i64> {
        self.call(Op::Eval { script, keys, args }).await
    }

    /// `ZREM key member` (best effort: None when Redis could not be asked).
    pub async fn zrem(&self, key: &str, member: &str) -> Option<i64> {
        self.call(Op::Zrem { key, member }).await
    }

    /// Holds every pooled connection until what it returns is dropped: a process so
    /// busy that a call waits `REDIS_TIMEOUT` for a connection, while Redis is fine.
    #[cfg(test)]
    pub(crate) async fn hold_every_connection(&self) -> impl Sized + '_ {
        let mut held = Vec::new();
        for slot in &self.pool {
            held.push(slot.lock().await);
        }
        held
    }

    fn health(&self) -> std::sync::MutexGuard<'_, Health> {
        self.health
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether this call should ask Redis: always when connected; when unreachable,
    /// only the first call after `retry_at`.
    fn worth_asking(&self, now: Instant) -> bool {
        let mut health = self.health();
        match (health.state, health.retry_at) {
            (RedisState::Connected, _) | (_, None) => true,
            (_, Some(retry_at)) if now >= retry_at => {
                health.retry_at = Some(now + RETRY_INTERVAL);
                true
            }
            _ => false,
        }
    }

    fn record(&self, outcome: Result<(), &RedisError>) {
        let mut health = self.health();
        match outcome {
            Ok(()) => {
                if health.state != RedisState::Connected {
                    tracing::info!(redis = ?self.url, "Redis connected: limits are shared");
                }
                health.state = RedisState::Connected;
                health.retry_at = None;
            }
            Err(error) => {
                if health.state != RedisState::Unreachable || health.retry_at.is_none() {
                    tracing::warn!(
                        redis = ?self.url, %error,
                        "Redis unreachable: limiting with this instance's own counts until it is back"
                    );
                }
                health.state = RedisState::Unreachable;
                health.retry_at = Some(Instant::now() + RETRY_INTERVAL);
            }
        }
    }

    async fn call(&self, op: Op<'_>) -> Option<i64> {
        if !self.worth_asking(Instant::now()) {
            return None;
        }
        let slot = &self.pool[self.next.fetch_add(1, Ordering::Relaxed) % POOL_SIZE];
        let reached = AtomicBool::new(false);
        let outcome = tokio::time::timeout(REDIS_TIMEOUT, async {
            let mut guard = slot.lock().await;
            reached.store(true, Ordering::Relaxed);
            if guard
                .as_ref()
                .is_some_and(|connection| connection.in_flight)
            {
                // A call before this one was cut off mid-reply.
                *guard = None;
            }
            let connection = match &mut *guard {
                Some(connection) => connection,
                empty => empty.insert(Connection::open(&self.url).await?),
            };
            let result = connection.run(&op).await;
            if let Err(RedisError::Io(_) | RedisError::Protocol(_)) = &result {
                *guard = None;
            }
            result
        })
        .await;
        let outcome = match outcome {
            Ok(outcome) => outcome,
            // Still waiting for a pooled connection: this process is busy, which says
            // nothing about Redis. This request is decided locally; the state stays.
            Err(_) if !reached.load(Ordering::Relaxed) => return None,
            Err(_) => Err(RedisError::Timeout),
        };
        self.record(outcome.as_ref().map(|_| ()));
        outcome.ok()
    }
}

impl std::fmt::Debug for Redis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redis({:?}, {})", self.url, self.state().as_str())
    }
}

/// What a call does.
enum Op<'a> {
    Ping,
    Eval {
        script: &'a Script,
        keys: &'a [String],
        args: &'a [String],
    },
    Zrem {
        key: &'a str,
        member: &'a str,
    },
}

#[cfg(test)]
mod tests;
