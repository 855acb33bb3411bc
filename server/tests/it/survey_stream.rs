//! `GET /api/survey?…&stream=1` against the fixture zones on a real DNS server:
//! snapshots until a last `done` line that is the whole report, bad input refused
//! before any streaming, a slot limit, a client that goes away aborts its survey, and
//! a client that stops reading does not keep its slot.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use mailmove_core::api as json;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::survey_stream::MAX_STREAMED_SURVEYS;
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::{AuthorityOptions, DnsAuthority};
use tokio::time::{Duration, Instant};
use tower::ServiceExt as _;

/// The fixture zones, every answer `delay` late: a far-away server.
async fn slow_fixtures(delay: Duration) -> DnsAuthority {
    DnsAuthority::serve_dir_with(
        &mailmove_testkit::fixture("zones"),
        AuthorityOptions {
            delay,
            ..AuthorityOptions::default()
        },
    )
    .await
    .expect("authority")
}

/// Waits (up to `within`) for every streamed-survey slot to be free again.
async fn slots_free_within(state: &AppState, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if state.streamed_surveys.available_permits() == MAX_STREAMED_SURVEYS {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

fn state(authority: &DnsAuthority) -> AppState {
    AppState::new(
        Dns::new(&Upstream::Nameserver(authority.addr)).expect("resolver"),
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig::default(),
    )
}

async fn get(state: &AppState, uri: &str) -> axum::response::Response {
    let request = Request::get(uri).body(Body::empty()).expect("request");
    app(state.clone())
        .oneshot(request)
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

#[tokio::test(flavor = "multi_thread")]
async fn snapshots_end_with_the_whole_report() {
    // Slow answers: the survey takes several rounds of 200 ms, so lines go out
    // while it runs.
    let authority = slow_fixtures(Duration::from_millis(200)).await;
    let state = state(&authority);
    let response = get(&state, "/api/survey?domain=example.test&stream=1").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/x-ndjson; charset=utf-8"
    );
    let text = String::from_utf8(body(response).await).expect("UTF-8");
    assert!(text.ends_with('\n'), "every line ends with a newline");
    let lines: Vec<json::SurveyProgressJson> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one snapshot"))
        .collect();
    let (last, before) = lines.split_last().expect("at least one line");
    assert!(
        !before.is_empty(),
        "snapshots before the end: {}",
        lines.len()
    );
    assert!(last.done, "the last line says done");
    assert!(
        before.iter().all(|line| !line.done),
        "only the last is done"
    );
    for pair in lines.windows(2) {
        assert!(pair[0].asked <= pair[1].asked && pair[0].answered <= pair[1].answered);
    }
    assert!(last.answered > 0 && last.answered <= last.asked);
    assert_eq!(last.report.queries, last.asked, "{last:?}");

    // The last snapshot is the report the plain endpoint gives (a fresh server, so
    // no cached TTL has aged).
    let fresh = self::state(&authority);
    let plain = get(&fresh, "/api/survey?domain=example.test").await;
    assert_eq!(plain.status(), StatusCode::OK);
    let plain: json::SurveyJson = serde_json::from_slice(&body(plain).await).expect("JSON");
    assert_eq!(last.report, plain);
    assert_eq!(
        last.report.facts.mx,
        [
            (10, "mx1.example.test".to_owned()),
            (20, "mx2.example.test".to_owned())
        ]
    );
    assert_eq!(
        state.streamed_surveys.available_permits(),
        MAX_STREAMED_SURVEYS
    );
}

/// What `bytes` decode to so far (a stream still open ends the read).
fn brotli_so_far(bytes: &[u8]) -> String {
    use std::io::Read as _;
    let mut text = Vec::new();
    let mut reader = brotli::Decompressor::new(bytes, 4096);
    let mut chunk = [0; 4096];
    while let Ok(n) = reader.read(&mut chunk) {
        if n == 0 {
            break;
        }
        text.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(text).expect("UTF-8")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_browser_gets_compressed_lines_it_can_read_as_they_arrive() {
    let authority = slow_fixtures(Duration::from_millis(200)).await;
    let state = state(&authority);
    let request = Request::get("/api/survey?domain=example.test&stream=1")
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")
        .body(Body::empty())
        .expect("request");
    let response = app(state.clone())
        .oneshot(request)
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::VARY], "accept-encoding");
    let mut body = response.into_body();
    let mut sent = Vec::new();
    let mut lines_per_frame = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.expect("frame").into_data() else {
            continue;
        };
        sent.extend_from_slice(&data);
        // Each frame completes a line: the page can draw it before the next arrives.
        let so_far = brotli_so_far(&sent);
        assert!(so_far.ends_with('\n'), "a frame ended inside a line");
        lines_per_frame.push(so_far.lines().count());
    }
    assert!(lines_per_frame.len() > 1, "{lines_per_frame:?}");
    assert!(
        lines_per_frame
            .windows(2)
            .all(|pair| pair[1] == pair[0] + 1)
    );
    let text = brotli_so_far(&sent);
    let last: json::SurveyProgressJson =
        serde_json::from_str(text.lines().last().expect("a line")).expect("JSON");
    assert!(last.done);
    assert!(
        sent.len() * 3 < text.len(),
        "{} bytes for {}",
        sent.len(),
        text.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_streaming() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority);
    let response = get(&state, "/api/survey?domain=not%20a%20domain&stream=1").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: json::ApiError = serde_json::from_slice(&body(response).await).expect("JSON");
    assert_eq!(error.code, "invalid-domain");
    assert!(!error.message.ja.is_empty() && !error.message.en.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn every_slot_taken_is_busy() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority);
    let taken = state
        .streamed_surveys
        .clone()
        .try_acquire_many_owned(MAX_STREAMED_SURVEYS as u32)
        .expect("all slots");
    let response = get(&state, "/api/survey?domain=example.test&stream=1").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let error: json::ApiError = serde_json::from_slice(&body(response).await).expect("JSON");
    assert_eq!(error.code, "busy");
    // The plain endpoint does not use these slots.
    let plain = get(&state, "/api/survey?domain=example.test").await;
    assert_eq!(plain.status(), StatusCode::OK);
    drop(taken);
    let again = get(&state, "/api/survey?domain=example.test&stream=1").await;
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_that_goes_away_aborts_its_survey() {
    // Each round of answers takes 1.5 s (under the resolver's 2 s timeout): left
    // alone, the survey would run for seconds after its first line.
    let authority = slow_fixtures(Duration::from_millis(1500)).await;
    let state = state(&authority);
    let response = get(&state, "/api/survey?domain=example.test&stream=1").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        state.streamed_surveys.available_permits(),
        MAX_STREAMED_SURVEYS - 1,
        "the survey holds a slot while it runs"
    );
    // Read one line, then hang up.
    let mut body = response.into_body();
    let first = body.frame().await.expect("a frame").expect("data");
    let first = first.into_data().expect("data frame");
    let first: json::SurveyProgressJson = serde_json::from_slice(&first).expect("a snapshot");
    assert!(!first.done);
    drop(body);
    assert!(
        slots_free_within(&state, Duration::from_millis(500)).await,
        "the survey was aborted, not left to finish"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_that_stops_reading_does_not_keep_its_slot() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority);
    // The response is kept, its body never read.
    let response = get(&state, "/api/survey?domain=example.test&stream=1").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        slots_free_within(&state, Duration::from_secs(20)).await,
        "the slot is the survey's, freed when it ends"
    );
    drop(response);
}

