//! HTTP handlers. Each is a thin shell over core and the resolver seam.

use axum::Json;
use axum::extract::{Query as QueryString, State};
use mailmove_core::api as json;
use mailmove_core::dns::{Query, RecordType};
use mailmove_core::survey::SurveyOptions;
use mailmove_core::{DomainName, VERSION, parse_query_name};
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;

/// `GET /healthz`, `GET /api/version`.
pub async fn health(State(state): State<AppState>) -> Json<json::Health> {
    Json(json::Health {
        status: "ok".into(),
        version: VERSION.into(),
        frontend: state.dist.is_some(),
        allowed_tlds: state.names.allowed_tlds().map(str::to_owned).collect(),
        address_probe: state.config.probe.allow_address_probe,
    })
}

/// The types `/api/lookup` and the DoH endpoint answer: what the tools read about a
/// domain (TLSA: DANE at an exchanger, which the survey asks through a DoH upstream
/// too). Not PTR: reverse names are not domains a user owns.
pub const API_TYPES: [RecordType; 11] = [
    RecordType::A,
    RecordType::Aaaa,
    RecordType::Cname,
    RecordType::Mx,
    RecordType::Ns,
    RecordType::Soa,
    RecordType::Txt,
    RecordType::Srv,
    RecordType::Ds,
    RecordType::Dnskey,
    RecordType::Tlsa,
];

/// Query string of `GET /api/lookup`.
#[derive(Deserialize)]
pub struct LookupParams {
    name: Option<String>,
    #[serde(rename = "type")]
    rtype: Option<String>,
}

