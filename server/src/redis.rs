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

use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

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

/// Where Redis is: `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]`.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl {
    host: String,
    port: u16,
    user: Option<String>,
    password: Option<String>,
    db: Option<u32>,
}

/// A `--redis-url` that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("--redis-url: {reason}: {input} (expected redis://HOST:PORT)")]
pub struct RedisUrlError {
    /// What was given (without the password).
    pub input: String,
    /// What is wrong.
    pub reason: &'static str,
}

impl std::str::FromStr for RedisUrl {
    type Err = RedisUrlError;

    fn from_str(input: &str) -> Result<RedisUrl, RedisUrlError> {
        let error = |reason| RedisUrlError {
            input: input
                .rsplit_once('@')
                .map_or(input.to_owned(), |(_, host)| format!("redis://…@{host}")),
            reason,
        };
        if input.starts_with("rediss://") || input.starts_with("unix:") {
            return Err(error("only plain TCP (redis://) is supported"));
        }
        let Some(rest) = input.strip_prefix("redis://") else {
            return Err(error("not a redis:// URL"));
        };
        let (authority, db) = match rest.split_once('/') {
            Some((authority, "")) => (authority, None),
            Some((authority, db)) => (
                authority,
                Some(
                    db.parse::<u32>()
                        .map_err(|_| error("bad database number"))?,
                ),
            ),
            None => (rest, None),
        };
        let (credentials, host_port) = match authority.rsplit_once('@') {
            Some((credentials, host_port)) => (Some(credentials), host_port),
            None => (None, authority),
        };
        let (user, password) = match credentials {
            Some(credentials) => match credentials.split_once(':') {
                Some((user, password)) => (
                    (!user.is_empty()).then(|| user.to_owned()),
                    Some(password.to_owned()),
                ),
                None => return Err(error("credentials are USER:PASSWORD or :PASSWORD")),
            },
            None => (None, None),
        };
        let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| error("unclosed ["))?;
            (host, after.strip_prefix(':'))
        } else {
            match host_port.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (host_port, None),
            }
        };
        let port = match port {
            Some(port) => port.parse().map_err(|_| error("bad port"))?,
            None => 6379,
        };
        if host.is_empty() || host.contains(['/', '?', '#', ' ']) {
            return Err(error("bad host"));
        }
        Ok(RedisUrl {
            host: host.to_owned(),
            port,
            user,
            password,
            db,
        })
    }
}

impl std::fmt::Debug for RedisUrl {
    /// Without the password: the configuration is logged.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redis://")?;
        if self.password.is_some() {
            write!(f, "…@")?;
        }
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)?;
        } else {
            write!(f, "{}:{}", self.host, self.port)?;
        }
        match self.db {
            Some(db) => write!(f, "/{db}"),
            None => Ok(()),
        }
    }
}

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

/// One Redis reply (RESP2), arrays left out: no command we send returns one.
#[derive(Debug, PartialEq, Eq)]
enum Reply {
    Simple(String),
    Integer(i64),
    Bulk(Option<Vec<u8>>),
    Error(String),
}

/// One connection; `in_flight` is set while a command waits for its reply, so a call
/// cut off by the timeout leaves a connection that is thrown away, not reused with
/// someone else's reply in it.
struct Connection {
    stream: BufReader<TcpStream>,
    in_flight: bool,
}

impl Connection {
    async fn open(url: &RedisUrl) -> Result<Connection, RedisError> {
        let stream = TcpStream::connect((url.host.as_str(), url.port)).await?;
        stream.set_nodelay(true)?;
        let mut connection = Connection {
            stream: BufReader::new(stream),
            in_flight: false,
        };
        if let Some(password) = &url.password {
            let mut args = vec![b"AUTH".as_slice()];
            if let Some(user) = &url.user {
                args.push(user.as_bytes());
            }
            args.push(password.as_bytes());
            connection.expect_ok(&args).await?;
        }
        if let Some(db) = url.db {
            connection
                .expect_ok(&[b"SELECT", db.to_string().as_bytes()])
                .await?;
        }
        Ok(connection)
    }