/// Issue 18 item 4: six addresses took all 64 slots, and everyone else got 503.
#[tokio::test(flavor = "multi_thread")]
async fn a_few_clients_cannot_take_every_slot() {
    use mailmove_server::stream_slots::MAX_STREAMED_PER_CLIENT;
    // Slow answers keep every survey running while the others are asked.
    let authority = slow_fixtures(Duration::from_millis(1500)).await;
    let state = state(&authority);
    let from =
        |client: [u8; 4]| {
            let mut request = Request::get("/api/survey?domain=example.test&stream=1")
                .body(Body::empty())
                .expect("request");
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                std::net::SocketAddr::from((client, 40_000)),
            ));
            app(state.clone()).oneshot(request)
        };
    let mut running = Vec::new();
    for n in 1..=6 {
        for attempt in 0..20 {
            let response = from([198, 51, 100, n]).await.expect("infallible");
            if attempt < MAX_STREAMED_PER_CLIENT {
                assert_eq!(response.status(), StatusCode::OK, "client {n}");
                running.push(response);
            } else {
                assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
                assert!(response.headers().contains_key(header::RETRY_AFTER));
                let error: json::ApiError =
                    serde_json::from_slice(&body(response).await).expect("JSON");
                assert_eq!(error.code, "too-many-requests");
            }
        }
    }
    assert_eq!(
        state.streamed_surveys.available_permits(),
        MAX_STREAMED_SURVEYS - 6 * MAX_STREAMED_PER_CLIENT
    );
    // Someone else still gets a slot.
    let response = from([203, 0, 113, 1]).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    drop(running);
    drop(response);
    assert!(slots_free_within(&state, Duration::from_secs(5)).await);
}