/// `GET /api/lookup?name=example.jp&type=MX`: one query through the server's resolver.
/// Only names that pass `DomainName` (with service labels such as `_dmarc.` in front)
/// and the types the tools use are asked.
pub async fn lookup(
    State(state): State<AppState>,
    params: Result<QueryString<LookupParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<json::LookupResponse>, AppError> {
    let QueryString(params) = params?;
    let name = parse_query_name(params.name.as_deref().unwrap_or_default(), &state.names)
        .map_err(AppError::InvalidDomain)?;
    let rtype_text = params.rtype.unwrap_or_else(|| "MX".into());
    let rtype = RecordType::from_mnemonic(&rtype_text).filter(|rtype| API_TYPES.contains(rtype));
    let rtype = rtype.ok_or(AppError::UnsupportedType(rtype_text))?;
    let query = Query {
        name,
        rtype,
        server: None,
    };
    let outcome = state.dns.lookup(&query).await;
    tracing::debug!(name = %query.name, rtype = %query.rtype, ?outcome, "lookup");
    Ok(Json(json::LookupResponse { query, outcome }))
}

/// Every page when the front end has not been built: say how to build it.
pub async fn frontend_missing() -> (axum::http::StatusCode, axum::response::Html<&'static str>) {
    (
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        axum::response::Html(
            "<!DOCTYPE html><html lang=\"ja\"><meta charset=\"utf-8\"><title>Mailmove</title>\
             <p>フロントエンドがビルドされていません。<code>cargo xtask run</code> で起動してください。</p>\
             <p lang=\"en\">The front end has not been built. Start with <code>cargo xtask run</code>.</p></html>",
        ),
    )
}

/// `GET /api/survey?domain=example.jp[&selector=s]…[&target=google-workspace][&stream=1]`:
/// the whole domain survey as JSON (the same shape as `mailmove check --json`), or
/// with `stream=1` as NDJSON snapshots while it runs (`survey_stream`).
pub async fn survey(
    State(state): State<AppState>,
    client: Option<axum::Extension<crate::client_addr::ClientAddr>>,
    headers: axum::http::HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse as _;
    let mut domain = None;
    let mut options = SurveyOptions::default();
    let mut stream = false;
    for (key, value) in form_pairs(query.as_deref().unwrap_or_default()) {
        match key.as_str() {
            "domain" => domain = Some(value),
            "selector" => options.selectors.push(value),
            "target" => options.target = Some(value),
            // What the user typed, when the page sends the converted name as `domain`.
            "typed" => options.typed = Some(value),
            "stream" => stream = value == "1",
            _ => {}
        }
    }
    let domain_param = domain.unwrap_or_default();
    let domain =
        DomainName::parse_with(&domain_param, &state.names).map_err(AppError::InvalidDomain)?;
    options.typed.get_or_insert(domain_param);
    let counted = || {
        state
            .metrics
            .surveys
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    };
    if stream {
        // Set by the rate-limit middleware on every limited route.
        let client = client.map_or(std::net::IpAddr::from([0, 0, 0, 0]), |client| client.0.0);
        let response = crate::survey_stream::respond(
            &state,
            client,
            domain,
            options,
            crate::line_encoding::Encoding::negotiate(&headers),
        )
        .await?;
        counted();
        return Ok(response);
    }
    counted();
    let report =
        crate::survey::run(&state.dns, &state.config.policy_fetcher, domain, options).await;
    Ok(Json(json::survey_json(&report)).into_response())
}

/// `GET /api/monitor?domain=example.jp[&expect=HOST]…[&old=HOST]…[&old_ttl=S][&changed_at=UNIX]`:
/// one cutover-monitor reading. Without `expect`, the new MX is whatever the newest
/// authoritative server serves now.
pub async fn monitor(
    State(state): State<AppState>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Json<json::MonitorJson>, AppError> {
    let params = MonitorParams::parse(query.as_deref().unwrap_or_default(), &state.names)?;
    Ok(Json(
        crate::monitor::run(
            &state.dns,
            &state.config.monitor_resolvers,
            &params.domain,
            params.expectation,
        )
        .await,
    ))
}

/// The monitor's parameters, checked (shared by the API and the CLI's tests).
pub struct MonitorParams {
    /// The domain.
    pub domain: DomainName,
    /// What to expect.
    pub expectation: mailmove_core::monitor::Expectation,
}

/// At most this many `expect`/`old` hosts each: an MX set is a handful of hosts.
pub const MAX_EXPECTED_HOSTS: usize = 20;

impl MonitorParams {
    /// Reads `domain`, `expect`, `old`, `old_ttl` and `changed_at` from a query string.
    pub fn parse(
        query: &str,
        names: &mailmove_core::NamePolicy,
    ) -> Result<MonitorParams, AppError> {
        let mut domain = None;
        let (mut new_mx, mut old_mx) = (Vec::new(), Vec::new());
        let (mut old_ttl, mut changed_at) = (None, None);
        for (key, value) in form_pairs(query) {
            match key.as_str() {
                "domain" => domain = Some(value),
                "expect" | "old" => {
                    let host = parse_query_name(&value, names).map_err(AppError::InvalidDomain)?;
                    let list = if key == "expect" {
                        &mut new_mx
                    } else {
                        &mut old_mx
                    };
                    if list.len() == MAX_EXPECTED_HOSTS {
                        return Err(AppError::BadQuery(format!(
                            "{key}: at most {MAX_EXPECTED_HOSTS}"
                        )));
                    }
                    list.push(host);
                }
                "old_ttl" => {
                    old_ttl = Some(
                        value
                            .parse::<u32>()
                            .map_err(|_| AppError::BadQuery(format!("old_ttl={value}")))?,
                    );
                }
                "changed_at" => {
                    changed_at = Some(
                        value
                            .parse::<u64>()
                            .map_err(|_| AppError::BadQuery(format!("changed_at={value}")))?,
                    );
                }
                _ => {}
            }
        }
        let domain = DomainName::parse_with(domain.as_deref().unwrap_or_default(), names)
            .map_err(AppError::InvalidDomain)?;
        let expectation = mailmove_core::monitor::Expectation::new(
            new_mx.iter().map(String::as_str),
            old_mx.iter().map(String::as_str),
            old_ttl,
            changed_at,
        );
        Ok(MonitorParams {
            domain,
            expectation,
        })
    }
}

/// Query string of `GET /api/mta-sts-policy`.
#[derive(Deserialize)]
pub struct PolicyParams {
    domain: Option<String>,
}

/// `GET /api/mta-sts-policy?domain=example.jp`: the MTA-STS policy file fetched the way
/// a sending server does, for the page's in-browser survey (a browser cannot: the
/// policy host sends no CORS headers). The fetch contacts public addresses only.
pub async fn mta_sts_policy(
    State(state): State<AppState>,
    params: Result<QueryString<PolicyParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<mailmove_core::mta_sts::PolicyFetch>, AppError> {
    let QueryString(params) = params?;
    let domain = DomainName::parse_with(params.domain.as_deref().unwrap_or_default(), &state.names)
        .map_err(AppError::InvalidDomain)?;
    Ok(Json(
        state
            .config
            .policy_fetcher
            .fetch(&state.dns, domain.as_str())
            .await,
    ))
}

/// `application/x-www-form-urlencoded` pairs, repeated keys kept (the WHATWG URL
/// parser's rules, through `form_urlencoded`: `+` is a space, a `%` without two hex
/// digits stays as it is, invalid UTF-8 becomes U+FFFD). What the values may hold is
/// decided by whoever reads them: names go through `DomainName`, which refuses control
/// and invisible characters.
pub fn form_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

/// Any other `/api/…` path.
pub async fn api_not_found() -> AppError {
    AppError::NotFound
}
