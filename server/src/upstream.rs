//! Where the server's own questions go: the system resolver, one DNS server, or a
//! DNS-over-HTTPS service (`--upstream doh:cloudflare|doh:google|doh:https://…`).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::{Context as _, bail};
use hickory_resolver::config::{
    CLOUDFLARE, ConnectionConfig, GOOGLE, NameServerConfig, ResolverConfig,
};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::{Resolver, TokioResolver};
use rustls::pki_types::CertificateDer;

/// Where the server sends its queries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Upstream {
    /// The system configuration (`/etc/resolv.conf`).
    System,
    /// Exactly one server, e.g. a test authority on loopback or a local recursive resolver.
    Nameserver(SocketAddr),
    /// A DNS-over-HTTPS service (RFC 8484, HTTP/2, POST).
    Doh(DohUpstream),
}

/// A DoH service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DohUpstream {
    /// Cloudflare's 1.1.1.1 (cloudflare-dns.com).
    Cloudflare,
    /// Google Public DNS (dns.google).
    Google,
    /// Any RFC 8484 endpoint.
    Url {
        /// Where to connect.
        addr: SocketAddr,
        /// The name its certificate must be valid for (a host name, or the address).
        server_name: String,
        /// The request path, e.g. `/dns-query`.
        path: String,
    },
}

/// What `--upstream` says, before any name in it is resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpstreamSpec {
    /// Resolved already.
    Ready(Upstream),
    /// `doh:https://HOST[:PORT]/PATH` with a host name, resolved at start-up.
    DohHost {
        /// The host name.
        host: String,
        /// The port.
        port: u16,
        /// The path.
        path: String,
    },
}

impl UpstreamSpec {
    /// Parses `system`, `IP:PORT`, `doh:cloudflare`, `doh:google` or
    /// `doh:https://HOST[:PORT][/PATH]` (path default `/dns-query`).
    pub fn parse(spec: &str) -> anyhow::Result<UpstreamSpec> {
        let spec = spec.trim();
        if spec.eq_ignore_ascii_case("system") {
            return Ok(UpstreamSpec::Ready(Upstream::System));
        }
        let Some(doh) = spec.strip_prefix("doh:") else {
            let addr: SocketAddr = spec.parse().with_context(|| {
                format!("“{spec}”: expected system, IP:PORT, doh:cloudflare, doh:google or doh:https://HOST/PATH")
            })?;
            return Ok(UpstreamSpec::Ready(Upstream::Nameserver(addr)));
        };
        match doh.to_ascii_lowercase().as_str() {
            "cloudflare" => return Ok(UpstreamSpec::Ready(Upstream::Doh(DohUpstream::Cloudflare))),
            "google" => return Ok(UpstreamSpec::Ready(Upstream::Doh(DohUpstream::Google))),
            _ => {}
        }
        let Some(rest) = doh.strip_prefix("https://") else {
            bail!("“{doh}”: a DoH upstream is cloudflare, google or an https:// URL");
        };
        let (authority, path) = match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, "/dns-query"),
        };
        if authority.is_empty() || authority.contains('@') || path.contains(['?', '#']) {
            bail!("“{doh}”: expected https://HOST[:PORT][/PATH] without user, query or fragment");
        }
        let (host, port) = split_host_port(authority)?;
        let path = path.to_owned();
        Ok(match host.parse::<IpAddr>() {
            Ok(ip) => UpstreamSpec::Ready(Upstream::Doh(DohUpstream::Url {
                addr: SocketAddr::new(ip, port),
                server_name: ip.to_string(),
                path,
            })),
            Err(_) => UpstreamSpec::DohHost {
                host: host.to_ascii_lowercase(),
                port,
                path,
            },
        })
    }

    /// The upstream, resolving a DoH host name once through the system resolver.
    pub async fn resolve(self) -> anyhow::Result<Upstream> {
        match self {
            UpstreamSpec::Ready(upstream) => Ok(upstream),
            UpstreamSpec::DohHost { host, port, path } => {
                let addr = tokio::net::lookup_host((host.as_str(), port))
                    .await
                    .with_context(|| format!("cannot resolve the DoH host {host}"))?
                    .next()
                    .with_context(|| format!("the DoH host {host} has no address"))?;
                Ok(Upstream::Doh(DohUpstream::Url {
                    addr,
                    server_name: host,
                    path,
                }))
            }
        }
    }
}

