//! `GET /api/survey?…&stream=1`: the survey as NDJSON, one `SurveyProgressJson` line
//! per batch of answers, so the page fills in as answers arrive without carrying the
//! survey engine itself.
//!
//! The survey runs in its own task and leaves its latest snapshot in a `watch`
//! channel; the response body sends whatever is newest when the client is ready for
//! more. A slow client therefore skips snapshots instead of queueing them (memory
//! stays one line per survey), and still gets the last one. A client that goes away
//! drops the body, which aborts the survey. At most `MAX_STREAMED_SURVEYS` run at
//! once: the response head leaves the server's concurrency limit before the body
//! ends, so streamed surveys are counted here.

use std::convert::Infallible;

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mailmove_core::DomainName;
use mailmove_core::api as json;
use mailmove_core::survey::SurveyOptions;
use tokio::sync::{OwnedSemaphorePermit, watch};
use tokio::task::JoinHandle;

use crate::AppState;
use crate::error::AppError;

/// Streamed surveys running at once; more get 503 `busy`.
pub const MAX_STREAMED_SURVEYS: usize = 64;

/// The NDJSON response for a survey of `domain`.
pub fn respond(
    state: &AppState,
    domain: DomainName,
    options: SurveyOptions,
) -> Result<Response, AppError> {
    let permit = state
        .streamed_surveys
        .clone()
        .try_acquire_owned()
        .map_err(|_| AppError::Busy)?;
    let (sender, receiver) = watch::channel(None::<Line>);
    let dns = state.dns.clone();
    let task = tokio::spawn(async move {
        crate::survey::run_reporting(&dns, domain, options, |batch| {
            let progress = json::SurveyProgressJson {
                asked: batch.asked,
                answered: batch.answered,
                done: batch.done,
                report: json::survey_json(&batch.survey.report()),
            };
            match serde_json::to_string(&progress) {
                Ok(mut text) => {
                    text.push('\n');
                    sender.send_replace(Some(Line {
                        text,
                        done: batch.done,
                    }));
                }
                // Cannot happen for these types (string keys only); a lost line is
                // replaced by the next.
                Err(error) => tracing::error!(%error, "survey snapshot not serialisable"),
            }
        })
        .await;
    });
    let running = Running {
        task,
        _permit: permit,
    };
    let body = futures_util::stream::unfold(
        (receiver, Some(running)),
        |(mut receiver, running)| async move {
            // After the last line: end the body (and drop the finished task).
            let running = running?;
            // An error means the task ended without a `done` line (it panicked): end.
            receiver.changed().await.ok()?;
            let line = receiver.borrow_and_update().clone()?;
            let next = (!line.done).then_some(running);
            Some((Ok::<_, Infallible>(line.text), (receiver, next)))
        },
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// One serialised snapshot.
#[derive(Clone)]
struct Line {
    text: String,
    done: bool,
}

/// The survey task and its slot; dropping it (the client went away, or the last line
/// was sent) stops the task and frees the slot.
struct Running {
    task: JoinHandle<()>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}
