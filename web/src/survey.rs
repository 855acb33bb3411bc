//! Running a check: where the survey runs depends on how the page is deployed.
//!
//! - **With its Mailmove server** (the usual case) the server runs the survey and
//!   streams snapshots (`crate::stream`): the page carries only the drawing.
//! - **Static deployment** (`config::Mode::Static`, no server) needs the survey engine
//!   in the page (`crate::engine`, the `engine` feature, which `cargo xtask dist
//!   --static-doh` turns on).

use mailmove_core::DomainName;
use mailmove_core::api::SurveyProgressJson;
use mailmove_core::survey::SurveyOptions;

use crate::api;
use crate::config::Mode;
use crate::i18n;

/// Why a check stopped without a finished report.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// The server refused the check or could not be reached.
    Api(api::Error),
    /// The stream broke off before its last snapshot; what arrived is shown as it is.
    Interrupted,
    /// A static deployment of a build without the survey engine.
    NoEngine,
}

impl Failure {
    /// The message to show, in `lang`.
    pub fn message(&self, lang: mailmove_core::Lang) -> String {
        match self {
            Failure::Api(error) => error.message(lang),
            Failure::Interrupted => i18n::SURVEY_INTERRUPTED.get(lang).to_owned(),
            Failure::NoEngine => i18n::STATIC_NEEDS_ENGINE.get(lang).to_owned(),
        }
    }
}

/// Surveys `domain`, calling `on_progress` with every snapshot; the last has `done`
/// unless this returns a failure.
///
/// A build with the engine runs it whatever the mode (over its server's DoH endpoint
/// when it has one): reading the stream would add the report's JSON decoder to the
/// larger bundle for nothing (the CHANGELOG has the measurement).
pub async fn run(
    domain: DomainName,
    options: SurveyOptions,
    mode: Mode,
    on_progress: impl FnMut(SurveyProgressJson),
) -> Result<(), Failure> {
    #[cfg(feature = "engine")]
    {
        crate::engine::run(domain, options, mode, on_progress).await;
        Ok(())
    }
    #[cfg(not(feature = "engine"))]
    match mode {
        Mode::Server => crate::stream::run(&domain, &options, on_progress).await,
        Mode::Static { .. } => Err(Failure::NoEngine),
    }
}

/// Resolves after `ms` milliseconds.
pub(crate) async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A named moment in the browser's performance timeline (`performance.mark`): the page
/// benchmark (`cargo bench -p mailmove-e2e --bench page_load`) reads them.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}

/// What the report's "download JSON" button saves, prepared when the report is drawn.
pub struct ReportFile {
    /// `mailmove-<domain>.json`.
    pub name: String,
    #[cfg(not(feature = "engine"))]
    domain: String,
    /// The engine's report, written here (that build carries the JSON writer anyway).
    #[cfg(feature = "engine")]
    json: String,
}

impl ReportFile {
    /// The file for `report`.
    pub fn of(report: &mailmove_core::api::SurveyJson) -> ReportFile {
        ReportFile {
            name: format!("mailmove-{}.json", report.domain),
            #[cfg(not(feature = "engine"))]
            domain: report.domain.clone(),
            #[cfg(feature = "engine")]
            json: serde_json::to_string_pretty(report).unwrap_or_default(),
        }
    }

    /// The indented JSON: with a server, the stream's own newest line for this domain.
    pub fn json(&self) -> Option<String> {
        #[cfg(feature = "engine")]
        return Some(self.json.clone());
        #[cfg(not(feature = "engine"))]
        return crate::stream::newest_report_json(&self.domain);
    }
}
