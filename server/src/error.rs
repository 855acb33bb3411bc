//! One error type for every handler, answered as JSON `json::ApiError`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mailmove_core::api as json;
use mailmove_core::{Lang, NameError};

/// What a handler can answer instead of its result.
#[derive(Debug)]
pub enum AppError {
    /// The domain the client sent is not a usable name.
    InvalidDomain(NameError),
    /// A record type the tools do not use (ANY, AXFR …) or do not know.
    UnsupportedType(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            AppError::InvalidDomain(error) => (
                StatusCode::BAD_REQUEST,
                "invalid-domain",
                json::Message {
                    ja: error.message(Lang::Ja),
                    en: error.message(Lang::En),
                },
            ),
            AppError::UnsupportedType(rtype) => (
                StatusCode::BAD_REQUEST,
                "unsupported-type",
                json::Message {
                    ja: format!("レコードタイプ「{rtype}」には対応していません。"),
                    en: format!("The record type “{rtype}” is not supported."),
                },
            ),
        };
        let body = json::ApiError {
            code: code.into(),
            message,
        };
        (status, Json(body)).into_response()
    }
}