    async fn run(&mut self, op: &Op<'_>) -> Result<i64, RedisError> {
        let reply = match op {
            Op::Ping => self.command(&[b"PING"]).await?,
            Op::Eval { script, keys, args } => return self.eval(script, keys, args).await,
            Op::Zrem { key, member } => {
                self.command(&[b"ZREM", key.as_bytes(), member.as_bytes()])
                    .await?
            }
        };
        match reply {
            Reply::Integer(value) => Ok(value),
            Reply::Simple(_) => Ok(0),
            Reply::Error(message) => Err(RedisError::Server(message)),
            Reply::Bulk(_) => Err(RedisError::Protocol("unexpected string")),
        }
    }

    async fn expect_ok(&mut self, args: &[&[u8]]) -> Result<(), RedisError> {
        match self.command(args).await? {
            Reply::Simple(_) => Ok(()),
            Reply::Error(message) => Err(RedisError::Server(message)),
            _ => Err(RedisError::Protocol("expected +OK")),
        }
    }

    async fn command(&mut self, args: &[&[u8]]) -> Result<Reply, RedisError> {
        self.in_flight = true;
        let mut request = format!("*{}\r\n", args.len()).into_bytes();
        for arg in args {
            request.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
            request.extend_from_slice(arg);
            request.extend_from_slice(b"\r\n");
        }
        self.stream.get_mut().write_all(&request).await?;
        let reply = self.read_reply().await?;
        self.in_flight = false;
        Ok(reply)
    }

    async fn read_line(&mut self) -> Result<String, RedisError> {
        let mut line = Vec::new();
        (&mut self.stream)
            .take(MAX_REPLY as u64)
            .read_until(b'\n', &mut line)
            .await?;
        let line = line
            .strip_suffix(b"\r\n")
            .ok_or(RedisError::Protocol("line without CRLF (or too long)"))?;
        String::from_utf8(line.to_vec()).map_err(|_| RedisError::Protocol("line not UTF-8"))
    }

    async fn read_reply(&mut self) -> Result<Reply, RedisError> {
        let line = self.read_line().await?;
        let (kind, rest) = line
            .split_at_checked(1)
            .ok_or(RedisError::Protocol("empty line"))?;
        match kind {
            "+" => Ok(Reply::Simple(rest.to_owned())),
            "-" => Ok(Reply::Error(rest.to_owned())),
            ":" => rest
                .parse()
                .map(Reply::Integer)
                .map_err(|_| RedisError::Protocol("bad integer")),
            "$" => {
                let length: i64 = rest
                    .parse()
                    .map_err(|_| RedisError::Protocol("bad length"))?;
                if length < 0 {
                    return Ok(Reply::Bulk(None));
                }
                let length = usize::try_from(length)
                    .ok()
                    .filter(|length| *length <= MAX_REPLY)
                    .ok_or(RedisError::Protocol("string too long"))?;
                let mut data = vec![0; length + 2];
                self.stream.read_exact(&mut data).await?;
                if !data.ends_with(b"\r\n") {
                    return Err(RedisError::Protocol("string without CRLF"));
                }
                data.truncate(length);
                Ok(Reply::Bulk(Some(data)))
            }
            _ => Err(RedisError::Protocol("unexpected reply type")),
        }
    }

