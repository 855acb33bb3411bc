//! DNS over HTTPS for the browser, restricted to what the tools ask.
//!
//! Two forms on `/dns-query`: RFC 8484 (`GET ?dns=` base64url, `POST` with
//! `application/dns-message`) and the JSON form of Google and Cloudflare
//! (`GET ?name=&type=`, also on `/resolve`). Every question goes through the same
//! checks as `/api/lookup`: one question, class IN, a type the tools use, and a name
//! that passes `DomainName` (service labels such as `_dmarc.` in front allowed).
//! ANY, AXFR, IXFR, PTR, internal names and IP literals are refused: in the JSON form
//! with a 400 that says why, in the wire form with a DNS answer whose RCODE is
//! REFUSED inside HTTP 200 (RFC 8484 §4.2.1 keeps HTTP errors for HTTP failures), the
//! reason in an Extended DNS Error when the client speaks EDNS. **It must never
//! become an open resolver**: anything the survey would not ask is refused before a
//! packet leaves.
//!
//! Negative answers (NXDOMAIN, NODATA) carry the zone's SOA in the authority section
//! (`Authority` in JSON), its TTL the negative TTL counted down, so clients cache the
//! absence as long as the zone says (RFC 2308 §5).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use hickory_resolver::proto::op::{Edns, Message, MessageType, OpCode, ResponseCode};
use hickory_resolver::proto::rr::DNSClass;
use hickory_resolver::proto::rr::rdata::opt::EdnsOption;
use mailmove_core::dns::{Outcome, Query, RecordType};
use mailmove_core::parse_query_name;
use serde::Serialize;

use crate::AppState;
use mailmove_core::dns_json::{type_from_number, type_number};

use crate::cache::Answer;
use crate::dns::to_hickory_record;
use crate::error::AppError;
use crate::routes::{API_TYPES, form_pairs};

/// RFC 8484 §6: the media type of a DNS message.
pub const DNS_MESSAGE: &str = "application/dns-message";
/// The JSON form's media type (Cloudflare's name for it).
pub const DNS_JSON: &str = "application/dns-json";
/// A query message is a few dozen octets; anything near this is not a question.
pub const MAX_MESSAGE: usize = 1024;

/// `GET /dns-query?dns=…` (RFC 8484) or `GET /dns-query?name=…&type=…` (JSON).
pub async fn get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let pairs = form_pairs(raw.as_deref().unwrap_or_default());
    let param = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    if let Some(encoded) = param("dns") {
        // RFC 8484 §4.1: base64url without padding; tolerate padding anyway.
        let encoded = encoded.trim_end_matches('=');
        if encoded.len() > MAX_MESSAGE * 4 / 3 + 4 {
            return Err(AppError::BadDnsMessage("the message is too long".into()));
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|error| AppError::BadDnsMessage(format!("not base64url: {error}")))?;
        return wire(&state, &bytes).await;
    }
    if let Some(name) = param("name") {
        let rtype = param("type").unwrap_or_else(|| "A".into());
        if let Some(server) = param("server") {
            return direct_json(&state, &name, &rtype, &server).await;
        }
        return json(&state, &name, &rtype).await;
    }
    Err(AppError::BadQuery(
        "give `dns` (RFC 8484) or `name` and `type` (JSON)".into(),
    ))
}

/// `GET /resolve?name=…&type=…`: the JSON form under Google's path.
pub async fn resolve(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let pairs = form_pairs(raw.as_deref().unwrap_or_default());
    let param = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let name = param("name").ok_or_else(|| AppError::BadQuery("`name` is missing".into()))?;
    let rtype = param("type").unwrap_or_else(|| "A".into());
    json(&state, &name, &rtype).await
}

/// `POST /dns-query` with an `application/dns-message` body.
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if !content_type.eq_ignore_ascii_case(DNS_MESSAGE) {
        return Err(AppError::UnsupportedMediaType(content_type.to_owned()));
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BodyTooLarge
        } else {
            AppError::BadQuery(rejection.body_text())
        }
    })?;
    wire(&state, &body).await
}

