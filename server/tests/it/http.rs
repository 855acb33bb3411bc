//! The HTTP application through `tower::ServiceExt::oneshot`: no sockets, exact headers.

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use mailmove_core::api as json;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::{AppState, ServerConfig, app};
use tower::ServiceExt as _;

const WASM: &str = "mailmove-web-0123456789abcdef_bg.wasm";

/// A dist/ like Trunk's, with a precompressed wasm next to the original.
fn fake_dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write =
        |name: &str, data: &[u8]| std::fs::write(dir.path().join(name), data).expect("write");
    write("index.html", b"<!DOCTYPE html><title>index</title>");
    std::fs::create_dir(dir.path().join("tools")).expect("mkdir");
    write("tools/index.html", b"<!DOCTYPE html><title>tools</title>");
    std::fs::create_dir(dir.path().join("planner")).expect("mkdir");
    write(
        "planner/index.html",
        b"<!DOCTYPE html><title>planner</title>",
    );
    std::fs::create_dir(dir.path().join("accounts")).expect("mkdir");
    write(
        "accounts/index.html",
        b"<!DOCTYPE html><title>accounts</title>",
    );
    std::fs::create_dir(dir.path().join("records")).expect("mkdir");
    write(
        "records/index.html",
        b"<!DOCTYPE html><title>records</title>",
    );
    write(WASM, b"\0asm\x01\0\0\0");
    write(&format!("{WASM}.br"), b"brotli-bytes");
    dir
}

fn state(dist: Option<&Path>) -> AppState {
    // Port 9 (discard) on loopback: these tests never reach the resolver.
    let dns = Dns::new(&Upstream::Nameserver(([127, 0, 0, 1], 9).into())).expect("resolver");
    AppState::new(
        dns,
        dist.map(Path::to_path_buf),
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig::default(),
    )
}

async fn get(
    state: AppState,
    uri: &str,
    accept_encoding: Option<&str>,
) -> axum::response::Response {
    let mut request = Request::get(uri);
    if let Some(encoding) = accept_encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    app(state)
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("infallible")
}

async fn body(response: axum::response::Response) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}

