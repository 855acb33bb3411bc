//! A cutover in progress, on loopback: the zone `cutover.test` moving its MX from
//! `mail.cutover.test` to `smtp.google.com`, with three authoritative name servers and
//! three resolvers that see different things. All servers share one port on their own
//! 127.0.0.x address (the monitor's direct questions use one port, as port 53 in the
//! world).
//!
//! | address     | role                          | serves                               |
//! |-------------|-------------------------------|--------------------------------------|
//! | 127.0.0.20  | the server's own resolver     | the new zone                         |
//! | 127.0.0.21  | ns1, authoritative            | new zone, serial 2                   |
//! | 127.0.0.22  | ns2, authoritative            | new zone, serial 2                   |
//! | 127.0.0.23  | ns3, authoritative            | old zone, serial 1, until switched   |
//! | 127.0.0.31  | resolver "switched"           | new MX, TTL 240                      |
//! | 127.0.0.32  | resolver "cached"             | old MX, TTL 1800, until switched     |
//! | 127.0.0.33  | resolver "silent"             | never answers                        |
//!
//! Tests can then silence every authority (`silence_authorities`) or have them all
//! serve the new MX with the old one left in (`leave_old_mx_in_zone`).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use crate::dns_authority::{AuthorityOptions, DnsAuthority};

/// The zone.
pub const DOMAIN: &str = "cutover.test";
/// The MX before the move.
pub const OLD_MX: &str = "mail.cutover.test";
/// The MX after the move.
pub const NEW_MX: &str = "smtp.google.com";
/// The old MX record's TTL, as it was before the change.
pub const OLD_TTL: u32 = 3600;
/// The TTL the "cached" resolver still has on the old MX.
pub const CACHED_TTL: u32 = 1800;

const TEMPLATE: &str = "$ORIGIN cutover.test.
$TTL 300
@       IN SOA  ns1.cutover.test. hostmaster.cutover.test. ( SERIAL 3600 600 86400 60 )
@       IN NS   ns1.cutover.test.
@       IN NS   ns2.cutover.test.
@       IN NS   ns3.cutover.test.
ns1     IN A    127.0.0.21
ns2     IN A    127.0.0.22
ns3     IN A    127.0.0.23
@       MXTTL IN MX 10 EXCHANGER.
mail    IN A    127.0.0.40
";

/// Which version of the zone a server serves.
#[derive(Clone, Copy)]
enum Version {
    /// Serial 1, the old MX with its full TTL.
    Old,
    /// Serial 2, the new MX.
    New,
    /// What a resolver holds: the new MX with a TTL counting down.
    NewCached,
    /// A resolver still holding the old MX.
    OldCached,
    /// Serial 3: the new MX added, the old one left in (not deleted).
    Both,
}

impl Version {
    fn zone(self) -> String {
        let (serial, ttl, exchanger) = match self {
            Version::Old => (1, OLD_TTL, OLD_MX),
            Version::New => (2, 300, NEW_MX),
            Version::NewCached => (2, 240, NEW_MX),
            Version::OldCached => (1, CACHED_TTL, OLD_MX),
            Version::Both => {
                // A second MX line after the new one: the old exchanger left in.
                return Version::New.zone().replace("( 2 3600", "( 3 3600").replace(
                    &format!("IN MX 10 {NEW_MX}.\n"),
                    &format!("IN MX 10 {NEW_MX}.\n@       300 IN MX 20 {OLD_MX}.\n"),
                );
            }
        };
        TEMPLATE
            .replace("SERIAL", &serial.to_string())
            .replace("MXTTL", &ttl.to_string())
            .replace("EXCHANGER", exchanger)
    }
}

/// The running set-up. Dropping it stops every server.
pub struct CutoverWorld {
    /// The port every server listens on.
    pub port: u16,
    dir: tempfile::TempDir,
    upstream: DnsAuthority,
    authorities: Vec<DnsAuthority>,
    resolvers: Vec<DnsAuthority>,
    // Bound and never read: the resolver that never answers.
    _silent: (std::net::UdpSocket, std::net::TcpListener),
}

