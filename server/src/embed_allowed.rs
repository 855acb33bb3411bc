//! `GET /api/embed-allowed?origin=https://www.example.co.jp`: may that site frame
//! `/embed`? `embed.js` asks before it inserts the iframe, so a site that is not on the
//! list shows its visitors a message in words instead of a grey box the browser
//! refused to fill.
//!
//! The answer only repeats what the `/embed` page's `frame-ancestors` header already
//! tells anyone who loads it, so it is open to every origin (CORS `*`) and not counted
//! against the rate limit of the survey.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::static_files::is_origin;

#[derive(Deserialize)]
pub struct Asked {
    #[serde(default)]
    origin: String,
}

#[derive(Serialize)]
struct Answer {
    allowed: bool,
}

pub async fn embed_allowed(State(state): State<AppState>, Query(asked): Query<Asked>) -> Response {
    let allowed = allows(&state.config.frame_ancestors, &asked.origin);
    let mut response = Json(Answer { allowed }).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    // The list changes only with a restart; a minute spares a request per page view.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    response
}

/// Whether `origin` matches one of `list` as a browser matches `frame-ancestors`
/// sources: the same scheme, host and port; `https://*.example.co.jp` matches every
/// subdomain of example.co.jp, not example.co.jp itself.
pub fn allows(list: &[String], origin: &str) -> bool {
    let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    if !is_origin(&origin) || origin.contains('*') {
        return false;
    }
    list.iter()
        .map(|source| source.trim().trim_end_matches('/').to_ascii_lowercase())
        .filter(|source| is_origin(source))
        .any(|source| matches(&source, &origin))
}

fn matches(source: &str, origin: &str) -> bool {
    let Some((scheme, host)) = source.split_once("://") else {
        return false;
    };
    let Some((origin_scheme, origin_host)) = origin.split_once("://") else {
        return false;
    };
    if scheme != origin_scheme {
        return false;
    }
    match host.strip_prefix("*.") {
        Some(parent) => origin_host
            .strip_suffix(parent)
            .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
        None => host == origin_host,
    }
}

/// The origins in a file, one per line; blank lines and lines starting with `#` are
/// skipped. Hosting setups keep the list in a file or an environment variable rather
/// than on the command line.
pub fn read_origins_file(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn an_origin_on_the_list_is_allowed_exactly() {
        let list = list(&["https://www.example.co.jp", "http://127.0.0.1:8080/"]);
        assert!(allows(&list, "https://www.example.co.jp"));
        assert!(allows(&list, "HTTPS://WWW.EXAMPLE.CO.JP/"));
        assert!(allows(&list, "http://127.0.0.1:8080"));
        assert!(!allows(&list, "http://www.example.co.jp"), "scheme");
        assert!(!allows(&list, "https://example.co.jp"), "host");
        assert!(!allows(&list, "http://127.0.0.1:8081"), "port");
        assert!(!allows(&list, "https://www.example.co.jp.evil.test"));
        assert!(!allows(&list, ""));
        assert!(!allows(&list, "null"));
    }

    #[test]
    fn a_wildcard_covers_subdomains_only() {
        let list = list(&["https://*.example.co.jp"]);
        assert!(allows(&list, "https://www.example.co.jp"));
        assert!(allows(&list, "https://a.b.example.co.jp"));
        assert!(!allows(&list, "https://example.co.jp"));
        assert!(!allows(&list, "https://badexample.co.jp"));
        assert!(
            !allows(&list, "https://*.example.co.jp"),
            "a pattern is not an origin"
        );
    }

    #[test]
    fn an_empty_list_allows_no_one() {
        assert!(!allows(&[], "https://www.example.co.jp"));
    }

    #[test]
    fn the_file_skips_comments_and_blank_lines() {
        let origins = read_origins_file("# agencies\nhttps://a.example\n\n  https://b.example  \n");
        assert_eq!(origins, list(&["https://a.example", "https://b.example"]));
    }
}
