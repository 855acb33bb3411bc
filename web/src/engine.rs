//! The survey in the browser: core's sans-IO `Survey`, its questions asked over a
//! DNS-over-HTTPS JSON endpoint (our server's `/dns-query`, or a public one in static
//! mode), every task core hands out at once, and a report snapshot after every batch
//! of answers so the page fills in while the survey runs. Core keeps the counts and
//! turns what is still out at the deadline into timeouts; this only starts, waits
//! and feeds, as the server's shell does (`server/src/survey.rs`).
//!
//! Built only with the `engine` feature: the static deployment has no Mailmove server
//! to stream the survey from (`crate::stream`), so the page runs the survey itself.
//! Over our own server it also works (direct questions to name servers and the
//! MTA-STS policy then go through the server, which a browser cannot do alone).

use futures::StreamExt as _;
use futures::channel::mpsc;
use gloo_net::http::Request;
use leptos::task::spawn_local;
use mailmove_core::DomainName;
use mailmove_core::api::{self as json, SurveyProgressJson};
use mailmove_core::dns::{Outcome, Query};
use mailmove_core::dns_json::{json_url, outcome_from_json};
use mailmove_core::mta_sts::{FetchError, PolicyFetch};
use mailmove_core::survey::{Finished, Survey, SurveyOptions, Task};

use crate::config::Mode;
use crate::survey::sleep;

/// One question may take this long before it counts as timed out.
const QUERY_TIMEOUT_MS: i32 = 8_000;
/// The whole survey stops here; questions still out count as timed out.
const SURVEY_DEADLINE_MS: f64 = 25_000.0;

/// Runs the survey of `domain`, calling `on_progress` after every batch of answers
/// and once at the end (with `done`).
pub async fn run(
    domain: DomainName,
    options: SurveyOptions,
    mode: Mode,
    mut on_progress: impl FnMut(SurveyProgressJson),
) {
    let mut survey = Survey::new(domain, options);
    let (sender, mut receiver) = mpsc::unbounded::<Finished>();
    let started = js_sys::Date::now();
    loop {
        for task in survey.next_tasks() {
            let sender = sender.clone();
            let mode = mode.clone();
            spawn_local(async move {
                let _ = sender.unbounded_send(perform(&mode, task).await);
            });
        }
        if !survey.is_waiting() {
            break;
        }
        let remaining = SURVEY_DEADLINE_MS - (js_sys::Date::now() - started);
        let next =
            futures::future::select(receiver.next(), Box::pin(sleep(remaining.max(0.0) as i32)));
        // Deadline (or, impossibly, every sender gone): stop here.
        let futures::future::Either::Left((Some(first), _)) = next.await else {
            break;
        };
        survey.feed(first);
        while let Ok(more) = receiver.try_recv() {
            survey.feed(more);
        }
        on_progress(json::survey_progress(&survey, false));
    }
    survey.expire();
    on_progress(json::survey_progress(&survey, true));
}

/// Runs one task.
async fn perform(mode: &Mode, task: Task) -> Finished {
    match task {
        Task::Lookup(query) => {
            let outcome = ask(mode, &query).await;
            Finished::Lookup(query, outcome)
        }
        Task::FetchPolicy { domain, url } => {
            Finished::Policy(fetch_policy(mode, &domain, url).await)
        }
    }
}

/// One question over DoH JSON. Direct questions to a name server need our server.
async fn ask(mode: &Mode, query: &Query) -> Outcome {
    let url = match (query.server, mode.has_server()) {
        (None, _) => json_url(mode.doh(), query),
        (Some(server), true) => format!("{}&server={server}", json_url(mode.doh(), query)),
        (Some(_), false) => return Outcome::NotAsked,
    };
    let request = async {
        let response = Request::get(&url)
            .header("Accept", "application/dns-json")
            .send()
            .await
            .ok()?;
        match response.status() {
            200 => {
                let body = response.text().await.ok()?;
                Some(outcome_from_json(query, &body).unwrap_or(Outcome::ServFail))
            }
            // Our server refuses names and types it would never ask; for a question the
            // survey generated that means "could not check", not "does not exist".
            400 | 403 => Some(Outcome::Refused),
            _ => Some(Outcome::ServFail),
        }
    };
    match futures::future::select(Box::pin(request), Box::pin(sleep(QUERY_TIMEOUT_MS))).await {
        futures::future::Either::Left((Some(outcome), _)) => outcome,
        // Network failure or timeout: nothing learnt about the domain.
        _ => Outcome::Timeout,
    }
}

/// The MTA-STS policy file, through our server (a browser cannot fetch it: the policy
/// host sends no CORS headers, and the check must be the one a sending server makes).
async fn fetch_policy(mode: &Mode, domain: &str, url: String) -> PolicyFetch {
    let not_asked = || PolicyFetch::Failed {
        url: url.clone(),
        error: FetchError::NotAsked,
    };
    if !mode.has_server() {
        return not_asked();
    }
    let request = async {
        let response = Request::get(&format!("/api/mta-sts-policy?domain={domain}"))
            .send()
            .await
            .ok()?;
        if !response.ok() {
            return None;
        }
        response.json::<PolicyFetch>().await.ok()
    };
    match futures::future::select(Box::pin(request), Box::pin(sleep(QUERY_TIMEOUT_MS + 4_000)))
        .await
    {
        futures::future::Either::Left((Some(fetch), _)) => fetch,
        _ => not_asked(),
    }
}
