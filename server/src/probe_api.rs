//! The SMTP probe over HTTP.
//!
//! - `GET /api/probe?domain=D`: the public probe. The domain's own current exchangers
//!   only (its MX as DNS has it now): banner, STARTTLS, certificate, and the domain's
//!   MTA-STS policy against them. No `MAIL FROM`, no `RCPT TO`: no address is ever
//!   asked, so it cannot be used to harvest addresses. Costs what a survey costs.
//! - `POST /api/probe/addresses`: which addresses the target's (or today's)
//!   exchangers accept, for the planner. Only when the operator starts the server
//!   with `--allow-address-probe` (for the planner of its own customers), at most
//!   [`MAX_PROBE_ADDRESSES`](json::MAX_PROBE_ADDRESSES) addresses at the domain per
//!   request and `--address-probe-limit` requests per hour per client; otherwise a
//!   JSON refusal.
//!
//! **Safety:** exchangers are contacted under the same address policy as the CLI
//! and the MTA-STS fetch (public addresses only in production); every session ends
//! by the request's deadline, so an answer always comes in time, with "could not
//! tell: timeout" for what was left.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query as QueryString, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mailmove_core::api as json;
use mailmove_core::dns::{Outcome, Query, RecordData, RecordType};
use mailmove_core::smtp::{ExchangerReport, catch_all_probe, exchangers_for_target};
use mailmove_core::{DomainName, Message};
use rustls::pki_types::CertificateDer;
use serde::Deserialize;

use crate::AppState;
use crate::address_policy::DirectPolicy;
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::probe::{ProbeSettings, ProbeTrust, SMTP_PORT, policy_state, probe_exchanger};
use crate::rate_limit::{RateLimit, RateLimiter};

/// The address probe's path (its body limit differs: `bounds`).
pub const ADDRESSES_PATH: &str = "/api/probe/addresses";
/// The address probe's body limit: 500 addresses of up to 100 octets, and the rest.
pub const MAX_ADDRESS_PROBE_BODY: usize = 64 * 1024;
/// Exchangers asked at most.
const MAX_EXCHANGERS: usize = 5;
/// What is left of the request's time when the sessions must end, for the policy
/// fetch's tail and the answer.
const MARGIN: Duration = Duration::from_secs(3);

/// How the server probes (`mailmove serve` options).
#[derive(Clone, Debug)]
pub struct ProbeApiConfig {
    /// Whether `POST /api/probe/addresses` answers (`--allow-address-probe`).
    pub allow_address_probe: bool,
    /// Address probes per hour per client (IPv6 by /64, as the rate limit).
    pub cap: Arc<RateLimiter>,
    /// Which exchanger addresses may be contacted (public only, in production).
    pub addresses: DirectPolicy,
    /// Extra CA certificates the exchangers' certificates may chain to.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// Our name in EHLO.
    pub helo: String,
}

/// Address probes per hour per client, by default.
pub const DEFAULT_ADDRESS_PROBES_PER_HOUR: u32 = 10;

impl ProbeApiConfig {
    /// Production settings with the address probe `allowed` or not, `per_hour`
    /// address probes per client.
    pub fn new(allowed: bool, per_hour: u32) -> ProbeApiConfig {
        ProbeApiConfig {
            allow_address_probe: allowed,
            cap: Arc::new(RateLimiter::new(hourly(per_hour))),
            addresses: DirectPolicy::Public,
            extra_roots: Vec::new(),
            helo: crate::probe_cli::host_name(),
        }
    }
}

impl Default for ProbeApiConfig {
    /// The address probe off.
    fn default() -> Self {
        ProbeApiConfig::new(false, DEFAULT_ADDRESS_PROBES_PER_HOUR)
    }
}

/// What one address probe costs in the cap's bucket: a bucket of `per_hour` × 60
/// tokens refilled at `per_hour` a minute gives `per_hour` probes an hour.
const PROBE_TOKENS: u32 = 60;

fn hourly(per_hour: u32) -> RateLimit {
    RateLimit {
        per_minute: per_hour,
        burst: per_hour.saturating_mul(PROBE_TOKENS),
    }
}

/// `mailmove serve`'s probe options.
#[derive(Debug, clap::Args)]
pub struct ProbeServeArgs {
    /// Answer `POST /api/probe/addresses` (which addresses the target accepts), for
    /// the planner of your own customers. Off by default: probing addresses can be
    /// used to harvest them.
    #[arg(long, env = "MAILMOVE_ALLOW_ADDRESS_PROBE")]
    pub allow_address_probe: bool,
    /// Address probes per hour per client (IPv6 by /64) with --allow-address-probe.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_ADDRESS_PROBES_PER_HOUR,
          env = "MAILMOVE_ADDRESS_PROBE_LIMIT", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub address_probe_limit: u32,
    /// Test setups only: probe exchangers on this port, and only at loopback
    /// addresses. Default: port 25, public addresses only.
    #[arg(long, value_name = "PORT", env = "MAILMOVE_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// PEM file of extra CA certificates the exchangers' certificates may chain to
    /// (a test CA); the Mozilla roots are always trusted.
    #[arg(long, value_name = "FILE", env = "MAILMOVE_PROBE_CA")]
    pub probe_ca: Option<std::path::PathBuf>,
}

