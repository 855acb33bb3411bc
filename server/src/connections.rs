//! The connections the server holds, and how long: every limit that applies before a
//! request reaches the router (`bounds` takes over from there).
//!
//! - **Header read:** a client has `header_read_timeout` from the moment the server
//!   waits for a request head (a new connection, or the end of the previous response
//!   on a kept-alive one) until the head is complete. This closes an idle connection,
//!   an idle keep-alive connection and one that trickles a header byte at a time.
//! - **Idle:** a connection on which no octet moves either way for `idle_timeout` is
//!   closed, whatever HTTP is doing: a client that stops reading a response (the
//!   server cannot write) holds nothing for long. It is longer than the request
//!   timeout and the streamed survey's deadline, so an answer being worked on or sent
//!   is never cut.
//! - **Cap:** at most `max_connections` are open. At the cap, a new connection closes
//!   the one that has been quiet longest among those without a request in flight, so
//!   a flood of idle connections cannot lock out `/healthz` or anyone else; when every
//!   connection has a request in flight, accepting waits until one ends (the kernel's
//!   backlog holds the newcomers) instead of closing work in progress. Accepting and
//!   closing the newcomer would have refused exactly the probe the cap is for.
//!
//! HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a reverse proxy in front
//! terminates, and clear-text HTTP/2 (h2c) has no header read timeout in hyper: it
//! would be a way around the first limit.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt as _;

/// A client has this long to send a complete request head, counted from the moment
/// the server waits for one (so also the longest a kept-alive connection stays idle).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection on which nothing moves for this long is closed. Longer than
/// `REQUEST_TIMEOUT` (20 s) and the survey's 15 s, so no answer is cut.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections at once when the open-file limit allows it.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;
/// Connections are at most this share of the open-file limit: the rest is for the
/// resolver's sockets, MTA-STS fetches, the front end's files and the log.
const CONNECTION_SHARE_OF_FILES: u64 = 2;
/// A cap below this would make the server useless; a limit this low is a broken host.
const MIN_MAX_CONNECTIONS: usize = 16;

/// How many connections the server holds, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// See `HEADER_READ_TIMEOUT`.
    pub header_read_timeout: Duration,
    /// See `IDLE_TIMEOUT`.
    pub idle_timeout: Duration,
    /// Connections open at once (see the module docs for what happens at the cap).
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// The connection cap an open-file limit affords: half the limit, at most
/// `DEFAULT_MAX_CONNECTIONS`. With 1,024 files that is 512 connections, so a flood of
/// connections can no longer take the files the server needs to answer.
pub fn max_connections_for(open_files: u64) -> usize {
    let share = usize::try_from(open_files / CONNECTION_SHARE_OF_FILES).unwrap_or(usize::MAX);
    share.clamp(MIN_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS)
}

/// Raises this process's open-file limit (`RLIMIT_NOFILE`) to its hard limit and
/// returns the limit now in force. Distributions start services at 1,024 soft files
/// (with a far higher hard limit), which 1,100 idle connections used up.
#[cfg(unix)]
pub fn raise_open_file_limit() -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let Some(hard) = limit.maximum else {
        // No hard limit: keep the soft one rather than ask for "unlimited", which Linux
        // refuses for files.
        return limit.current.unwrap_or(u64::MAX);
    };
    if limit.current == Some(hard) {
        return hard;
    }
    match setrlimit(
        Resource::Nofile,
        Rlimit {
            current: Some(hard),
            maximum: Some(hard),
        },
    ) {
        Ok(()) => hard,
        Err(error) => {
            let current = limit.current.unwrap_or(hard);
            tracing::warn!(%error, current, hard, "cannot raise the open-file limit");
            current
        }
    }
}

/// No such limit to raise.
#[cfg(not(unix))]
pub fn raise_open_file_limit() -> u64 {
    DEFAULT_MAX_CONNECTIONS as u64 * CONNECTION_SHARE_OF_FILES
}

