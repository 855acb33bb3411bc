//! The SMTP delivery probe's shell: resolves an exchanger, connects to port 25 and
//! drives core's [`Session`] over the connection, STARTTLS included, with a time
//! limit on every step.
//!
//! **Safety:** exchanger addresses come from DNS, which anyone can write. They are
//! judged by the same [`DirectPolicy`] as direct DNS questions and the MTA-STS fetch:
//! public unicast addresses only in production, loopback on a test port in tests.
//! Anything else is `NotAllowed`, and no packet is sent.
//!
//! **Bounded:** connecting, every reply and the TLS handshake each have a timeout, the
//! whole session a deadline; replies are bounded by core's parser, so a server that
//! stalls or sends a megabyte costs a timeout or a few kilobytes.

mod certificate;
mod connection;
mod policy;
mod tls;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use mailmove_core::dns::{Outcome, Query, RecordData, RecordType};
use mailmove_core::smtp::{ExchangerReport, Session, SessionConfig, Unknown, Verdict};

use crate::address_policy::DirectPolicy;
use crate::dns::Dns;

pub use policy::policy_state;
pub use tls::ProbeTrust;

/// SMTP's port (RFC 5321 §4.5.4.2 … and every MX).
pub const SMTP_PORT: u16 = 25;
/// Addresses of one exchanger tried at most.
const MAX_ADDRESSES: usize = 2;

/// How a probe connects and how long it waits.
#[derive(Clone, Debug)]
pub struct ProbeSettings {
    /// Time for the TCP connection (default 10 s). A timeout here is usually OP25B.
    pub connect_timeout: Duration,
    /// Time for each reply, and for the TLS handshake (default 30 s).
    pub reply_timeout: Duration,
    /// Time for the whole session with one exchanger (default 10 minutes).
    pub session_deadline: Duration,
    /// Which addresses may be contacted, and on which port.
    pub addresses: DirectPolicy,
    /// The port for addresses [`DirectPolicy::Public`] allows (25; `--exchanger
    /// HOST:PORT` changes it).
    pub port: u16,
    /// The roots the certificate is checked against.
    pub trust: ProbeTrust,
    /// Our name in EHLO.
    pub helo: String,
    /// No session runs past this moment, however many the exchanger needs (the API's
    /// request deadline); what is unanswered then is "could not tell: timeout".
    pub deadline: Option<tokio::time::Instant>,
}

impl ProbeSettings {
    /// Production settings: public addresses, port 25, the default timeouts.
    pub fn new(trust: ProbeTrust, helo: String) -> ProbeSettings {
        ProbeSettings {
            connect_timeout: Duration::from_secs(10),
            reply_timeout: Duration::from_secs(30),
            session_deadline: Duration::from_secs(600),
            addresses: DirectPolicy::Public,
            port: SMTP_PORT,
            trust,
            helo,
            deadline: None,
        }
    }
}

/// Probes `host`: resolves its A and AAAA records through `dns`, connects to the
/// first address the policy allows that answers, and asks about `addresses` (with
/// the made-up `catch_all_probe` first, when given).
pub async fn probe_exchanger(
    settings: &ProbeSettings,
    dns: &Dns,
    host: &str,
    addresses: &[String],
    catch_all_probe: Option<String>,
) -> ExchangerReport {
    let ips = match resolve(dns, host).await {
        Ok(ips) => ips,
        Err(why) => return ExchangerReport::unreachable(host, addresses, &why),
    };
    let targets: Vec<SocketAddr> = ips
        .iter()
        .filter_map(|&ip| settings.addresses.target_port(ip, settings.port))
        .take(MAX_ADDRESSES)
        .collect();
    if targets.is_empty() {
        tracing::debug!(%host, ?ips, "exchanger not contacted: address not allowed");
        let why = Unknown::NotAllowed {
            host: host.to_owned(),
        };
        return ExchangerReport::unreachable(host, addresses, &why);
    }
    let mut last = Unknown::ConnectFailed {
        detail: "no address".into(),
    };
    for target in targets {
        let config = SessionConfig {
            host: host.to_owned(),
            helo: settings.helo.clone(),
            addresses: addresses.to_vec(),
            catch_all_probe: catch_all_probe.clone(),
        };
        match probe_at(settings, target, config).await {
            Ok(report) => return report,
            // Only a failed connection is worth the next address.
            Err(why) => last = why,
        }
    }
    ExchangerReport::unreachable(host, addresses, &last)
}