impl ProbeServeArgs {
    /// The configuration these options describe.
    pub fn config(&self) -> anyhow::Result<ProbeApiConfig> {
        let mut config = ProbeApiConfig::new(self.allow_address_probe, self.address_probe_limit);
        config.addresses = DirectPolicy::for_authority_port(self.smtp_port);
        if let Some(path) = &self.probe_ca {
            config.extra_roots = crate::upstream::read_pem_certificates(path)?;
        }
        Ok(config)
    }
}

/// Query string of `GET /api/probe`.
#[derive(Deserialize)]
pub struct ProbeParams {
    domain: Option<String>,
}

/// `GET /api/probe?domain=example.jp`: TLS and banner of the domain's current MX.
pub async fn probe_tls(
    State(state): State<AppState>,
    params: Result<QueryString<ProbeParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<json::ProbeJson>, AppError> {
    let QueryString(params) = params?;
    let domain = DomainName::parse_with(params.domain.as_deref().unwrap_or_default(), &state.names)
        .map_err(AppError::InvalidDomain)?;
    let hosts = current_mx(&state, &domain).await;
    let settings = settings(&state)?;
    let reports = probe_all(&settings, &state, &hosts, &[], None).await;
    let policy = policy_state(&state.dns, &state.config.policy_fetcher, domain.as_str()).await;
    Ok(Json(json::probe_json(
        domain.as_str(),
        &[],
        &reports,
        policy,
    )))
}

/// `POST /api/probe/addresses` (see the module docs).
pub async fn probe_addresses(
    State(state): State<AppState>,
    client: Option<axum::Extension<ClientAddr>>,
    body: Result<Json<json::AddressProbeRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let config = &state.config.probe;
    if !config.allow_address_probe {
        return Ok(refusal(
            StatusCode::FORBIDDEN,
            "address-probe-disabled",
            "このサーバーではアドレスの確認は無効です。運営者が --allow-address-probe で有効にした場合だけ使えます。コマンドラインの mailmove probe を使ってください。",
            "Address probing is disabled on this server; the operator enables it with --allow-address-probe. Use mailmove probe on the command line.",
        ));
    }
    let Json(request) = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BodyTooLarge
        } else {
            AppError::BadQuery(rejection.body_text())
        }
    })?;
    let domain =
        DomainName::parse_with(&request.domain, &state.names).map_err(AppError::InvalidDomain)?;
    let addresses = checked_addresses(&request, &domain)?;
    let hosts = if request.current_mx {
        current_mx(&state, &domain).await
    } else {
        let target = request.target.clone().unwrap_or_default();
        if !mailmove_core::records::is_target_id(&target) {
            return Err(AppError::BadQuery(format!(
                "target: one of {}, or current_mx: true",
                mailmove_core::records::target_ids().join(", ")
            )));
        }
        let (exchangers, _) =
            exchangers_for_target(&domain, &target, &request.mx, request.region.as_deref());
        exchangers
            .into_iter()
            .map(|exchanger| exchanger.host)
            .take(MAX_EXCHANGERS)
            .collect()
    };
    if hosts.is_empty() {
        return Err(AppError::BadQuery("no exchanger to ask".into()));
    }
    // Counted only for a probe that will run: a bad request costs nothing here.
    let client = client.map_or(IpAddr::from([0, 0, 0, 0]), |client| client.0.0);
    if let Err(retry_after) = config.cap.take(client, PROBE_TOKENS, Instant::now()) {
        tracing::info!(%client, retry_after, "address probe cap reached");
        let mut response = refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "address-probe-limit",
            "このクライアントからのアドレス確認が1時間あたりの上限に達しました。しばらくしてから再度お試しください。",
            "This client has used its address probes for the hour. Try again later.",
        );
        if let Ok(value) = axum::http::HeaderValue::from_str(&retry_after.to_string()) {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        return Ok(response);
    }
    let settings = settings(&state)?;
    let random = crate::probe_cli::random_bytes().map_err(|error| {
        tracing::error!(%error, "no randomness for the catch-all probe");
        AppError::Timeout
    })?;
    let made_up = catch_all_probe(domain.as_str(), &random);
    let reports = probe_all(&settings, &state, &hosts, &addresses, Some(made_up)).await;
    let policy = policy_state(&state.dns, &state.config.policy_fetcher, domain.as_str()).await;
    Ok(Json(json::probe_json(
        domain.as_str(),
        &addresses,
        &reports,
        policy,
    ))
    .into_response())
}