/// Checks a question against the restrictions; the query to ask when it passes.
fn admit(
    state: &AppState,
    name: &str,
    rtype: Option<RecordType>,
    shown: &str,
) -> Result<Query, AppError> {
    let rtype = rtype
        .filter(|rtype| API_TYPES.contains(rtype))
        .ok_or_else(|| AppError::UnsupportedType(shown.to_owned()))?;
    let name = parse_query_name(name, &state.names).map_err(AppError::InvalidDomain)?;
    Ok(Query {
        name,
        rtype,
        server: None,
    })
}

async fn wire(state: &AppState, bytes: &[u8]) -> Result<Response, AppError> {
    if bytes.len() > MAX_MESSAGE {
        return Err(AppError::BodyTooLarge);
    }
    let request = Message::from_vec(bytes)
        .map_err(|error| AppError::BadDnsMessage(format!("cannot decode: {error}")))?;
    let meta = &request.metadata;
    if meta.message_type != MessageType::Query {
        // Not a question at all: nothing to answer in DNS terms.
        return Err(AppError::BadDnsMessage(
            "only standard queries are answered".into(),
        ));
    }
    if meta.op_code != OpCode::Query {
        // RFC 1035 §4.1.1: "The name server does not support the requested kind of query."
        return Ok(refusal(
            &request,
            ResponseCode::NotImp,
            "only standard queries are answered",
        ));
    }
    let [question] = request.queries.as_slice() else {
        // RFC 9619: a query with other than one question is a format error.
        return Ok(refusal(
            &request,
            ResponseCode::FormErr,
            "exactly one question is answered",
        ));
    };
    if question.query_class != DNSClass::IN {
        return Ok(refusal(
            &request,
            ResponseCode::Refused,
            "only class IN is answered",
        ));
    }
    let number = u16::from(question.query_type);
    let shown = question.query_type.to_string();
    let query = match admit(
        state,
        &question.name.to_ascii(),
        type_from_number(number),
        &shown,
    ) {
        Ok(query) => query,
        Err(error) => {
            return Ok(refusal(
                &request,
                ResponseCode::Refused,
                &refusal_reason(&error),
            ));
        }
    };
    let answer = state.dns.lookup_answer(&query).await;
    let outcome = &answer.outcome;

    let mut response = response_to(&request);
    response.metadata.response_code = response_code(outcome);
    if let Outcome::Records { records } = outcome {
        for record in records {
            if let Some(record) = to_hickory_record(record) {
                response.add_answer(record);
            }
        }
    }
    if let Some(soa) = negative_soa(&answer).and_then(to_hickory_record) {
        response.add_authority(soa);
    }
    let body = response
        .to_vec()
        .map_err(|error| AppError::BadDnsMessage(format!("cannot encode the answer: {error}")))?;
    Ok(answer_response(DNS_MESSAGE, body, outcome))
}

/// The response skeleton for `request`: its ID (RFC 8484 §4.1: 0 in a GET for
/// cacheability; whatever came is echoed), RD, RA and its questions.
fn response_to(request: &Message) -> Message {
    let mut response = Message::response(request.metadata.id, request.metadata.op_code);
    response.metadata.recursion_desired = request.metadata.recursion_desired;
    response.metadata.recursion_available = true;
    response.add_queries(request.queries.iter().cloned());
    response
}

/// A question refused by policy (or not understood), answered in DNS: `code` inside
/// HTTP 200, the reason as an Extended DNS Error (RFC 8914, code 18 "Prohibited" for a
/// refusal, 0 "Other" otherwise) when the client sent EDNS (RFC 6891 §7: no OPT in a
/// response to a query without one). Never cached by HTTP: the policy may change.
fn refusal(request: &Message, code: ResponseCode, reason: &str) -> Response {
    tracing::info!(%code, reason, "DoH question refused");
    let mut response = response_to(request);
    response.metadata.response_code = code;
    if request.edns.is_some() {
        let info_code: u16 = if code == ResponseCode::Refused { 18 } else { 0 };
        let mut data = info_code.to_be_bytes().to_vec();
        data.extend_from_slice(reason.as_bytes());
        let mut edns = Edns::new();
        edns.set_max_payload(1232);
        edns.options_mut()
            .insert(EdnsOption::Unknown(EXTENDED_DNS_ERROR, data));
        response.set_edns(edns);
    }
    match response.to_vec() {
        Ok(body) => answer_response(DNS_MESSAGE, body, &Outcome::Refused),
        Err(error) => {
            AppError::BadDnsMessage(format!("cannot encode the answer: {error}")).into_response()
        }
    }
}