    /// Runs `script`: by digest, loading it first if this process has not yet, and
    /// by its text when Redis has forgotten it (a restart, `SCRIPT FLUSH`).
    async fn eval(
        &mut self,
        script: &Script,
        keys: &[String],
        args: &[String],
    ) -> Result<i64, RedisError> {
        let digest = match script.digest.get() {
            Some(digest) => digest.clone(),
            None => match self
                .command(&[b"SCRIPT", b"LOAD", script.text.as_bytes()])
                .await?
            {
                Reply::Bulk(Some(digest)) => {
                    let digest = String::from_utf8(digest)
                        .map_err(|_| RedisError::Protocol("digest not UTF-8"))?;
                    script.digest.get_or_init(|| digest).clone()
                }
                Reply::Error(message) => return Err(RedisError::Server(message)),
                _ => return Err(RedisError::Protocol("SCRIPT LOAD gave no digest")),
            },
        };
        let key_count = keys.len().to_string();
        let tail = std::iter::once(key_count.as_bytes())
            .chain(keys.iter().map(String::as_bytes))
            .chain(args.iter().map(String::as_bytes));
        let by_digest: Vec<&[u8]> = [b"EVALSHA".as_slice(), digest.as_bytes()]
            .into_iter()
            .chain(tail.clone())
            .collect();
        let reply = match self.command(&by_digest).await? {
            Reply::Error(message) if message.starts_with("NOSCRIPT") => {
                let by_text: Vec<&[u8]> = [b"EVAL".as_slice(), script.text.as_bytes()]
                    .into_iter()
                    .chain(tail)
                    .collect();
                self.command(&by_text).await?
            }
            reply => reply,
        };
        match reply {
            Reply::Integer(value) => Ok(value),
            Reply::Error(message) => Err(RedisError::Server(message)),
            _ => Err(RedisError::Protocol("script did not return an integer")),
        }
    }
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
mod tests {
    use super::*;

    #[test]
    fn urls_parse_and_hide_the_password() {
        let url: RedisUrl = "redis://127.0.0.1:6380".parse().unwrap();
        assert_eq!(
            (url.host.as_str(), url.port, url.db),
            ("127.0.0.1", 6380, None)
        );
        let url: RedisUrl = "redis://cache.internal".parse().unwrap();
        assert_eq!((url.host.as_str(), url.port), ("cache.internal", 6379));
        let url: RedisUrl = "redis://:s3cret@[::1]:6390/2".parse().unwrap();
        assert_eq!(
            (url.host.as_str(), url.port, url.db, url.user.as_deref()),
            ("::1", 6390, Some(2), None)
        );
        assert_eq!(url.password.as_deref(), Some("s3cret"));
        assert_eq!(format!("{url:?}"), "redis://…@[::1]:6390/2");
        let url: RedisUrl = "redis://mailmove:pw@10.0.0.5/".parse().unwrap();
        assert_eq!(url.user.as_deref(), Some("mailmove"));
        for bad in [
            "127.0.0.1:6379",
            "http://127.0.0.1",
            "rediss://127.0.0.1",
            "redis://",
            "redis://host:notaport",
            "redis://host:70000",
            "redis://host/db",
            "redis://pw@host",
            "redis://[::1",
        ] {
            assert!(bad.parse::<RedisUrl>().is_err(), "{bad}");
        }
        let error = "redis://:s3cret@host:x".parse::<RedisUrl>().unwrap_err();
        assert!(!error.to_string().contains("s3cret"), "{error}");
    }

    #[tokio::test]
    async fn a_redis_that_never_answers_is_asked_once_per_retry_interval() {
        // Accepts connections and reads, never writes: a hung Redis.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
        let redis = Redis::new(format!("redis://127.0.0.1:{port}").parse().unwrap());
        assert_eq!(redis.check().await, RedisState::Unreachable);
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
        // Until the retry interval has passed, calls do not go to Redis at all.
        for _ in 0..100 {
            assert_eq!(redis.eval(&Script::new("return 1"), &[], &[]).await, None);
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
        assert!(!redis.worth_asking(Instant::now()));
        assert!(redis.worth_asking(Instant::now() + RETRY_INTERVAL));
    }

    #[tokio::test]
    async fn garbage_from_redis_is_an_error_not_a_hang() {
        use tokio::io::AsyncWriteExt as _;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let _ = stream.write_all(b"*1\r\n$999999999\r\nx").await;
            }
        });
        let redis = Redis::new(format!("redis://127.0.0.1:{port}").parse().unwrap());
        assert_eq!(redis.check().await, RedisState::Unreachable);
    }
}