fn header_of(response: &axum::response::Response, name: header::HeaderName) -> &str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn healthz_reports_version_and_frontend() {
    let dist = fake_dist();
    for (dist, frontend) in [(Some(dist.path()), true), (None, false)] {
        let response = get(state(dist), "/healthz", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        let health: json::Health = serde_json::from_slice(&body(response).await).expect("json");
        assert_eq!(health.status, "ok");
        assert_eq!(health.version, mailmove_core::VERSION);
        assert_eq!(health.frontend, frontend);
        assert_eq!(health.allowed_tlds, ["test"]);
        assert!(!health.address_probe, "off unless the operator enables it");
    }
}

#[tokio::test]
async fn wasm_is_served_as_wasm_precompressed_and_immutable() {
    let dist = fake_dist();
    let response = get(
        state(Some(dist.path())),
        &format!("/{WASM}"),
        Some("br, gzip"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_of(&response, header::CONTENT_TYPE),
        "application/wasm"
    );
    assert_eq!(header_of(&response, header::CONTENT_ENCODING), "br");
    assert_eq!(
        header_of(&response, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body(response).await, b"brotli-bytes");

    // A client that does not accept brotli gets the original bytes.
    let response = get(state(Some(dist.path())), &format!("/{WASM}"), None).await;
    assert_eq!(header_of(&response, header::CONTENT_ENCODING), "");
    assert_eq!(body(response).await, b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn deep_links_get_index_html_revalidated() {
    let dist = fake_dist();
    for uri in ["/", "/check", "/plan/step/3?domain=example.jp"] {
        let response = get(state(Some(dist.path())), uri, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(
            header_of(&response, header::CACHE_CONTROL),
            "no-cache",
            "{uri}"
        );
        assert!(
            header_of(&response, header::CONTENT_TYPE).starts_with("text/html"),
            "{uri}"
        );
        assert_eq!(
            body(response).await,
            b"<!DOCTYPE html><title>index</title>",
            "{uri}"
        );
    }
}

#[tokio::test]
async fn the_tools_pages_get_their_bundles() {
    let dist = fake_dist();
    for (uri, bundle) in [
        ("/plan", "planner"),
        ("/plan?domain=example.jp", "planner"),
        ("/planner/index.html", "planner"),
        ("/plan/accounts?domain=example.jp&lang=ja", "accounts"),
        ("/accounts/index.html", "accounts"),
        ("/plan/records?domain=example.jp&lang=ja", "records"),
        ("/records/index.html", "records"),
        ("/monitor?domain=example.jp&lang=ja", "tools"),
        ("/embed/snippet?lang=en", "tools"),
        ("/tools/index.html", "tools"),
    ] {
        let response = get(state(Some(dist.path())), uri, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(
            header_of(&response, header::CACHE_CONTROL),
            "no-cache",
            "{uri}"
        );
        assert_eq!(
            body(response).await,
            format!("<!DOCTYPE html><title>{bundle}</title>").as_bytes(),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn a_missing_asset_is_never_cached_as_immutable() {
    let dist = fake_dist();
    let response = get(
        state(Some(dist.path())),
        "/mailmove-web-fedcba9876543210.js",
        None,
    )
    .await;
    assert_eq!(header_of(&response, header::CACHE_CONTROL), "no-cache");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404() {
    let response = get(state(None), "/api/nope", None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: json::ApiError = serde_json::from_slice(&body(response).await).expect("json");
    assert_eq!(error.code, "not-found");
}

#[tokio::test]
async fn without_a_frontend_pages_say_how_to_build_it() {
    let response = get(state(None), "/", None).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let text = String::from_utf8(body(response).await).expect("utf-8");
    assert!(
        text.contains("cargo xtask run") && text.contains("フロントエンド"),
        "{text}"
    );
}

#[tokio::test]
async fn lookup_refuses_bad_names_and_types_with_a_clear_error() {
    for (uri, code) in [
        ("/api/lookup?name=a..b&type=MX", "invalid-domain"),
        ("/api/lookup?type=MX", "invalid-domain"),
        ("/api/lookup?name=192.0.2.1&type=MX", "invalid-domain"),
        ("/api/lookup?name=printer.local&type=A", "invalid-domain"),
        (
            "/api/lookup?name=_dmarc.example.notatld&type=TXT",
            "invalid-domain",
        ),
        (
            "/api/lookup?name=1.0.0.127.in-addr.arpa&type=PTR",
            "invalid-domain",
        ),
        ("/api/lookup?name=example.jp&type=ANY", "unsupported-type"),
        ("/api/lookup?name=example.jp&type=AXFR", "unsupported-type"),
        ("/api/lookup?name=example.jp&type=PTR", "unsupported-type"),
        ("/api/lookup?name=taro@example.jp&type=MX", "invalid-domain"),
        ("/api/lookup?name=example.jp/x&type=MX", "invalid-domain"),
        ("/api/lookup?name=ex%01ample.jp&type=MX", "invalid-domain"),
        // Names an SPF record may use, which the resolver seam would send as they are.
        (
            "/api/lookup?name=foo%3Abar.example.jp&type=A",
            "invalid-domain",
        ),
        (
            "/api/lookup?name=foo%20bar.example.jp&type=A",
            "invalid-domain",
        ),
        (
            "/api/lookup?name=100%25.example.jp&type=A",
            "invalid-domain",
        ),
        (
            "/api/lookup?name=a%5C.b.example.jp&type=A",
            "invalid-domain",
        ),
        (
            "/api/lookup?name=_x%20y._domainkey.example.jp&type=TXT",
            "invalid-domain",
        ),
        ("/api/lookup?name=a&name=b&type=MX", "bad-query"),
    ] {
        let response = get(state(None), uri, None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{uri}");
        let error: json::ApiError = serde_json::from_slice(&body(response).await).expect("json");
        assert_eq!(error.code, code, "{uri}");
        assert!(
            !error.message.ja.is_empty() && !error.message.en.is_empty(),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn survey_refuses_hostile_domains_before_any_lookup() {
    let long_label = "a".repeat(64);
    let long_name = vec!["abcdefghij"; 25].join(".") + ".jp";
    for query in [
        String::new(),
        "domain=".into(),
        "domain=localhost".into(),
        "domain=printer.local".into(),
        "domain=db.corp.internal".into(),
        "domain=router.home.arpa".into(),
        "domain=hidden.onion".into(),
        "domain=127.0.0.1".into(),
        "domain=%5B%3A%3A1%5D".into(),
        "domain=10.0.0.1".into(),
        "domain=ex%00ample.jp".into(),
        "domain=ex%0D%0Aample.jp".into(),
        "domain=ex%7Fample.jp".into(),
        format!("domain={long_label}.jp"),
        format!("domain={long_name}"),
        "domain=co.jp".into(),
        "domain=jp".into(),
        "domain=example.notatld".into(),
        "domain=-bad-.jp".into(),
        "domain=_dmarc.example.jp".into(),
    ] {
        let uri = format!("/api/survey?{query}");
        let response = get(state(None), &uri, None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{uri}");
        let error: json::ApiError = serde_json::from_slice(&body(response).await).expect("json");
        assert_eq!(error.code, "invalid-domain", "{uri}");
        assert!(
            !error.message.ja.is_empty() && !error.message.en.is_empty(),
            "{uri}"
        );
    }
}

/// Issue 18, item 6: control and invisible characters at the end (or start) of a
/// name, and a second trailing dot, are refused with the documented 400 on every
/// endpoint that takes a name, never trimmed and answered.
#[tokio::test]
async fn every_endpoint_refuses_hidden_characters_and_a_double_dot() {
    let endpoints = [
        "/api/survey?domain={}",
        "/api/survey?domain={}&stream=1",
        "/api/lookup?name={}&type=MX",
        "/api/lookup?name=_dmarc.{}&type=TXT",
        "/api/mta-sts-policy?domain={}",
        "/api/monitor?domain={}",
        "/api/monitor?domain=example.jp&expect=mx.{}",
        "/dns-query?name={}&type=MX",
        "/dns-query?name={}&type=SOA&server=8.8.8.8",
        "/resolve?name={}&type=MX",
    ];
    let names = [
        "example.jp%09",
        "example.jp%0a",
        "example.jp%0D",
        "example.jp%0d%0a",
        "example.jp%C2%85",    // NEL
        "example.jp%E2%80%8B", // zero-width space
        "example.jp%EF%BB%BF", // BOM
        "%EF%BB%BFexample.jp", // BOM in front
        "%E2%80%8Bexample.jp", // zero-width space in front
        "example%E2%80%8B.jp", // and inside
        "example.jp..",
        "example.jp%2E%2E",
        "example.jp.%09",
        "ex%+1ample.jp", // `%+1` is no escape
        "example.jp%",
    ];
    for endpoint in endpoints {
        for name in names {
            let uri = endpoint.replace("{}", name);
            let response = get(state(None), &uri, None).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{uri}");
            let error: json::ApiError =
                serde_json::from_slice(&body(response).await).expect("json");
            assert_eq!(error.code, "invalid-domain", "{uri}");
            assert!(
                !error.message.ja.is_empty() && !error.message.en.is_empty(),
                "{uri}"
            );
        }
    }
}

#[test]
fn query_strings_are_decoded_as_browsers_encode_them() {
    use mailmove_server::routes::form_pairs;
    let pair = |key: &str, value: &str| (key.to_owned(), value.to_owned());
    // `%+1` is not an escape (the hand-written decoder read it as the octet 0x01).
    assert_eq!(form_pairs("a=%+1"), [pair("a", "% 1")]);
    assert_eq!(
        form_pairs("a=%41&b=x+y&a=%E4%BE%8B"),
        [pair("a", "A"), pair("b", "x y"), pair("a", "例"),]
    );
    // A trailing escape is decoded too; a broken one stays as it is.
    assert_eq!(form_pairs("d=x%2E"), [pair("d", "x.")]);
    assert_eq!(form_pairs("d=x%2"), [pair("d", "x%2")]);
    assert_eq!(form_pairs("d=%ff"), [pair("d", "\u{fffd}")]);
}

#[tokio::test]
async fn only_embed_may_be_framed_and_only_by_configured_origins() {
    let dist = fake_dist();
    let dns = Dns::new(&Upstream::Nameserver(([127, 0, 0, 1], 9).into())).expect("resolver");
    let config = ServerConfig {
        frame_ancestors: vec!["https://www.example.co.jp".into(), "bad origin".into()],
        ..ServerConfig::default()
    };
    let state = AppState::new(
        dns,
        Some(dist.path().to_path_buf()),
        mailmove_core::NamePolicy::allowing(["test"]),
        config,
    );
    let response = get(state.clone(), "/embed?lang=ja", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_of(&response, header::CONTENT_SECURITY_POLICY),
        "frame-ancestors https://www.example.co.jp"
    );
    assert!(response.headers().get(header::X_FRAME_OPTIONS).is_none());
    for page in ["/", "/?domain=example.jp", "/plan", &format!("/{WASM}")] {
        let response = get(state.clone(), page, None).await;
        assert_eq!(
            header_of(&response, header::CONTENT_SECURITY_POLICY),
            "frame-ancestors 'none'",
            "{page}"
        );
        assert_eq!(
            header_of(&response, header::X_FRAME_OPTIONS),
            "DENY",
            "{page}"
        );
    }
    // Nothing configured: not even /embed may be framed.
    let response = get(state_with_dist(dist.path()), "/embed", None).await;
    assert_eq!(
        header_of(&response, header::CONTENT_SECURITY_POLICY),
        "frame-ancestors 'none'"
    );
}

fn state_with_dist(dist: &Path) -> AppState {
    state(Some(dist))
}
