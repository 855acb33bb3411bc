//! Test support shared by the server's and the workspace's tests: real parts only.
//! A DNS authority on loopback serving zone files (hickory-server in this process, or
//! BIND 9 as a second implementation), headless Chromium driven by chromedriver,
//! `redis-server` for the limits shared between instances, and the RFC 7208 SPF suite
//! as data.
//!
//! **Invariant:** everything listens on and talks to 127.0.0.0/8 only.

pub mod bind;
pub mod browser;
pub mod cutover;
pub mod dns_authority;
pub mod postfix;
pub mod redis;
pub mod spf_suite;

use std::path::PathBuf;

/// `tests/fixtures/…` of this repository.
pub fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(relative)
}

/// Whether the environment variable `name` is set to `1`: under `cargo xtask test`
/// missing browsers or BIND fail the test instead of skipping it.
pub fn required(name: &str) -> bool {
    std::env::var(name).is_ok_and(|value| value == "1")
}

/// A free TCP port on 127.0.0.1 that is also free for UDP (for DNS servers run as a
/// separate process, which must bind both). Never the same port twice in one process:
/// servers started side by side take a while to bind the port they were given, and
/// BIND binds UDP with `SO_REUSEPORT`, so two of them on one port would share it.
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    loop {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = tcp
            .local_addr()
            .expect("bound socket has an address")
            .port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_err() {
            continue;
        }
        let mut given = GIVEN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}
