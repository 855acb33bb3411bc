//! One error type for every handler, answered as JSON `json::ApiError`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mailmove_core::api as json;
use mailmove_core::{Lang, Message, NameError};

/// What a handler can answer instead of its result.
#[derive(Debug)]
pub enum AppError {
    /// The domain the client sent is not a usable name.
    InvalidDomain(NameError),
    /// A record type the tools do not use (ANY, AXFR …) or do not know.
    UnsupportedType(String),
    /// The query string could not be read.
    BadQuery(String),
    /// No such API endpoint.
    NotFound,
    /// The request took longer than the server allows.
    Timeout,
    /// A DoH message that is not one standard question.
    BadDnsMessage(String),
    /// A POST body of another media type than the endpoint takes.
    UnsupportedMediaType(String),
    /// A body over the limit.
    BodyTooLarge,
    /// `server=` names an address that is not one of the zone's name servers.
    NotANameServer(String),
    /// Every streamed survey slot is taken; the client may retry shortly.
    Busy,
    /// Every request slot of the server is taken; the client may come back after this
    /// many seconds.
    Overloaded {
        /// Seconds to wait (`Retry-After`).
        retry_after: u64,
    },
    /// The client has used its share; it may come back after this many seconds.
    TooManyRequests {
        /// Seconds until the request would be admitted.
        retry_after: u64,
    },
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> AppError {
        AppError::BadQuery(rejection.body_text())
    }
}

impl AppError {
    /// The HTTP status.
    fn status(&self) -> StatusCode {
        match self {
            AppError::InvalidDomain(_)
            | AppError::UnsupportedType(_)
            | AppError::BadQuery(_)
            | AppError::BadDnsMessage(_)
            | AppError::NotANameServer(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Timeout | AppError::Busy | AppError::Overloaded { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    /// The stable code of `json::ApiError`.
    fn code(&self) -> &'static str {
        match self {
            AppError::InvalidDomain(_) => "invalid-domain",
            AppError::UnsupportedType(_) => "unsupported-type",
            AppError::BadQuery(_) => "bad-query",
            AppError::NotFound => "not-found",
            AppError::Timeout => "timeout",
            AppError::Busy => "busy",
            AppError::BadDnsMessage(_) => "bad-dns-message",
            AppError::UnsupportedMediaType(_) => "unsupported-media-type",
            AppError::NotANameServer(_) => "not-a-name-server",
            AppError::BodyTooLarge => "body-too-large",
            AppError::Overloaded { .. } => "overloaded",
            AppError::TooManyRequests { .. } => "too-many-requests",
        }
    }

    /// When the client may come back (`Retry-After`), for the errors that say.
    fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::Overloaded { retry_after } | AppError::TooManyRequests { retry_after } => {
                Some(*retry_after)
            }
            _ => None,
        }
    }

    /// What went wrong, for people.
    fn message(&self) -> Message {
        let (ja, en) = match self {
            AppError::InvalidDomain(error) => (error.message(Lang::Ja), error.message(Lang::En)),
            AppError::UnsupportedType(rtype) => (
                format!("レコードタイプ「{rtype}」には対応していません。"),
                format!("The record type “{rtype}” is not supported."),
            ),
            AppError::BadQuery(detail) => (
                format!("リクエストのパラメーターを読み取れません: {detail}"),
                format!("The request's parameters cannot be read: {detail}"),
            ),
            AppError::NotFound => (
                "そのAPIはありません。".into(),
                "There is no such API endpoint.".into(),
            ),
            AppError::Timeout => (
                "時間内に処理できませんでした。しばらくしてから再度お試しください。".into(),
                "The request took too long. Please try again later.".into(),
            ),
            AppError::Busy => (
                "ただいま調査が混み合っています。少し待ってから再度お試しください。".into(),
                "Too many checks are running. Please try again in a moment.".into(),
            ),
            AppError::BadDnsMessage(detail) => (
                format!("DNSメッセージとして受け付けられません: {detail}"),
                format!("Not an acceptable DNS message: {detail}"),
            ),
            AppError::UnsupportedMediaType(media_type) => (
                format!(
                    "Content-Type「{media_type}」は受け付けません。application/dns-message で送ってください。"
                ),
                format!(
                    "Content-Type “{media_type}” is not accepted; send application/dns-message."
                ),
            ),
            AppError::NotANameServer(server) => (
                format!("{server} はこのドメインのネームサーバーではありません。"),
                format!("{server} is not a name server of this domain."),
            ),
            AppError::BodyTooLarge => (
                "リクエストが大きすぎます。".into(),
                "The request body is too large.".into(),
            ),
            AppError::Overloaded { retry_after } => (
                format!(
                    "ただいまサーバーが混み合っています。{retry_after}秒後に再度お試しください。"
                ),
                format!("The server is busy. Please try again in {retry_after} s."),
            ),
            AppError::TooManyRequests { retry_after } => (
                format!("リクエストが多すぎます。{retry_after}秒後に再度お試しください。"),
                format!("Too many requests. Try again in {retry_after} s."),
            ),
        };
        Message { ja, en }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = json::ApiError {
            code: self.code().into(),
            message: self.message(),
        };
        match self.retry_after() {
            Some(seconds) => (
                self.status(),
                [(axum::http::header::RETRY_AFTER, seconds.to_string())],
                Json(body),
            )
                .into_response(),
            None => (self.status(), Json(body)).into_response(),
        }
    }
}
