//! The survey streamed from the page's server: `GET /api/survey?…&stream=1` sends one
//! `SurveyProgressJson` per line as answers arrive (NDJSON). Each line is a whole
//! snapshot, so only the newest complete line of a chunk is read and drawn (core's
//! `api::ProgressReader`, tested there on every split of a line).

use gloo_net::http::Request;
use mailmove_core::DomainName;
use mailmove_core::api as json;
use mailmove_core::survey::SurveyOptions;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::JsFuture;

use crate::api;
use crate::survey::{Failure, sleep};

/// The server ends every survey within 15 s; silence this long means it is gone.
const STALL_MS: i32 = 25_000;

/// Streams the survey of `domain`, calling `on_progress` with each snapshot drawn.
pub async fn run(
    domain: &DomainName,
    options: &SurveyOptions,
    mut on_progress: impl FnMut(json::SurveyProgressJson),
) -> Result<(), Failure> {
    let network =
        |error: &dyn std::fmt::Display| Failure::Api(api::Error::Network(error.to_string()));
    let response = Request::get(&url(domain, options))
        .header("Accept", "application/x-ndjson")
        .send()
        .await
        .map_err(|error| network(&error))?;
    if !response.ok() {
        return Err(Failure::Api(
            match response.json::<json::ApiError>().await {
                Ok(error) => api::Error::Api(error),
                Err(_) => api::Error::Http {
                    status: response.status(),
                },
            },
        ));
    }
    let reader: web_sys::ReadableStreamDefaultReader = response
        .body()
        .ok_or(Failure::Interrupted)?
        .get_reader()
        .unchecked_into();
    let mut lines = json::ProgressReader::default();
    loop {
        let Some(chunk) = read(&reader).await else {
            let _ = reader.cancel();
            return Err(Failure::Interrupted);
        };
        let Some(chunk) = chunk else {
            // The body ended without a `done` line.
            return Err(Failure::Interrupted);
        };
        let line = match lines.push(&chunk) {
            Ok(Some(line)) => line,
            Ok(None) => continue,
            Err(_) => {
                let _ = reader.cancel();
                return Err(Failure::Interrupted);
            }
        };
        let done = line.done;
        on_progress(line);
        if done {
            return Ok(());
        }
    }
}

/// `/api/survey?domain=…&selector=…&target=…&stream=1`.
fn url(domain: &DomainName, options: &SurveyOptions) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return format!("/api/survey?domain={}&stream=1", domain.as_str());
    };
    params.append("domain", domain.as_str());
    for selector in &options.selectors {
        params.append("selector", selector);
    }
    if let Some(target) = &options.target {
        params.append("target", target);
    }
    if let Some(typed) = options
        .typed
        .as_deref()
        .filter(|typed| *typed != domain.as_str())
    {
        params.append("typed", typed);
    }
    params.append("stream", "1");
    format!("/api/survey?{}", String::from(params.to_string()))
}

/// The next chunk: `Some(Some(bytes))`, `Some(None)` at the end of the body, `None`
/// when reading failed or stalled.
async fn read(reader: &web_sys::ReadableStreamDefaultReader) -> Option<Option<Vec<u8>>> {
    let next = JsFuture::from(reader.read());
    let futures::future::Either::Left((Ok(result), _)) =
        futures::future::select(next, Box::pin(sleep(STALL_MS))).await
    else {
        return None;
    };
    let done = js_sys::Reflect::get(&result, &"done".into())
        .ok()?
        .as_bool()
        .unwrap_or(true);
    if done {
        return Some(None);
    }
    let value = js_sys::Reflect::get(&result, &"value".into()).ok()?;
    Some(Some(value.dyn_into::<js_sys::Uint8Array>().ok()?.to_vec()))
}
