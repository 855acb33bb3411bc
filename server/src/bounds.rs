//! The bounds every request meets before its route: a declared body over `MAX_BODY`
//! is refused (413) at once, one concurrency limit for the whole server sheds load
//! with an immediate 503 and `Retry-After` instead of queueing, and the request
//! timeout counts everything from the moment the request reaches the router.
//!
//! Why a middleware holding a semaphore in `AppState` and not tower's
//! `ConcurrencyLimitLayer`: axum's `Router::layer` wraps every route in its own copy of
//! the layer, so the tower limit was one limit per route; and a limit that queues puts
//! the waiting outside the timeout that sits inside it (a polite survey took 30 s).
//! A streamed survey's body outlives its request, so it also holds a slot of its own
//! (`survey_stream`); this limit is released when the response head is ready.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::error::AppError;
use crate::{AppState, MAX_BODY, MAX_CONCURRENT_REQUESTS, REQUEST_TIMEOUT};

/// Seconds a client shed for load is told to wait (`Retry-After`): requests take
/// milliseconds to a few seconds, so a slot is usually free by then.
pub const OVERLOADED_RETRY_AFTER: u64 = 2;

/// How much work the server takes on at once, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Requests served at once; one more is answered 503 at once.
    pub concurrent_requests: usize,
    /// No request runs longer than this, from the moment it reaches the router.
    pub request_timeout: Duration,
}

impl Default for Bounds {
    /// `MAX_CONCURRENT_REQUESTS` and `REQUEST_TIMEOUT`.
    fn default() -> Self {
        Bounds {
            concurrent_requests: MAX_CONCURRENT_REQUESTS,
            request_timeout: REQUEST_TIMEOUT,
        }
    }
}

/// The server-wide request slots (`Bounds::concurrent_requests`).
pub fn slots(bounds: Bounds) -> Arc<Semaphore> {
    Arc::new(Semaphore::new(bounds.concurrent_requests))
}

/// The middleware: body declaration, then a slot, then the route, all within the
/// timeout.
pub async fn bound(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let timeout = state.config.bounds.request_timeout;
    let bounded = async {
        if declared_body_too_large(&request) {
            // The client has not sent the body (and may never): say so now and close,
            // instead of waiting for octets that are refused anyway.
            let mut response = AppError::BodyTooLarge.into_response();
            response.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
            return response;
        }
        let Ok(_slot) = state.request_slots.clone().try_acquire_owned() else {
            tracing::warn!(path = request.uri().path(), "overloaded: request shed");
            return AppError::Overloaded {
                retry_after: OVERLOADED_RETRY_AFTER,
            }
            .into_response();
        };
        next.run(request).await
    };
    match tokio::time::timeout(timeout, bounded).await {
        Ok(response) => response,
        Err(_) => AppError::Timeout.into_response(),
    }
}

/// A `Content-Length` over the route's limit: `MAX_BODY`, or the address probe's
/// larger one. A body without one (chunked) is cut at the same limit by
/// `DefaultBodyLimit` as it is read.
fn declared_body_too_large(request: &Request) -> bool {
    let limit = if request.uri().path() == crate::probe_api::ADDRESSES_PATH {
        crate::probe_api::MAX_ADDRESS_PROBE_BODY
    } else {
        MAX_BODY
    };
    request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        // Unparsable lengths never get here: hyper refuses them (400).
        .and_then(|value| value.trim().parse::<u64>().ok())
        .is_some_and(|length| length > limit as u64)
}
