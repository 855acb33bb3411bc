//! BIND 9 (`named -g`) on 127.0.0.1, serving the same zone files: a second, independent
//! implementation of the authority, to catch anything hickory-server happens to forgive.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use hickory_resolver::Resolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RecordType;

const NAMED: &str = "/usr/sbin/named";

/// A running `named`, killed when dropped.
pub struct Bind {
    /// Where it listens (UDP and TCP).
    pub addr: SocketAddr,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Bind {
    /// Whether BIND is installed.
    pub fn available() -> bool {
        Path::new(NAMED).exists()
    }

    /// Starts `named` with every `*.zone` file in `zones` and waits until it answers
    /// the SOA of the first zone.
    pub async fn serve_dir(zones: &Path) -> anyhow::Result<Bind> {
        let dir = tempfile::tempdir()?;
        let port = crate::free_port();
        let mut zone_clauses = String::new();
        let mut first_zone = None;
        let mut paths: Vec<_> = std::fs::read_dir(zones)?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "zone"))
            .collect();
        paths.sort();
        for path in &paths {
            let origin = path
                .file_stem()
                .and_then(|s| s.to_str())
                .context("zone file name")?;
            first_zone.get_or_insert_with(|| origin.to_owned());
            zone_clauses.push_str(&format!(
                "zone \"{origin}\" {{ type primary; file \"{}\"; }};\n",
                path.canonicalize()?.display()
            ));
        }
        let first_zone = first_zone.context("no zone files")?;
        let root = dir.path().display();
        // No rndc channel (`controls {}`), no IPv6, every runtime file in the temp dir:
        // several tests (and other sessions) may run their own named side by side.
        let conf = format!(
            "options {{\n  directory \"{root}\";\n  listen-on port {port} {{ 127.0.0.1; }};\n  \
             listen-on-v6 {{ none; }};\n  recursion no;\n  dnssec-validation no;\n  \
             pid-file \"{root}/named.pid\";\n  session-keyfile \"{root}/session.key\";\n  \
             managed-keys-directory \"{root}\";\n}};\ncontrols {{ }};\n{zone_clauses}"
        );
        let conf_path = dir.path().join("named.conf");
        std::fs::write(&conf_path, conf)?;
        let child = Command::new(NAMED)
            .arg("-g")
            .arg("-c")
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start named")?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let bind = Bind {
            addr,
            child,
            _dir: dir,
        };
        let mut udp = ConnectionConfig::udp();
        udp.port = port;
        let server = NameServerConfig::new(addr.ip(), true, vec![udp]);
        let mut opts = ResolverOpts::default();
        opts.timeout = Duration::from_millis(500);
        opts.attempts = 1;
        opts.cache_size = 0;
        let resolver = Resolver::builder_with_config(
            ResolverConfig::from_name_servers(vec![server]),
            TokioRuntimeProvider::default(),
        )
        .with_options(opts)
        .build()?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let soa = resolver
                .lookup(format!("{first_zone}."), RecordType::SOA)
                .await;
            if soa.is_ok() {
                return Ok(bind);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("named did not answer on {addr} within 20 s")
    }
}

impl Drop for Bind {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
