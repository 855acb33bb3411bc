//! An authoritative DNS server in this process (hickory-server), on 127.0.0.1:0, UDP
//! and TCP, serving zone files. Zones are named after their file: `example.test.zone`
//! is the zone `example.test.`.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use hickory_proto::rr::{LowerName, Name};
use hickory_server::Server;
use hickory_server::net::runtime::Time;
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::store::file::{FileConfig, FileZoneHandler};
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};
use tokio::net::{TcpListener, UdpSocket};

/// A running authority. Stops when dropped (its tasks end with the test's runtime).
pub struct DnsAuthority {
    /// Where it listens (UDP and TCP).
    pub addr: SocketAddr,
    server: Server<Delayed>,
}

/// How an authority listens and answers.
#[derive(Clone, Copy, Debug)]
pub struct AuthorityOptions {
    /// Every answer waits this long first: a far-away server, for latency benchmarks.
    pub delay: Duration,
    /// The loopback address to listen on (the whole of 127.0.0.0/8 is loopback, so
    /// several authorities can share one port on different addresses).
    pub ip: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
}

impl Default for AuthorityOptions {
    fn default() -> Self {
        AuthorityOptions {
            delay: Duration::ZERO,
            ip: IpAddr::from([127, 0, 0, 1]),
            port: 0,
        }
    }
}

/// The zones' catalog, answering after a delay.
struct Delayed {
    catalog: Catalog,
    delay: Duration,
}

// hickory-server's trait is declared with async-trait.
#[async_trait::async_trait]
impl RequestHandler for Delayed {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        response_handle: R,
    ) -> ResponseInfo {
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        self.catalog
            .handle_request::<R, T>(request, response_handle)
            .await
    }
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
        DnsAuthority::serve_zones_with(zones, AuthorityOptions::default()).await
    }

    /// Serves every `*.zone` file in `dir` with `options`.
    pub async fn serve_dir_with(
        dir: &Path,
        options: AuthorityOptions,
    ) -> anyhow::Result<DnsAuthority> {
        let mut zones = Vec::new();
        for entry in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
            let path = entry?.path();
            let stem = path.file_stem().and_then(|stem| stem.to_str());
            if let (Some(stem), true) = (stem, path.extension().is_some_and(|ext| ext == "zone")) {
                zones.push((format!("{stem}."), path.clone()));
            }
        }
        zones.sort();
        DnsAuthority::serve_zones_with(&zones, options).await
    }

    /// Serves `(origin, zone file)` pairs with `options`.
    pub async fn serve_zones_with(
        zones: &[(String, std::path::PathBuf)],
        options: AuthorityOptions,
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
        assert!(
            options.ip.is_loopback(),
            "test authorities listen on loopback only"
        );
        let (udp, tcp, addr) = bind_pair(SocketAddr::new(options.ip, options.port)).await?;
        let mut server = Server::new(Delayed {
            catalog,
            delay: options.delay,
        });
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

/// A UDP socket and a TCP listener on the same port. With port 0 the UDP port is free
/// but the same TCP port may be taken (tests run in parallel): try a few ports.
async fn bind_pair(want: SocketAddr) -> anyhow::Result<(UdpSocket, TcpListener, SocketAddr)> {
    let mut last = None;
    for _ in 0..20 {
        let udp = UdpSocket::bind(want).await?;
        let addr = udp.local_addr()?;
        match TcpListener::bind(addr).await {
            Ok(tcp) => return Ok((udp, tcp, addr)),
            Err(error) if want.port() == 0 => last = Some(error),
            Err(error) => return Err(error.into()),
        }
    }
    Err(last.map_or_else(|| anyhow::anyhow!("no port"), Into::into))
}