/// Sessions with one exchanger at most: a server that hangs up after so many errors
/// (Postfix: 20) answers a long list over several.
const MAX_SESSIONS: usize = 20;

/// The probe at `target`: one session, and more for the addresses a server that
/// hung up after answering some did not get to; or why no connection could be made.
pub async fn probe_at(
    settings: &ProbeSettings,
    target: SocketAddr,
    config: SessionConfig,
) -> Result<ExchangerReport, Unknown> {
    let (mut report, mut left) = session_at(settings, target, config.clone()).await?;
    let catch_all = report
        .catch_all_probe
        .as_ref()
        .filter(|probe| probe.verdict.is_accepted())
        .map(|probe| probe.address.clone());
    for _ in 1..MAX_SESSIONS {
        if left.is_empty() {
            break;
        }
        let next = SessionConfig {
            addresses: left,
            catch_all_probe: None,
            ..config.clone()
        };
        let Ok((later, rest)) = session_at(settings, target, next).await else {
            break;
        };
        for result in later.addresses {
            let Some(slot) = report
                .addresses
                .iter_mut()
                .find(|slot| slot.address == result.address)
            else {
                continue;
            };
            slot.verdict = match (result.verdict, &catch_all) {
                // The first session found a catch-all: it still says nothing.
                (Verdict::Accepted { .. }, Some(probe)) => Verdict::CouldNotTell {
                    why: Unknown::CatchAll {
                        probe: probe.clone(),
                    },
                },
                (verdict, _) => verdict,
            };
        }
        left = rest;
    }
    Ok(report)
}

/// One session at `target`, with the addresses it left unanswered.
async fn session_at(
    settings: &ProbeSettings,
    target: SocketAddr,
    config: SessionConfig,
) -> Result<(ExchangerReport, Vec<String>), Unknown> {
    let mut connect_until = tokio::time::Instant::now() + settings.connect_timeout;
    if let Some(deadline) = settings.deadline {
        connect_until = connect_until.min(deadline);
    }
    let tcp = match tokio::time::timeout_at(connect_until, tokio::net::TcpStream::connect(target))
        .await
    {
        Err(_elapsed) => return Err(Unknown::ConnectTimeout),
        Ok(Err(error)) if error.kind() == std::io::ErrorKind::TimedOut => {
            return Err(Unknown::ConnectTimeout);
        }
        Ok(Err(error)) => {
            return Err(Unknown::ConnectFailed {
                detail: error.to_string(),
            });
        }
        Ok(Ok(tcp)) => tcp,
    };
    let host = config.host.clone();
    let mut session = Session::new(config);
    let run = connection::run(&mut session, tcp, &host, settings);
    let mut until = tokio::time::Instant::now() + settings.session_deadline;
    if let Some(deadline) = settings.deadline {
        until = until.min(deadline);
    }
    if tokio::time::timeout_at(until, run).await.is_err() {
        session.timed_out();
    }
    let mut report = session.report();
    report.connected_to = Some(target.to_string());
    Ok((report, session.unanswered()))
}

/// The exchanger's addresses, or why there are none.
async fn resolve(dns: &Dns, host: &str) -> Result<Vec<IpAddr>, Unknown> {
    let mut ips = Vec::new();
    let mut failed = None;
    for rtype in [RecordType::A, RecordType::Aaaa] {
        match dns.lookup(&Query::new(host, rtype)).await {
            Outcome::Records { records } => {
                ips.extend(records.iter().filter_map(|record| match record.data {
                    RecordData::A { address } => Some(IpAddr::V4(address)),
                    RecordData::Aaaa { address } => Some(IpAddr::V6(address)),
                    _ => None,
                }));
            }
            outcome if outcome.is_could_not_check() => {
                failed.get_or_insert(format!("DNS lookup of {host} ({rtype:?}) failed"));
            }
            _ => {}
        }
    }
    if ips.is_empty() {
        return Err(Unknown::ConnectFailed {
            detail: failed.unwrap_or_else(|| format!("{host} has no address")),
        });
    }
    Ok(ips)
}