/// The request's addresses, each at `domain`, lower-cased domain part, no
/// duplicates; or why not.
fn checked_addresses(
    request: &json::AddressProbeRequest,
    domain: &DomainName,
) -> Result<Vec<String>, AppError> {
    if request.addresses.is_empty() {
        return Err(AppError::BadQuery("addresses: none given".into()));
    }
    if request.addresses.len() > json::MAX_PROBE_ADDRESSES {
        return Err(AppError::BadQuery(format!(
            "addresses: at most {}",
            json::MAX_PROBE_ADDRESSES
        )));
    }
    let suffix = format!("@{}", domain.as_str());
    let mut addresses: Vec<String> = Vec::new();
    for address in &request.addresses {
        let address = address.trim();
        let at_domain = address.len() > suffix.len()
            && address.is_char_boundary(address.len() - suffix.len())
            && address[address.len() - suffix.len()..].eq_ignore_ascii_case(&suffix);
        if !at_domain {
            // Only the domain's own addresses: the exchangers route this domain.
            return Err(AppError::BadQuery(format!(
                "addresses: {} is not at {}",
                crate::terminal::escape_controls(address),
                domain.as_str()
            )));
        }
        let address = format!("{}{suffix}", &address[..address.len() - suffix.len()]);
        if !addresses.contains(&address) {
            addresses.push(address);
        }
    }
    Ok(addresses)
}

/// Today's MX hosts of `domain`, most preferred first, at most [`MAX_EXCHANGERS`].
async fn current_mx(state: &AppState, domain: &DomainName) -> Vec<String> {
    let Outcome::Records { records } = state
        .dns
        .lookup(&Query::new(domain.as_str(), RecordType::Mx))
        .await
    else {
        return Vec::new();
    };
    let mut found: Vec<(u16, String)> = records
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Mx {
                preference,
                exchange,
            } => Some((
                *preference,
                exchange.trim_end_matches('.').to_ascii_lowercase(),
            )),
            _ => None,
        })
        // A null MX (RFC 7505) has no exchanger.
        .filter(|(_, host)| !host.is_empty())
        .collect();
    found.sort();
    found.dedup();
    found
        .into_iter()
        .map(|(_, host)| host)
        .take(MAX_EXCHANGERS)
        .collect()
}

fn settings(state: &AppState) -> Result<ProbeSettings, AppError> {
    let config = &state.config.probe;
    let trust = ProbeTrust::new(&config.extra_roots).map_err(|error| {
        tracing::error!(?error, "probe trust store");
        AppError::Timeout
    })?;
    let mut settings = ProbeSettings::new(trust, config.helo.clone());
    settings.connect_timeout = Duration::from_secs(5);
    settings.reply_timeout = Duration::from_secs(5);
    settings.addresses = config.addresses;
    settings.port = SMTP_PORT;
    let time = state.config.bounds.request_timeout.saturating_sub(MARGIN);
    settings.session_deadline = time;
    settings.deadline = Some(tokio::time::Instant::now() + time);
    Ok(settings)
}

/// Every exchanger at once; the reports in the given order.
async fn probe_all(
    settings: &ProbeSettings,
    state: &AppState,
    hosts: &[String],
    addresses: &[String],
    made_up: Option<String>,
) -> Vec<ExchangerReport> {
    let mut sessions = tokio::task::JoinSet::new();
    for (index, host) in hosts.iter().enumerate() {
        let (settings, dns, host) = (settings.clone(), state.dns.clone(), host.clone());
        let (addresses, made_up) = (addresses.to_vec(), made_up.clone());
        sessions.spawn(async move {
            let report = probe_exchanger(&settings, &dns, &host, &addresses, made_up).await;
            (index, report)
        });
    }
    let mut reports: Vec<Option<ExchangerReport>> = vec![None; hosts.len()];
    while let Some(joined) = sessions.join_next().await {
        match joined {
            Ok((index, report)) => reports[index] = Some(report),
            Err(error) => tracing::error!(%error, "probe task failed"),
        }
    }
    // A task that failed (a bug) leaves its exchanger unreachable, not missing.
    reports
        .into_iter()
        .zip(hosts)
        .map(|(report, host)| {
            report.unwrap_or_else(|| {
                let why = mailmove_core::smtp::Unknown::ConnectFailed {
                    detail: "internal error".into(),
                };
                ExchangerReport::unreachable(host, addresses, &why)
            })
        })
        .collect()
}

/// A refusal as `json::ApiError`.
fn refusal(status: StatusCode, code: &str, ja: &str, en: &str) -> Response {
    let body = json::ApiError {
        code: code.into(),
        message: Message {
            ja: ja.into(),
            en: en.into(),
        },
    };
    (status, Json(body)).into_response()
}
