//! Fetching the MTA-STS policy file the way a sending MTA does (RFC 8461 §3.3):
//! HTTPS to `mta-sts.<domain>` with a certificate valid for that name, no redirects
//! followed, `text/plain`, a size limit, a deadline.
//!
//! **Safety:** the host's address comes from DNS, which anyone can write. In
//! production only public addresses are contacted (port 443, the policy of
//! `address_policy::is_public`); test setups contact only loopback addresses on their own port
//! and may add a test CA. Otherwise the fetch is `NotAsked` and no packet is sent.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use http_body_util::{BodyExt as _, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use mailmove_core::dns::{Outcome, Query, RecordData, RecordType};
use mailmove_core::mta_sts::{FetchError, MAX_POLICY_BYTES, PolicyFetch, policy_url};
use mailmove_core::survey::Failure;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::TlsConnector;

use crate::address_policy::DirectPolicy;
use crate::dns::Dns;

/// The whole fetch (connect, TLS, request, body) takes at most this long.
pub const FETCH_DEADLINE: Duration = Duration::from_secs(8);
/// Addresses of the policy host tried at most.
const MAX_ADDRESSES: usize = 2;

/// How policy files are fetched.
#[derive(Clone)]
pub struct PolicyFetcher {
    tls: Arc<rustls::ClientConfig>,
    addresses: DirectPolicy,
}

impl std::fmt::Debug for PolicyFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicyFetcher")
            .field("addresses", &self.addresses)
            .finish_non_exhaustive()
    }
}

impl Default for PolicyFetcher {
    /// Production: the Mozilla roots, public addresses, port 443.
    fn default() -> Self {
        static TLS: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
        let tls = TLS.get_or_init(|| tls_config(&[])).clone();
        PolicyFetcher {
            tls,
            addresses: DirectPolicy::Public,
        }
    }
}

impl PolicyFetcher {
    /// A test setup: loopback addresses only, on `port`, trusting `extra_roots` as well
    /// as the Mozilla roots.
    pub fn for_tests(port: u16, extra_roots: &[CertificateDer<'static>]) -> PolicyFetcher {
        PolicyFetcher {
            tls: tls_config(extra_roots),
            addresses: DirectPolicy::Loopback { port },
        }
    }

    /// A fetcher that contacts what `addresses` allows, trusting `extra_roots` as well
    /// as the Mozilla roots (tests of the production decision use
    /// [`DirectPolicy::PublicOnLoopback`]).
    pub fn with_addresses(
        addresses: DirectPolicy,
        extra_roots: &[CertificateDer<'static>],
    ) -> PolicyFetcher {
        PolicyFetcher {
            tls: tls_config(extra_roots),
            addresses,
        }
    }

    /// Fetches `domain`'s policy file, resolving its host through `dns`.
    pub async fn fetch(&self, dns: &Dns, domain: &str) -> PolicyFetch {
        let url = policy_url(domain);
        let host = format!("mta-sts.{domain}");
        let error = match tokio::time::timeout(FETCH_DEADLINE, self.try_fetch(dns, &host)).await {
            Ok(Ok(body)) => return PolicyFetch::Fetched { url, body },
            Ok(Err(error)) => error,
            Err(_elapsed) => FetchError::Timeout,
        };
        tracing::debug!(%host, ?error, "MTA-STS policy fetch failed");
        PolicyFetch::Failed { url, error }
    }

    async fn try_fetch(&self, dns: &Dns, host: &str) -> Result<String, FetchError> {
        let mut addresses: Vec<std::net::IpAddr> = Vec::new();
        // A lookup that got no usable answer: whether the host has an address is unknown.
        let mut failed = None;
        for rtype in [RecordType::A, RecordType::Aaaa] {
            match dns.lookup(&Query::new(host, rtype)).await {
                Outcome::Records { records } => {
                    addresses.extend(records.iter().filter_map(|record| match record.data {
                        RecordData::A { address } => Some(std::net::IpAddr::V4(address)),
                        RecordData::Aaaa { address } => Some(std::net::IpAddr::V6(address)),
                        _ => None,
                    }));
                }
                outcome => {
                    if let Some(failure) = Failure::of(&outcome) {
                        failed.get_or_insert(failure);
                    }
                }
            }
        }
        if addresses.is_empty() {
            return Err(match failed {
                // NXDOMAIN or NODATA for both: the host has no address.
                None => FetchError::NoAddress,
                Some(Failure::NotAsked) => FetchError::NotAsked,
                Some(failure) => FetchError::LookupFailed { failure },
            });
        }
        let targets: Vec<SocketAddr> = addresses
            .into_iter()
            .filter_map(|ip| self.addresses.target_port(ip, 443))
            .take(MAX_ADDRESSES)
            .collect();
        if targets.is_empty() {
            return Err(FetchError::NotAsked);
        }
        // The host's own answer (refused, reset) wins over this side's network failing
        // to reach one of its addresses.
        let mut last: Option<FetchError> = None;
        for target in targets {
            match self.fetch_from(target, host).await {
                // Only a failure to connect is worth another address: a TLS or HTTP
                // answer is the host's answer.
                Err(error @ FetchError::Connect { .. }) => last = Some(error),
                Err(error @ FetchError::Network { .. }) => {
                    last.get_or_insert(error);
                }
                other => return other,
            }
        }
        Err(last.unwrap_or(FetchError::NotAsked))
    }

    async fn fetch_from(&self, addr: SocketAddr, host: &str) -> Result<String, FetchError> {
        let tcp = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|error| connect_error(&error))?;
        let name = ServerName::try_from(host.to_owned()).map_err(|error| FetchError::Tls {
            detail: error.to_string(),
        })?;
        let tls = TlsConnector::from(self.tls.clone())
            .connect(name, tcp)
            .await
            .map_err(|error| FetchError::Tls {
                detail: tls_reason(&error),
            })?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .map_err(|error| FetchError::Connect {
                detail: error.to_string(),
            })?;
        let driver = tokio::spawn(connection);
        let request = hyper::Request::get("/.well-known/mta-sts.txt")
            .header(hyper::header::HOST, host)
            .header(
                hyper::header::USER_AGENT,
                concat!("mailmove/", env!("CARGO_PKG_VERSION")),
            )
            .body(Empty::<Bytes>::new())
            .map_err(|error| FetchError::Connect {
                detail: error.to_string(),
            })?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|error| FetchError::Connect {
                detail: error.to_string(),
            });
        let result = read_policy(response?).await;
        driver.abort();
        result
    }
}