/// RFC 8914's EDNS option code.
const EXTENDED_DNS_ERROR: u16 = 15;

/// Why a question was refused, in English (the Extended DNS Error's text).
fn refusal_reason(error: &AppError) -> String {
    match error {
        AppError::InvalidDomain(error) => error.message(mailmove_core::Lang::En),
        AppError::UnsupportedType(rtype) => {
            format!("type {rtype} is not answered: only the types the mail tools read")
        }
        other => format!("{other:?}"),
    }
}

/// The zone's SOA of a negative answer, its TTL never beyond the negative TTL left.
fn negative_soa(answer: &Answer) -> Option<&mailmove_core::dns::Record> {
    match answer.outcome {
        Outcome::NoData { .. } | Outcome::NxDomain { .. } => answer.soa.as_ref(),
        _ => None,
    }
}

/// Google's and Cloudflare's JSON answer.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct JsonAnswer {
    status: u16,
    #[serde(rename = "TC")]
    tc: bool,
    #[serde(rename = "RD")]
    rd: bool,
    #[serde(rename = "RA")]
    ra: bool,
    #[serde(rename = "AD")]
    ad: bool,
    #[serde(rename = "CD")]
    cd: bool,
    question: Vec<JsonQuestion>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    answer: Vec<JsonRecord>,
    /// A negative answer's SOA, as Google and Cloudflare put it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authority: Vec<JsonRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
}

#[derive(Debug, Serialize)]
struct JsonQuestion {
    name: String,
    #[serde(rename = "type")]
    rtype: u16,
}

#[derive(Debug, Serialize)]
struct JsonRecord {
    name: String,
    #[serde(rename = "type")]
    rtype: u16,
    #[serde(rename = "TTL")]
    ttl: u32,
    /// Presentation form, TXT quoted as Cloudflare does.
    data: String,
}

async fn json(state: &AppState, name: &str, rtype_text: &str) -> Result<Response, AppError> {
    let query = admit(state, name, parse_type(rtype_text), rtype_text)?;
    let answer = state.dns.lookup_answer(&query).await;
    json_answer(&query, &answer)
}

/// The type by mnemonic or number, as both services accept.
fn parse_type(text: &str) -> Option<RecordType> {
    match text.parse::<u16>() {
        Ok(number) => type_from_number(number),
        Err(_) => RecordType::from_mnemonic(text),
    }
}

/// Our extension `&server=IP`: the SOA of a zone as one of its own name servers serves
/// it (what the survey's NS-consistency check asks; a browser cannot send a DNS packet
/// to a chosen server). Only the SOA, only of a zone apex, and only to an address of
/// one of that zone's name servers: never a way to send questions anywhere else. The
/// server's direct-question policy applies on top (public addresses only).
async fn direct_json(
    state: &AppState,
    name: &str,
    rtype_text: &str,
    server: &str,
) -> Result<Response, AppError> {
    let query = admit(state, name, parse_type(rtype_text), rtype_text)?;
    if query.rtype != RecordType::Soa {
        return Err(AppError::BadQuery(
            "`server` is only for SOA questions".into(),
        ));
    }
    let server: std::net::IpAddr = server
        .parse()
        .map_err(|_| AppError::BadQuery(format!("`server` is not an IP address: {server}")))?;
    if !is_name_server_of(state, &query.name, server).await {
        return Err(AppError::NotANameServer(server.to_string()));
    }
    let direct = Query::at(&query.name, RecordType::Soa, server);
    let answer = state.dns.lookup_answer(&direct).await;
    json_answer(&query, &answer)
}

