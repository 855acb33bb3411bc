//! BIND 9 (`named -g`) on 127.0.0.1, serving the same zone files: a second, independent
//! implementation of the authority, to catch anything hickory-server happens to forgive.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
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

    /// Starts `named` with every `*.zone` file in `zones` (the zone named after the
    /// file) and waits until it answers the SOA of the first zone. BIND's name checks
    /// stay on: the fixture zones must hold host names only.
    pub async fn serve_dir(zones: &Path) -> anyhow::Result<Bind> {
        let mut paths: Vec<_> = std::fs::read_dir(zones)?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "zone"))
            .collect();
        paths.sort();
        let mut pairs = Vec::new();
        for path in paths {
            let origin = path
                .file_stem()
                .and_then(|s| s.to_str())
                .context("zone file name")?
                .to_owned();
            pairs.push((origin, path));
        }
        Bind::serve_zones(&pairs, NameChecks::HostNames).await
    }

    /// Starts `named` with `(origin, file)` pairs (`.` is the root zone) and waits until
    /// it answers the SOA of the first.
    pub async fn serve_zones(
        zones: &[(String, PathBuf)],
        checks: NameChecks,
    ) -> anyhow::Result<Bind> {
        let dir = tempfile::tempdir()?;
        let port = crate::free_port();
        let check_names = match checks {
            NameChecks::HostNames => "",
            NameChecks::AnyOctets => " check-names ignore;",
        };
        let mut zone_clauses = String::new();
        for (origin, path) in zones {
            zone_clauses.push_str(&format!(
                "zone \"{origin}\" {{ type primary; file \"{}\";{check_names} }};\n",
                path.canonicalize()
                    .with_context(|| format!("{}", path.display()))?
                    .display()
            ));
        }
        let first_zone = zones
            .first()
            .map(|(origin, _)| origin)
            .context("no zones")?;
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
        // `-g` logs to stderr: kept in the temp dir, shown when named does not come up.
        let log_path = dir.path().join("named.log");
        let log = std::fs::File::create(&log_path)?;
        let child = Command::new(NAMED)
            .arg("-g")
            .arg("-c")
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .context("cannot start named")?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut bind = Bind {
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
        let soa_name = match first_zone.trim_end_matches('.') {
            "" => ".".to_owned(),
            zone => format!("{zone}."),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            // named says `running` once it listens and has loaded its zones; one that
            // could not take the port never says it, whoever else answers there.
            let running = std::fs::read_to_string(&log_path)
                .is_ok_and(|log| log.lines().any(|line| line.ends_with(" running")));
            if running
                && resolver
                    .lookup(soa_name.as_str(), RecordType::SOA)
                    .await
                    .is_ok()
            {
                return Ok(bind);
            }
            if let Ok(Some(status)) = bind.child.try_wait() {
                bail!("named exited ({status}):\n{}", log_tail(&log_path));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!(
            "named did not answer on {addr} within 20 s:\n{}",
            log_tail(&log_path)
        )
    }
}

/// Which names BIND's `check-names` lets into a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameChecks {
    /// BIND's default for primary zones: owner names of address and MX records, and MX
    /// targets, must be host names.
    HostNames,
    /// Any octet (`check-names ignore`): RFC 7208 names such as
    /// `foo:bar/baz.example.com` or a macro's expansion with spaces and `%`.
    AnyOctets,
}

/// The last lines of named's log.
fn log_tail(path: &Path) -> String {
    let log = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

impl Drop for Bind {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