/// A failed TCP connection: the host's answer (refused, reset) is the domain's
/// problem; this side's network failing (no route from here, no usable local address,
/// the interface down) says nothing about the domain, nor does a connection timeout.
fn connect_error(error: &std::io::Error) -> FetchError {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NetworkUnreachable
        | ErrorKind::HostUnreachable
        | ErrorKind::NetworkDown
        | ErrorKind::AddrNotAvailable => FetchError::Network {
            detail: error.to_string(),
        },
        ErrorKind::TimedOut => FetchError::Timeout,
        _ => FetchError::Connect {
            detail: error.to_string(),
        },
    }
}

/// Checks status, media type and size, and returns the body.
async fn read_policy(
    response: hyper::Response<hyper::body::Incoming>,
) -> Result<String, FetchError> {
    let status = response.status().as_u16();
    if response.status().is_redirection() {
        let location = response
            .headers()
            .get(hyper::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        return Err(FetchError::Redirect {
            code: status,
            location,
        });
    }
    if status != 200 {
        return Err(FetchError::Status { code: status });
    }
    let media_type = response
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("text/plain") {
        return Err(FetchError::ContentType { found: media_type });
    }
    let body = Limited::new(response.into_body(), MAX_POLICY_BYTES)
        .collect()
        .await
        .map_err(|error| {
            if error.is::<http_body_util::LengthLimitError>() {
                FetchError::TooLarge
            } else {
                FetchError::Connect {
                    detail: error.to_string(),
                }
            }
        })?
        .to_bytes();
    String::from_utf8(body.to_vec()).map_err(|_| FetchError::NotText)
}

fn tls_config(extra_roots: &[CertificateDer<'static>]) -> Arc<rustls::ClientConfig> {
    match crate::tls::client_config(extra_roots) {
        Ok(config) => Arc::new(config),
        // The Mozilla roots and ring's default versions always make a configuration;
        // only a broken extra root (a test's own CA) can fail, and a test must know.
        Err(error) => panic!("rustls configuration: {error}"),
    }
}

/// The TLS error in words a domain owner can act on.
fn tls_reason(error: &std::io::Error) -> String {
    let inner = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    match inner {
        Some(rustls::Error::InvalidCertificate(reason)) => format!("certificate: {reason:?}"),
        Some(other) => other.to_string(),
        None => error.to_string(),
    }
}
