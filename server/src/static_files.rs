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

/// A router that serves `dist` with precompressed variants, SPA fallback and cache headers.
pub fn router(dist: &Path) -> Router {
    let spa = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        // 200 with index.html for client-side routes (`/check`, `/plan` …).
        .fallback(ServeFile::new(dist.join("index.html")));
    Router::new()
        .fallback_service(spa)
        .layer(middleware::from_fn(cache_headers))
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
    use super::is_hashed_asset;

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
