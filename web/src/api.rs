//! Typed client for the server's API (the contract is `mailmove_core::api`).

use gloo_net::http::Request;
use mailmove_core::api as json;
use mailmove_core::dns::RecordType;
use mailmove_core::{DomainName, Lang};

/// Why a call failed. Clone + PartialEq because it lives in signals.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// The request did not complete (offline, server down, unreadable body).
    Network(String),
    /// The server answered with an error body.
    Api(json::ApiError),
    /// The server answered with an unexpected status and no error body.
    Http {
        /// The HTTP status.
        status: u16,
    },
}

impl Error {
    /// The message to show, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Network(_) => crate::i18n::NETWORK_ERROR.get(lang).to_owned(),
            Error::Api(error) => error.message.get(lang).to_owned(),
            Error::Http { status } => format!("HTTP {status}"),
        }
    }
}

/// `GET /api/version`.
pub async fn version() -> Result<json::Health, Error> {
    get_json("/api/version").await
}

/// `GET /api/lookup`.
pub async fn lookup(name: &DomainName, rtype: RecordType) -> Result<json::LookupResponse, Error> {
    get_json(&format!(
        "/api/lookup?name={}&type={}",
        name.as_str(),
        rtype.as_str()
    ))
    .await
}

async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, Error> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|error| Error::Network(error.to_string()))?;
    if response.ok() {
        response
            .json::<T>()
            .await
            .map_err(|error| Error::Network(error.to_string()))
    } else {
        Err(failure(response).await)
    }
}

/// Why a request the server answered with an error status failed: its JSON error, or
/// the bare status.
async fn failure(response: gloo_net::http::Response) -> Error {
    match response.json::<json::ApiError>().await {
        Ok(error) => Error::Api(error),
        Err(_) => Error::Http {
            status: response.status(),
        },
    }
}

/// `GET /api/monitor?…` with `query` already encoded.
pub async fn monitor(query: &str) -> Result<json::MonitorJson, Error> {
    get_json(&format!("/api/monitor?{query}")).await
}

/// `POST /api/probe/addresses`: the answer's text, for core to read what the plan
/// keeps (`plan::Acceptance::from_answer`).
pub async fn probe_addresses(request: &json::AddressProbeRequest) -> Result<String, Error> {
    let response = Request::post("/api/probe/addresses")
        .json(request)
        .map_err(|error| Error::Network(error.to_string()))?
        .send()
        .await
        .map_err(|error| Error::Network(error.to_string()))?;
    if response.ok() {
        return response
            .text()
            .await
            .map_err(|error| Error::Network(error.to_string()));
    }
    Err(failure(response).await)
}
