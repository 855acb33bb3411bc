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

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            AppError::InvalidDomain(error) => (
                StatusCode::BAD_REQUEST,
                "invalid-domain",
                Message {
                    ja: error.message(Lang::Ja),
                    en: error.message(Lang::En),
                },
            ),
            AppError::UnsupportedType(rtype) => (
                StatusCode::BAD_REQUEST,
                "unsupported-type",
                Message {
                    ja: format!("レコードタイプ「{rtype}」には対応していません。"),
                    en: format!("The record type “{rtype}” is not supported."),
                },
            ),
            AppError::BadQuery(detail) => (
                StatusCode::BAD_REQUEST,
                "bad-query",
                Message {
                    ja: format!("リクエストのパラメーターを読み取れません: {detail}"),
                    en: format!("The request's parameters cannot be read: {detail}"),
                },
            ),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "not-found",
                Message {
                    ja: "そのAPIはありません。".into(),
                    en: "There is no such API endpoint.".into(),
                },
            ),
            AppError::Timeout => (
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                Message {
                    ja: "時間内に処理できませんでした。しばらくしてから再度お試しください。".into(),
                    en: "The request took too long. Please try again later.".into(),
                },
            ),
            AppError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                Message {
                    ja: "ただいま調査が混み合っています。少し待ってから再度お試しください。".into(),
                    en: "Too many checks are running. Please try again in a moment.".into(),
                },
            ),
            AppError::BadDnsMessage(detail) => (
                StatusCode::BAD_REQUEST,
                "bad-dns-message",
                Message {
                    ja: format!("DNSメッセージとして受け付けられません: {detail}"),
                    en: format!("Not an acceptable DNS message: {detail}"),
                },
            ),
            AppError::UnsupportedMediaType(media_type) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                Message {
                    ja: format!(
                        "Content-Type「{media_type}」は受け付けません。application/dns-message で送ってください。"
                    ),
                    en: format!(
                        "Content-Type “{media_type}” is not accepted; send application/dns-message."
                    ),
                },
            ),
            AppError::NotANameServer(server) => (
                StatusCode::BAD_REQUEST,
                "not-a-name-server",
                Message {
                    ja: format!("{server} はこのドメインのネームサーバーではありません。"),
                    en: format!("{server} is not a name server of this domain."),
                },
            ),
            AppError::BodyTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "body-too-large",
                Message {
                    ja: "リクエストが大きすぎます。".into(),
                    en: "The request body is too large.".into(),
                },
            ),
            AppError::Overloaded { retry_after } => {
                let body = json::ApiError {
                    code: "overloaded".into(),
                    message: Message {
                        ja: format!(
                            "ただいまサーバーが混み合っています。{retry_after}秒後に再度お試しください。"
                        ),
                        en: format!("The server is busy. Please try again in {retry_after} s."),
                    },
                };
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(axum::http::header::RETRY_AFTER, retry_after.to_string())],
                    Json(body),
                )
                    .into_response();
            }
            AppError::TooManyRequests { retry_after } => {
                let body = json::ApiError {
                    code: "too-many-requests".into(),
                    message: Message {
                        ja: format!(
                            "リクエストが多すぎます。{retry_after}秒後に再度お試しください。"
                        ),
                        en: format!("Too many requests. Try again in {retry_after} s."),
                    },
                };
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(axum::http::header::RETRY_AFTER, retry_after.to_string())],
                    Json(body),
                )
                    .into_response();
            }
        };
        let body = json::ApiError {
            code: code.into(),
            message,
        };
        (status, Json(body)).into_response()
    }
}