/// Whether `ip` is an address of one of `zone`'s NS hosts (answers from the cache).
async fn is_name_server_of(state: &AppState, zone: &str, ip: std::net::IpAddr) -> bool {
    let Outcome::Records { records } = state.dns.lookup(&Query::new(zone, RecordType::Ns)).await
    else {
        return false;
    };
    let hosts: Vec<String> = records
        .iter()
        .filter_map(|record| match &record.data {
            mailmove_core::dns::RecordData::Ns { host } => Some(host.clone()),
            _ => None,
        })
        .take(10)
        .collect();
    for host in hosts {
        for rtype in [RecordType::A, RecordType::Aaaa] {
            if let Outcome::Records { records } = state.dns.lookup(&Query::new(&host, rtype)).await
            {
                let found = records.iter().any(|record| match record.data {
                    mailmove_core::dns::RecordData::A { address } => {
                        ip == std::net::IpAddr::V4(address)
                    }
                    mailmove_core::dns::RecordData::Aaaa { address } => {
                        ip == std::net::IpAddr::V6(address)
                    }
                    _ => false,
                });
                if found {
                    return true;
                }
            }
        }
    }
    false
}

fn json_record(record: &mailmove_core::dns::Record) -> JsonRecord {
    JsonRecord {
        name: format!("{}.", record.name),
        rtype: type_number(record.data.record_type()),
        ttl: record.ttl,
        data: record.data.to_string(),
    }
}

fn json_answer(query: &Query, found: &Answer) -> Result<Response, AppError> {
    let outcome = found.outcome.clone();
    let answer: Vec<JsonRecord> = match &outcome {
        Outcome::Records { records } => records.iter().map(json_record).collect(),
        _ => Vec::new(),
    };
    let authority: Vec<JsonRecord> = negative_soa(found).map(json_record).into_iter().collect();
    let comment = match outcome {
        Outcome::Timeout => Some("upstream timed out".to_owned()),
        Outcome::Refused => Some("upstream refused".to_owned()),
        Outcome::NotAsked => Some("not asked: the server's address is not public".to_owned()),
        _ => None,
    };
    let body = JsonAnswer {
        status: u16::from(response_code(&outcome)),
        tc: false,
        rd: true,
        ra: true,
        ad: false,
        cd: false,
        question: vec![JsonQuestion {
            name: format!("{}.", query.name),
            rtype: type_number(query.rtype),
        }],
        answer,
        authority,
        comment,
    };
    let bytes = serde_json::to_vec(&body)
        .map_err(|error| AppError::BadQuery(format!("cannot encode: {error}")))?;
    Ok(answer_response(DNS_JSON, bytes, &outcome))
}

/// The DNS response code for an outcome. An upstream REFUSED becomes SERVFAIL: we
/// did not refuse the client, our upstream failed us.
fn response_code(outcome: &Outcome) -> ResponseCode {
    match outcome {
        Outcome::Records { .. } | Outcome::NoData { .. } => ResponseCode::NoError,
        Outcome::NxDomain { .. } => ResponseCode::NXDomain,
        Outcome::ServFail | Outcome::Timeout | Outcome::Refused | Outcome::NotAsked => {
            ResponseCode::ServFail
        }
    }
}

/// RFC 8484 §5.1: HTTP freshness no longer than the smallest TTL in the answer.
fn answer_response(media_type: &'static str, body: Vec<u8>, outcome: &Outcome) -> Response {
    let max_age = match outcome {
        Outcome::Records { records } => records.iter().map(|record| record.ttl).min().unwrap_or(0),
        Outcome::NoData { negative_ttl } | Outcome::NxDomain { negative_ttl } => {
            negative_ttl.unwrap_or(0)
        }
        _ => 0,
    };
    let cache_control = if max_age == 0 {
        HeaderValue::from_static("no-store")
    } else {
        HeaderValue::from_str(&format!("max-age={max_age}"))
            .unwrap_or(HeaderValue::from_static("no-store"))
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
            (header::CACHE_CONTROL, cache_control),
        ],
        body,
    )
        .into_response()
}
