//! `redis-server` (Debian's package) on a free loopback port, in a temp dir, with no
//! persistence, killed when dropped: the shared store of the multi-instance tests.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

const REDIS_SERVER: &str = "/usr/bin/redis-server";

/// A running `redis-server`.
pub struct RedisServer {
    /// Where it listens.
    pub addr: SocketAddr,
    child: Child,
    log_path: PathBuf,
    _dir: tempfile::TempDir,
}

impl RedisServer {
    /// Whether Redis is installed.
    pub fn available() -> bool {
        Path::new(REDIS_SERVER).exists()
    }

    /// Starts `redis-server` on 127.0.0.1 and waits until it answers `PING`.
    pub fn start() -> anyhow::Result<RedisServer> {
        let dir = tempfile::tempdir()?;
        let port = crate::free_port();
        let log_path = dir.path().join("redis.log");
        let child = Command::new(REDIS_SERVER)
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            // Nothing written to disk, nothing left behind but the temp dir.
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .arg("--dir")
            .arg(dir.path())
            .arg("--logfile")
            .arg(&log_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start redis-server")?;
        let mut server = RedisServer {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            child,
            log_path,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if server.ping() {
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                bail!("redis-server exited ({status}):\n{}", server.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        bail!(
            "redis-server did not answer on {} within 10 s:\n{}",
            server.addr,
            server.log()
        )
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://{}", self.addr)
    }

    /// Whether it answers `PING` with `+PONG`.
    pub fn ping(&self) -> bool {
        self.inline("PING").is_some_and(|reply| reply == "+PONG")
    }

    /// Sends one inline command (`SCRIPT FLUSH`) and returns the first line of the
    /// reply, or None when Redis does not answer.
    pub fn inline(&self, command: &str) -> Option<String> {
        let mut stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
        stream.write_all(format!("{command}\r\n").as_bytes()).ok()?;
        let mut reply = Vec::new();
        let mut octet = [0; 1];
        while !reply.ends_with(b"\r\n") {
            stream.read_exact(&mut octet).ok()?;
            reply.push(octet[0]);
        }
        reply.truncate(reply.len() - 2);
        String::from_utf8(reply).ok()
    }

    /// How many times Redis has run `command` (lowercase, `evalsha`) since it
    /// started, from `INFO commandstats`; None when it does not answer.
    pub fn calls(&self, command: &str) -> Option<u64> {
        let mut stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
        stream.write_all(b"INFO commandstats\r\n").ok()?;
        let mut head = Vec::new();
        let mut octet = [0; 1];
        while !head.ends_with(b"\r\n") {
            stream.read_exact(&mut octet).ok()?;
            head.push(octet[0]);
        }
        let length: usize = std::str::from_utf8(&head)
            .ok()?
            .trim_end()
            .strip_prefix('$')?
            .parse()
            .ok()?;
        let mut text = vec![0; length];
        stream.read_exact(&mut text).ok()?;
        let text = String::from_utf8(text).ok()?;
        let prefix = format!("cmdstat_{command}:calls=");
        Some(
            text.lines()
                .find_map(|line| line.strip_prefix(&prefix))
                .and_then(|rest| rest.split(',').next())
                .and_then(|calls| calls.parse().ok())
                // Never run: not listed.
                .unwrap_or(0),
        )
    }

    /// Kills it now (a Redis that goes away mid-run).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}
