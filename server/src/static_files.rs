//! The built front end (Trunk's `dist/`), served as a single-page app.
//!
//! Trunk names assets with a content hash (`mailmove-web-3f9c…_bg.wasm`), so those may
//! be cached for a year; `index.html` (and every deep link that falls back to it) must
//! be revalidated, or a deploy would leave browsers on old asset names.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Finds the front end without configuration: `./dist` when run from the repository
/// root, else the `dist/` of the workspace this binary was built from.
pub fn find_dist() -> Option<PathBuf> {
    let candidates = [
        PathBuf::from("dist"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"),
    ];
    candidates
        .into_iter()
        .find(|dir| dir.join("index.html").is_file())
}

/// A router that serves `dist` with precompressed variants, SPA fallback, cache
/// headers and framing rules: only `/embed` may be framed, and only by
/// `frame_ancestors` (origins such as `https://www.example.co.jp`).
pub fn router(dist: &Path, frame_ancestors: &[String]) -> Router {
    let spa = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        // 200 with index.html for client-side routes (`/check`, `/plan` …).
        .fallback(ServeFile::new(dist.join("index.html")));
    let embed_policy = embed_frame_ancestors(frame_ancestors);
    // The tools are bundles of their own: the planner (dist/planner/), its accounts
    // and records pages (dist/accounts/, dist/records/), the monitor and the snippet
    // page (dist/tools/). Their pages get their bundle's index.html.
    let planner = ServeFile::new(dist.join("planner").join("index.html"));
    let accounts = ServeFile::new(dist.join("accounts").join("index.html"));
    let records = ServeFile::new(dist.join("records").join("index.html"));
    let tools = ServeFile::new(dist.join("tools").join("index.html"));
    Router::new()
        .route_service("/monitor", tools.clone())
        .route_service("/embed/snippet", tools)
        .route_service("/plan", planner)
        .route_service("/plan/accounts", accounts)
        .route_service("/plan/records", records)
        .fallback_service(spa)
        .layer(middleware::from_fn(cache_headers))
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            let embed_policy = embed_policy.clone();
            async move { framing(request, next, embed_policy).await }
        }))
}

/// `frame-ancestors` for `/embed`: the configured origins, or `'none'` when there are
/// none (a deployment must say who may embed it).
fn embed_frame_ancestors(origins: &[String]) -> HeaderValue {
    let sources: Vec<&str> = origins
        .iter()
        .map(|origin| origin.trim().trim_end_matches('/'))
        // An origin is scheme://host[:port]; anything with spaces, quotes or ';' could
        // change the policy's meaning, so it is dropped (and logged at start-up).
        .filter(|origin| is_origin(origin))
        .collect();
    let list = if sources.is_empty() {
        "'none'".to_owned()
    } else {
        sources.join(" ")
    };
    HeaderValue::from_str(&format!("frame-ancestors {list}"))
        .unwrap_or(HeaderValue::from_static("frame-ancestors 'none'"))
}

/// `https://host[:port]` or `http://host[:port]`, nothing else (no path, no wildcard
/// other than `*.` in front of a host).
pub fn is_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.strip_prefix("*.").unwrap_or(rest);
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

async fn framing(request: Request, next: Next, embed_policy: HeaderValue) -> Response {
    let embed = request.uri().path() == "/embed";
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if embed {
        headers.insert(header::CONTENT_SECURITY_POLICY, embed_policy);
    } else {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("frame-ancestors 'none'"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        // The SPA fallback answers a missing asset with index.html and 200: never let
        // that HTML be cached for a year under an asset's name.
        let is_html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"));
        let value = if hashed && !is_html {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// True for Trunk's content-hashed file names: a `-`, then the hash in hex (up to 16
/// digits: Trunk does not pad it, so a hash may be shorter), then `.` or `_`.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    file.match_indices('-').any(|(idx, _)| {
        let rest = &file[idx + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        // At least 12 digits: shorter runs are words like `-web`, not hashes.
        (12..=16).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b'_'))
    })
}

#[cfg(test)]
mod tests {
    use super::{embed_frame_ancestors, is_hashed_asset, is_origin};

    #[test]
    fn embed_policy_lists_only_real_origins() {
        assert_eq!(embed_frame_ancestors(&[]), "frame-ancestors 'none'");
        let origins = [
            "https://www.example.co.jp/".to_owned(),
            "http://127.0.0.1:8081".to_owned(),
            "https://*.example.jp".to_owned(),
            "https://evil.example; script-src *".to_owned(),
            "'self'".to_owned(),
            "javascript:alert(1)".to_owned(),
        ];
        assert_eq!(
            embed_frame_ancestors(&origins),
            "frame-ancestors https://www.example.co.jp http://127.0.0.1:8081 https://*.example.jp"
        );
        assert!(is_origin("https://[::1]:8443"));
        assert!(!is_origin("https://"));
        assert!(!is_origin("ftp://example.jp"));
        assert!(!is_origin("https://example.jp/path"));
    }

    #[test]
    fn recognises_trunk_hashes() {
        for (path, hashed) in [
            ("/mailmove-web-5f2a9c0d1e3b4a67_bg.wasm", true),
            ("/mailmove-web-5f2a9c0d1e3b4a67.js", true),
            ("/style-00112233aabbccdd.css", true),
            ("/index.html", false),
            ("/", false),
            ("/check", false),
            ("/mailmove-web.js", false),
            ("/mailmove-web-5f2a9c0d1e3b4a6.js", true),
            ("/mailmove-web-5f2a9c0d1e3b.js", true),
            ("/mailmove-web-5f2a9c0d1e3b4a6x.js", false),
        ] {
            assert_eq!(is_hashed_asset(path), hashed, "{path}");
        }
    }
}