/// What the connection layer counts, for `/metrics`.
#[derive(Debug, Default)]
pub struct ConnectionStats {
    /// Connections open now.
    pub open: AtomicUsize,
    /// Connections accepted since start.
    pub accepted: AtomicU64,
    /// Connections closed to make room at the cap.
    pub evicted: AtomicU64,
    /// Connections closed because nothing moved for `idle_timeout`.
    pub idle_closed: AtomicU64,
}

/// One open connection, as the accept loop sees it.
#[derive(Debug)]
struct Tracked {
    /// Requests whose response has not been sent to the end.
    in_flight: AtomicUsize,
    /// When an octet last moved, in milliseconds since the server started.
    last_activity_ms: AtomicU64,
    /// Told to close (the cap needs room).
    evict: Notify,
}

/// Every open connection, to pick one to close at the cap.
struct Registry {
    started: Instant,
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Tracked>>>,
}

impl Registry {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn add(&self) -> (u64, Arc<Tracked>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let tracked = Arc::new(Tracked {
            in_flight: AtomicUsize::new(0),
            last_activity_ms: AtomicU64::new(self.now_ms()),
            evict: Notify::new(),
        });
        self.lock().insert(id, tracked.clone());
        (id, tracked)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Tells the connection quiet longest, among those without a request in flight, to
    /// close. False when every connection is at work.
    fn evict_one(&self) -> bool {
        let open = self.lock();
        let quietest = open
            .values()
            .filter(|tracked| tracked.in_flight.load(Ordering::Acquire) == 0)
            .min_by_key(|tracked| tracked.last_activity_ms.load(Ordering::Relaxed));
        match quietest {
            Some(tracked) => {
                // `notify_one` keeps the wake-up if the task is not waiting right now.
                tracked.evict.notify_one();
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Tracked>>> {
        // A panic while holding the lock leaves a map that is still consistent.
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes, then
/// stops accepting, lets requests in flight finish and returns when every
/// connection has closed.
pub async fn serve_connections(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    stats: Arc<ConnectionStats>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let max = limits.max_connections.max(1);
    let slots = Arc::new(Semaphore::new(max));
    let registry = Arc::new(Registry {
        started: Instant::now(),
        next_id: AtomicU64::new(0),
        open: Mutex::new(HashMap::new()),
    });
    let (stop_sender, stop) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of files or a connection reset before it was accepted: the
                    // listener itself is fine. Wait a moment rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // Room is made only for a client that is there: the newcomer is held (one
        // file beyond the cap) while the quietest idle connection closes, or until any
        // connection ends; the next newcomers wait in the kernel's backlog meanwhile.
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = take_slot(&slots, &registry, &stats) => slot,
        };
        stats.accepted.fetch_add(1, Ordering::Relaxed);
        stats.open.fetch_add(1, Ordering::Relaxed);
        let (id, tracked) = registry.add();
        let connection = Connection {
            router: router.clone(),
            limits,
            stats: stats.clone(),
            registry: registry.clone(),
            tracked,
            stop: stop.clone(),
        };
        tokio::spawn(async move {
            connection.run(stream, peer).await;
            connection.registry.remove(id);
            connection.stats.open.fetch_sub(1, Ordering::Relaxed);
            drop(slot);
        });
    }
    drop(listener);
    // Connections finish what they are doing and close; idle ones close at once.
    let _ = stop_sender.send(true);
    let _all_closed = slots.acquire_many(max as u32).await;
    Ok(())
}

/// A connection slot: at once when one is free; at the cap, after closing the
/// quietest idle connection, or when any connection ends.
async fn take_slot(
    slots: &Arc<Semaphore>,
    registry: &Registry,
    stats: &ConnectionStats,
) -> tokio::sync::OwnedSemaphorePermit {
    if let Ok(slot) = slots.clone().try_acquire_owned() {
        return slot;
    }
    if registry.evict_one() {
        stats.evicted.fetch_add(1, Ordering::Relaxed);
    } else {
        tracing::warn!("every connection has a request in flight: accepting paused");
    }
    slots
        .clone()
        .acquire_owned()
        .await
        .unwrap_or_else(|_| unreachable!("the semaphore is never closed"))
}

/// One accepted connection and what it needs.
struct Connection {
    router: Router,
    limits: ConnectionLimits,
    stats: Arc<ConnectionStats>,
    registry: Arc<Registry>,
    tracked: Arc<Tracked>,
    stop: watch::Receiver<bool>,
}

impl Connection {
    async fn run(&self, stream: TcpStream, peer: SocketAddr) {
        let io = Watched {
            inner: stream,
            tracked: self.tracked.clone(),
            registry: self.registry.clone(),
        };
        let router = self.router.clone();
        let tracked = self.tracked.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            // The rate limiter reads the client's address here, as with axum::serve.
            request.extensions_mut().insert(ConnectInfo(peer));
            let in_flight = InFlight::start(&tracked);
            let router = router.clone();
            async move {
                let Ok(response) = router.oneshot(request.map(Body::new)).await;
                // Counted until hyper drops the body: when the last octet is written or
                // the connection goes.
                Ok::<_, Infallible>(response.map(|body| {
                    Body::new(body.map_frame(move |frame| {
                        let _until_the_body_ends = &in_flight;
                        frame
                    }))
                }))
            }
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(self.limits.header_read_timeout)
            .keep_alive(true);
        let connection = builder.serve_connection(TokioIo::new(io), service);
        tokio::pin!(connection);
        let mut stop = self.stop.clone();
        let mut stopping = *stop.borrow();
        if stopping {
            connection.as_mut().graceful_shutdown();
        }
        loop {
            let quiet_until = self.quiet_deadline();
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(error) = result {
                        // Header timeouts, resets, malformed requests: the client's doing.
                        tracing::debug!(%peer, %error, "connection ended");
                    }
                    return;
                }
                () = tokio::time::sleep_until(quiet_until) => {
                    if self.quiet_deadline() <= Instant::now() {
                        tracing::debug!(%peer, "idle connection closed");
                        self.stats.idle_closed.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                }
                () = self.tracked.evict.notified() => {
                    tracing::debug!(%peer, "connection closed to make room");
                    return;
                }
                changed = stop.changed(), if !stopping => {
                    // A dropped sender also means stop.
                    let _ = changed;
                    stopping = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }

    /// When this connection will have been quiet for `idle_timeout`.
    fn quiet_deadline(&self) -> Instant {
        let last = self.tracked.last_activity_ms.load(Ordering::Relaxed);
        self.registry.started + Duration::from_millis(last) + self.limits.idle_timeout
    }
}

/// Counts a request in flight on its connection until dropped.
struct InFlight(Arc<Tracked>);

impl InFlight {
    fn start(tracked: &Arc<Tracked>) -> InFlight {
        tracked.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(tracked.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The socket, noting when an octet last moved either way.
struct Watched {
    inner: TcpStream,
    tracked: Arc<Tracked>,
    registry: Arc<Registry>,
}

impl Watched {
    fn moved(&self) {
        self.tracked
            .last_activity_ms
            .store(self.registry.now_ms(), Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.moved();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.moved();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.moved();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_files_for_everything_else() {
        assert_eq!(max_connections_for(1024), 512);
        assert_eq!(max_connections_for(1_048_576), DEFAULT_MAX_CONNECTIONS);
        assert_eq!(max_connections_for(20), MIN_MAX_CONNECTIONS);
        assert_eq!(max_connections_for(u64::MAX), DEFAULT_MAX_CONNECTIONS);
    }

    #[test]
    fn only_connections_without_work_are_evicted() {
        let registry = Registry {
            started: Instant::now(),
            next_id: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
        };
        let (_, busy) = registry.add();
        busy.in_flight.store(1, Ordering::Release);
        assert!(!registry.evict_one(), "the only connection is at work");
        let (_, idle) = registry.add();
        assert!(registry.evict_one());
        // The stored permit wakes the idle connection's next wait at once.
        let woken = futures_util::FutureExt::now_or_never(idle.evict.notified());
        assert!(woken.is_some());
        assert!(futures_util::FutureExt::now_or_never(busy.evict.notified()).is_none());
    }
}
