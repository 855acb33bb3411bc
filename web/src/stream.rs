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
    let url = url(domain, options);
    let response = match early(&url) {
        Some(response) => JsFuture::from(response)
            .await
            .map_err(|_| network(&"fetch failed"))?
            .dyn_into::<web_sys::Response>()
            .map(gloo_net::http::Response::from)
            .map_err(|_| network(&"not a response"))?,
        None => Request::get(&url)
            .header("Accept", "application/x-ndjson")
            .send()
            .await
            .map_err(|error| network(&error))?,
    };
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
        NEWEST.with_borrow_mut(|newest| {
            newest.clear();
            newest.push_str(lines.newest_line());
        });
        let done = line.done;
        on_progress(line);
        if done {
            return Ok(());
        }
    }
}

thread_local! {
    /// The newest snapshot line, as the server wrote it.
    static NEWEST: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The report of the newest snapshot of `domain` as the browser's JSON reads it, or
/// `None` when the newest snapshot is another domain's. The page writes what it keeps
/// and saves from it (the download, the planner's snapshot), so it carries no JSON
/// writer for the report.
fn newest_report(domain: &str) -> Option<wasm_bindgen::JsValue> {
    NEWEST.with_borrow(|line| {
        let value = js_sys::JSON::parse(line).ok()?;
        let report = js_sys::Reflect::get(&value, &"report".into()).ok()?;
        let of = js_sys::Reflect::get(&report, &"domain".into())
            .ok()?
            .as_string();
        (of.as_deref() == Some(domain)).then_some(report)
    })
}

/// The newest report of `domain`, indented, for download: the server's own text.
pub fn newest_report_json(domain: &str) -> Option<String> {
    let report = newest_report(domain)?;
    js_sys::JSON::stringify_with_replacer_and_space(
        &report,
        &wasm_bindgen::JsValue::NULL,
        &wasm_bindgen::JsValue::from(2),
    )
    .ok()?
    .as_string()
}

/// The planner's snapshot (core `records::Snapshot`: the same fields in the same
/// order) of the newest report of `domain`, checked at `checked_at` (Unix seconds).
pub fn newest_snapshot_json(domain: &str, checked_at: u64) -> Option<String> {
    let report = newest_report(domain)?;
    let get =
        |value: &wasm_bindgen::JsValue, key: &str| js_sys::Reflect::get(value, &key.into()).ok();
    let tree = get(&report, "facts")
        .and_then(|facts| get(&facts, "spf"))
        .and_then(|spf| get(&spf, "tree"))
        .unwrap_or(wasm_bindgen::JsValue::NULL);
    let snapshot = js_sys::Object::new();
    let set = |key: &str, value: &wasm_bindgen::JsValue| {
        js_sys::Reflect::set(&snapshot, &key.into(), value).is_ok()
    };
    let complete = set("domain", &domain.into())
        && set("checked_at", &(checked_at as f64).into())
        && set("records", &get(&report, "records")?)
        && set("spf_tree", &tree);
    complete.then(|| js_sys::JSON::stringify(&snapshot).ok()?.as_string())?
}

/// The response of the survey that index.html started before the WebAssembly loaded
/// (`window.mailmoveEarlySurvey`), when it asked `url`: taken once. One for another URL
/// (the link's name was not written as the page writes it) is aborted.
fn early(url: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str("mailmoveEarlySurvey");
    let started = js_sys::Reflect::get(&window, &key).ok()?;
    if started.is_undefined() {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let field = |name: &str| js_sys::Reflect::get(&started, &name.into()).ok();
    if field("url")?.as_string().as_deref() == Some(url) {
        return field("response")?.dyn_into().ok();
    }
    if let Some(abort) =
        field("abort").and_then(|abort| abort.dyn_into::<web_sys::AbortController>().ok())
    {
        abort.abort();
    }
    None
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
