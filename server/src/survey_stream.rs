//! `GET /api/survey?…&stream=1`: the survey as NDJSON, one `SurveyProgressJson` line
//! per batch of answers, so the page fills in as answers arrive without carrying the
//! survey engine itself.
//!
//! The survey runs in its own task and leaves its latest snapshot in a `watch`
//! channel; the response body sends whatever is newest when the client is ready for
//! more, and at most one line per `LINE_INTERVAL` besides the last, which goes at
//! once. A slow client therefore skips snapshots instead of queueing them (memory
//! stays one line per survey), and still gets the last one. A client that goes away
//! drops the body, which aborts the survey. At most `MAX_STREAMED_SURVEYS` run at
//! once, and a few per client (`stream_slots`): the response head leaves the server's
//! concurrency limit before the body ends, so streamed surveys are counted here. The
//! slot belongs to the survey task, which ends by `SURVEY_DEADLINE` at the latest, so
//! a client that stops reading cannot keep it.
//!
//! Lines are compressed as the client accepts (`line_encoding`), each flushed whole.

use std::convert::Infallible;

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mailmove_core::DomainName;
use mailmove_core::api as json;
use mailmove_core::survey::SurveyOptions;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::{Duration, Instant};

use crate::AppState;
use crate::error::AppError;
use crate::line_encoding::{Encoding, LineEncoder};
use crate::stream_slots::NoSlot;

/// Streamed surveys running at once; more get 503 `busy`.
pub const MAX_STREAMED_SURVEYS: usize = 64;

/// Lines other than the last are at least this far apart: a survey can have a
/// hundred batches, and each line is the whole report.
pub const LINE_INTERVAL: Duration = Duration::from_millis(150);

/// The NDJSON response for `client`'s survey of `domain`.
pub async fn respond(
    state: &AppState,
    client: std::net::IpAddr,
    domain: DomainName,
    options: SurveyOptions,
    encoding: Encoding,
) -> Result<Response, AppError> {
    let slot = crate::stream_slots::acquire(state, &state.streamed_surveys, client)
        .await
        .map_err(|no_slot| match no_slot {
            NoSlot::Busy => AppError::Busy,
            NoSlot::ClientAtCap => {
                tracing::info!(%client, "streamed surveys: client at its cap");
                AppError::TooManyRequests {
                    retry_after: crate::stream_slots::STREAM_RETRY_AFTER,
                }
            }
        })?;
    let (sender, receiver) = watch::channel(None::<Line>);
    let dns = state.dns.clone();
    let policy = state.config.policy_fetcher.clone();
    let task = tokio::spawn(async move {
        // Freed when the survey ends, whether or not anyone reads its lines.
        let _slot = slot;
        crate::survey::run_reporting(&dns, &policy, domain, options, |survey, done| {
            let progress = json::survey_progress(survey, done);
            match serde_json::to_string(&progress) {
                Ok(mut text) => {
                    text.push('\n');
                    sender.send_replace(Some(Line { text, done }));
                }
                // Cannot happen for these types (string keys only); a lost line is
                // replaced by the next.
                Err(error) => tracing::error!(%error, "survey snapshot not serialisable"),
            }
        })
        .await;
    });
    let running = Running(task);
    let body = futures_util::stream::unfold(
        (
            receiver,
            Some((running, LineEncoder::new(encoding))),
            Instant::now(),
        ),
        |(mut receiver, running, not_before)| async move {
            // After the last line: end the body (and drop the finished task).
            let (running, mut encoder) = running?;
            // An error means the task ended without a `done` line (it panicked): end.
            receiver.changed().await.ok()?;
            wait_for_turn(&mut receiver, not_before).await;
            let line = receiver.borrow_and_update().clone()?;
            let (bytes, next) = if line.done {
                (encoder.last_line(line.text), None)
            } else {
                (encoder.line(line.text), Some((running, encoder)))
            };
            Some((
                Ok::<_, Infallible>(bytes),
                (receiver, next, Instant::now() + LINE_INTERVAL),
            ))
        },
    );
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // Reverse proxies (nginx) would otherwise hold the lines back.
            (header::HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        Body::from_stream(body),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("accept-encoding"),
    );
    if let Some(value) = encoding.header_value() {
        headers.insert(header::CONTENT_ENCODING, value);
    }
    Ok(response)
}

/// One serialised snapshot.
#[derive(Clone)]
struct Line {
    text: String,
    done: bool,
}

/// Waits until `not_before`, taking newer snapshots meanwhile; the last one ends the
/// wait at once.
async fn wait_for_turn(receiver: &mut watch::Receiver<Option<Line>>, not_before: Instant) {
    let is_last = |receiver: &watch::Receiver<Option<Line>>| {
        receiver.borrow().as_ref().is_some_and(|line| line.done)
    };
    let turn = tokio::time::sleep_until(not_before);
    tokio::pin!(turn);
    while !is_last(receiver) {
        tokio::select! {
            () = &mut turn => return,
            changed = receiver.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

/// The survey task; dropping it (the client went away, or the last line was sent)
/// stops the task.
struct Running(JoinHandle<()>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.abort();
    }
}
