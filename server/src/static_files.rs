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
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let value = if immutable { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// True for Trunk's content-hashed file names: a `-` followed by 16 hex digits.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    file.match_indices('-').any(|(idx, _)| {
        let hash = &file[idx + 1..];
        hash.len() > 16
            && hash.as_bytes()[..16].iter().all(u8::is_ascii_hexdigit)
            && matches!(hash.as_bytes()[16], b'.' | b'_')
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
            ("/mailmove-web-5f2a9c0d1e3b4a6.js", false),
            ("/mailmove-web-5f2a9c0d1e3b4a6x.js", false),
        ] {
            assert_eq!(is_hashed_asset(path), hashed, "{path}");
        }
    }
}