impl CutoverWorld {
    /// Starts every server, mid-switch: ns3 lags and one resolver caches the old MX.
    pub async fn start() -> anyhow::Result<CutoverWorld> {
        let dir = tempfile::tempdir()?;
        // The first server picks the port; the rest share it.
        let upstream = serve(&dir, "upstream", Version::New, [127, 0, 0, 20], 0).await?;
        let port = upstream.addr.port();
        let mut authorities = Vec::new();
        for (last, version) in [(21, Version::New), (22, Version::New), (23, Version::Old)] {
            authorities
                .push(serve(&dir, &format!("ns{last}"), version, [127, 0, 0, last], port).await?);
        }
        let mut resolvers = Vec::new();
        for (last, version) in [(31, Version::NewCached), (32, Version::OldCached)] {
            resolvers
                .push(serve(&dir, &format!("r{last}"), version, [127, 0, 0, last], port).await?);
        }
        let silent_addr = SocketAddr::from(([127, 0, 0, 33], port));
        let silent = (
            std::net::UdpSocket::bind(silent_addr)?,
            std::net::TcpListener::bind(silent_addr)?,
        );
        Ok(CutoverWorld {
            port,
            dir,
            upstream,
            authorities,
            resolvers,
            _silent: silent,
        })
    }

    /// The server's own resolver (for `--nameserver`).
    pub fn upstream(&self) -> SocketAddr {
        self.upstream.addr
    }

    /// The monitor's resolvers as `LABEL=IP:PORT` specs, in table order.
    pub fn resolver_specs(&self) -> Vec<String> {
        [("switched", 31), ("cached", 32), ("silent", 33)]
            .into_iter()
            .map(|(label, last)| format!("{label}=127.0.0.{last}:{}", self.port))
            .collect()
    }

    /// ns3 starts serving the new zone (its secondary caught up).
    pub async fn switch_lagging_authority(&mut self) -> anyhow::Result<()> {
        let old = self.authorities.remove(2);
        old.stop().await?;
        let new = serve(
            &self.dir,
            "ns23-new",
            Version::New,
            [127, 0, 0, 23],
            self.port,
        )
        .await?;
        self.authorities.push(new);
        Ok(())
    }

    /// Every authoritative server stops answering (stopped: nothing listens on their
    /// addresses any more), as when a network blocks direct DNS.
    pub async fn silence_authorities(&mut self) -> anyhow::Result<()> {
        for authority in self.authorities.drain(..) {
            authority.stop().await?;
        }
        Ok(())
    }

    /// Every authoritative server serves a zone with the new MX added and the old one
    /// left in (serial 3): the edit forgot to delete it.
    pub async fn leave_old_mx_in_zone(&mut self) -> anyhow::Result<()> {
        for authority in self.authorities.drain(..) {
            authority.stop().await?;
        }
        for last in [21, 22, 23] {
            let authority = serve(
                &self.dir,
                &format!("ns{last}-both"),
                Version::Both,
                [127, 0, 0, last],
                self.port,
            )
            .await?;
            self.authorities.push(authority);
        }
        Ok(())
    }

    /// The "cached" resolver's old answer expires; it now returns the new MX.
    pub async fn switch_cached_resolver(&mut self) -> anyhow::Result<()> {
        let old = self.resolvers.remove(1);
        old.stop().await?;
        let new = serve(
            &self.dir,
            "r32-new",
            Version::NewCached,
            [127, 0, 0, 32],
            self.port,
        )
        .await?;
        self.resolvers.push(new);
        Ok(())
    }
}

async fn serve(
    dir: &tempfile::TempDir,
    name: &str,
    version: Version,
    ip: [u8; 4],
    port: u16,
) -> anyhow::Result<DnsAuthority> {
    let path: PathBuf = dir.path().join(format!("{name}.zone"));
    std::fs::write(&path, version.zone())?;
    let options = AuthorityOptions {
        ip: IpAddr::from(ip),
        port,
        ..AuthorityOptions::default()
    };
    DnsAuthority::serve_zones_with(&[(format!("{DOMAIN}."), path)], options).await
}
