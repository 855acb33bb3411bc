//! An authoritative DNS server in this process (hickory-server), on 127.0.0.1:0, UDP
//! and TCP, serving zone files. Zones are named after their file: `example.test.zone`
//! is the zone `example.test.`.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use hickory_proto::rr::{LowerName, Name};
use hickory_server::Server;
use hickory_server::store::file::{FileConfig, FileZoneHandler};
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};
use tokio::net::{TcpListener, UdpSocket};

/// A running authority. Stops when dropped (its tasks end with the test's runtime).
pub struct DnsAuthority {
    /// Where it listens (UDP and TCP).
    pub addr: SocketAddr,
    server: Server<Catalog>,
}

impl DnsAuthority {
    /// Serves every `*.zone` file in `tests/fixtures/zones/`.
    pub async fn fixtures() -> anyhow::Result<DnsAuthority> {
        DnsAuthority::serve_dir(&crate::fixture("zones")).await
    }

    /// Serves every `*.zone` file in `dir`.
    pub async fn serve_dir(dir: &Path) -> anyhow::Result<DnsAuthority> {
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
            let path = entry?.path();
            if path.extension().is_some_and(|ext| ext == "zone") {
                paths.push(path);
            }
        }
        paths.sort();
        DnsAuthority::serve(&paths).await
    }

    /// Serves the given zone files, each zone named after its file.
    pub async fn serve(zone_files: &[impl AsRef<Path>]) -> anyhow::Result<DnsAuthority> {
        let mut zones = Vec::new();
        for path in zone_files {
            let path = path.as_ref();
            let stem = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .with_context(|| format!("zone file name {}", path.display()))?;
            zones.push((format!("{stem}."), path.to_path_buf()));
        }
        DnsAuthority::serve_zones(&zones).await
    }

    /// Serves `(origin, zone file)` pairs; the origin may be `.` (the root zone).
    pub async fn serve_zones(
        zones: &[(String, std::path::PathBuf)],
    ) -> anyhow::Result<DnsAuthority> {
        let mut catalog = Catalog::new();
        for (origin, path) in zones {
            let origin = Name::from_ascii(origin)?;
            let config = FileConfig {
                zone_path: path.clone(),
            };
            let zone = FileZoneHandler::try_from_config(
                origin.clone(),
                ZoneType::Primary,
                AxfrPolicy::Deny,
                None,
                &config,
            )
            .map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
            catalog.upsert(LowerName::new(&origin), vec![Arc::new(zone)]);
        }
        let udp = UdpSocket::bind("127.0.0.1:0").await?;
        let addr = udp.local_addr()?;
        let tcp = TcpListener::bind(addr).await?;
        let mut server = Server::new(catalog);
        server.register_socket(udp);
        server.register_listener(tcp, Duration::from_secs(5), 65_535);
        Ok(DnsAuthority { addr, server })
    }

    /// Stops serving and waits for the server's tasks.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.server.shutdown_gracefully().await?;
        Ok(())
    }
}
