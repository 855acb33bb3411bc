//! The survey in the browser: core's sans-IO `Survey`, its questions asked over a
//! DNS-over-HTTPS JSON endpoint (our server's `/dns-query`, or a public one in static
//! mode), every wanted question at once, and a report snapshot after every batch of
//! answers so the page fills in while the survey runs.
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
use mailmove_core::api as json;
use mailmove_core::dns::{Outcome, Query};
use mailmove_core::dns_json::{json_url, outcome_from_json};
use mailmove_core::mta_sts::{FetchError, PolicyFetch};
use mailmove_core::survey::{Survey, SurveyOptions};

use crate::config::Mode;
use crate::survey::{Progress, sleep};

/// One question may take this long before it counts as timed out.
const QUERY_TIMEOUT_MS: i32 = 8_000;
/// The whole survey stops here; questions still out count as timed out.
const SURVEY_DEADLINE_MS: f64 = 25_000.0;

enum Done {
    Query(Query, Outcome),
    Policy(PolicyFetch),
}

/// Runs the survey of `domain`, calling `on_progress` after every batch of answers
/// and once at the end (with `done`).
pub async fn run(
    domain: DomainName,
    options: SurveyOptions,
    mode: Mode,
    mut on_progress: impl FnMut(Progress),
) {
    let mut survey = Survey::new(domain, options);
    let (sender, mut receiver) = mpsc::unbounded::<Done>();
    let started = js_sys::Date::now();
    let mut out: Vec<Query> = Vec::new();
    let mut policy_out: Option<String> = None;
    let mut asked = 0;
    let mut answered = 0;
    loop {
        for query in survey.wanted() {
            asked += 1;
            out.push(query.clone());
            let sender = sender.clone();
            let mode = mode.clone();
            spawn_local(async move {
                let outcome = ask(&mode, &query).await;
                let _ = sender.unbounded_send(Done::Query(query, outcome));
            });
        }
        if let Some(url) = survey.wanted_policy() {
            policy_out = Some(url.clone());
            let sender = sender.clone();
            let mode = mode.clone();
            let domain = survey.domain().as_str().to_owned();
            spawn_local(async move {
                let fetch = fetch_policy(&mode, &domain, url).await;
                let _ = sender.unbounded_send(Done::Policy(fetch));
            });
        }
        if out.is_empty() && policy_out.is_none() {
            break;
        }
        let remaining = SURVEY_DEADLINE_MS - (js_sys::Date::now() - started);
        let next =
            futures::future::select(receiver.next(), Box::pin(sleep(remaining.max(0.0) as i32)));
        // Deadline (or, impossibly, every sender gone): stop here.
        let futures::future::Either::Left((Some(first), _)) = next.await else {
            break;
        };
        let mut batch = vec![first];
        while let Ok(more) = receiver.try_recv() {
            batch.push(more);
        }
        for done in batch {
            match done {
                Done::Query(query, outcome) => {
                    answered += 1;
                    out.retain(|asked| *asked != query);
                    survey.answer(query, outcome);
                }
                Done::Policy(fetch) => {
                    policy_out = None;
                    survey.answer_policy(fetch);
                }
            }
        }
        on_progress(Progress {
            report: json::survey_json(&survey.report()),
            asked,
            answered,
            done: false,
        });
    }
    for query in out {
        survey.answer(query, Outcome::Timeout);
    }
    if let Some(url) = policy_out {
        survey.answer_policy(PolicyFetch::Failed {
            url,
            error: FetchError::Timeout,
        });
    }
    on_progress(Progress {
        report: json::survey_json(&survey.report()),
        asked,
        answered,
        done: true,
    });
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