fn split_host_port(authority: &str) -> anyhow::Result<(&str, u16)> {
    // [IPv6]:port, [IPv6], host:port, host
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .with_context(|| format!("“{authority}”: unclosed ["))?;
        let port = match after.strip_prefix(':') {
            Some(port) => port
                .parse()
                .with_context(|| format!("bad port in “{authority}”"))?,
            None if after.is_empty() => 443,
            None => bail!("“{authority}”: unexpected text after ]"),
        };
        return Ok((host, port));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => Ok((
            host,
            port.parse()
                .with_context(|| format!("bad port in “{authority}”"))?,
        )),
        None => Ok((authority, 443)),
    }
}

/// A resolver for a DoH upstream. `extra_roots` are trusted besides the Mozilla roots
/// (a private DoH service, or a test CA).
pub fn doh_resolver(
    doh: &DohUpstream,
    extra_roots: &[CertificateDer<'static>],
    opts: hickory_resolver::config::ResolverOpts,
) -> anyhow::Result<TokioResolver> {
    let config = match doh {
        DohUpstream::Cloudflare => ResolverConfig::https(&CLOUDFLARE),
        DohUpstream::Google => ResolverConfig::https(&GOOGLE),
        DohUpstream::Url {
            addr,
            server_name,
            path,
        } => {
            let mut connection = ConnectionConfig::https(
                Arc::from(server_name.as_str()),
                Some(Arc::from(path.as_str())),
            );
            connection.port = addr.port();
            let server = NameServerConfig::new(addr.ip(), true, vec![connection]);
            ResolverConfig::from_name_servers(vec![server])
        }
    };
    let tls = crate::tls::client_config(extra_roots)
        .context("an extra root certificate is not usable")?;
    Ok(
        Resolver::builder_with_config(config, TokioRuntimeProvider::default())
            .with_options(opts)
            .with_tls_config(tls)
            .build()?,
    )
}

/// Reads PEM certificates (`--upstream-ca FILE`).
pub fn read_pem_certificates(
    path: &std::path::Path,
) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    use rustls::pki_types::pem::PemObject as _;
    let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("{}: not PEM certificates", path.display()))?;
    if certificates.is_empty() {
        bail!("{}: no certificate found", path.display());
    }
    Ok(certificates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(spec: &str) -> Upstream {
        match UpstreamSpec::parse(spec).unwrap() {
            UpstreamSpec::Ready(upstream) => upstream,
            other => panic!("{spec}: {other:?}"),
        }
    }

    #[test]
    fn specs_parse() {
        assert_eq!(ready("system"), Upstream::System);
        assert_eq!(
            ready("127.0.0.1:5300"),
            Upstream::Nameserver(([127, 0, 0, 1], 5300).into())
        );
        assert_eq!(
            ready("doh:cloudflare"),
            Upstream::Doh(DohUpstream::Cloudflare)
        );
        assert_eq!(ready("doh:Google"), Upstream::Doh(DohUpstream::Google));
        assert_eq!(
            ready("doh:https://127.0.0.1:8443/dns-query"),
            Upstream::Doh(DohUpstream::Url {
                addr: ([127, 0, 0, 1], 8443).into(),
                server_name: "127.0.0.1".into(),
                path: "/dns-query".into(),
            })
        );
        assert_eq!(
            ready("doh:https://[::1]"),
            Upstream::Doh(DohUpstream::Url {
                addr: "[::1]:443".parse().unwrap(),
                server_name: "::1".into(),
                path: "/dns-query".into(),
            })
        );
        assert_eq!(
            UpstreamSpec::parse("doh:https://dns.example.jp/resolve").unwrap(),
            UpstreamSpec::DohHost {
                host: "dns.example.jp".into(),
                port: 443,
                path: "/resolve".into()
            }
        );
    }

    #[test]
    fn bad_specs_say_what_is_expected() {
        for bad in [
            "",
            "dns.google",
            "doh:quad7",
            "doh:http://1.1.1.1/dns-query",
            "doh:https://user@1.1.1.1/",
            "doh:https://1.1.1.1/dns-query?x=1",
            "doh:https://1.1.1.1:99999/",
            "doh:https://[::1/",
            "doh:https://",
        ] {
            let error = UpstreamSpec::parse(bad).expect_err(bad);
            assert!(!error.to_string().is_empty(), "{bad}");
        }
    }
}
