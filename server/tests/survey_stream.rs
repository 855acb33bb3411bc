//! `GET /api/survey?…&stream=1` against the fixture zones on a real DNS server:
//! snapshots until a last `done` line that is the whole report, bad input refused
//! before any streaming, a slot limit, and a client that goes away frees its slot.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use mailmove_core::api as json;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::survey_stream::MAX_STREAMED_SURVEYS;
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use tower::ServiceExt as _;

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
    let authority = DnsAuthority::fixtures().await.expect("authority");
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

    // The last snapshot is the report the plain endpoint gives.
    let plain = get(&state, "/api/survey?domain=example.test").await;
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
async fn a_client_that_goes_away_frees_its_slot() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority);
    let response = get(&state, "/api/survey?domain=example.test&stream=1").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        state.streamed_surveys.available_permits(),
        MAX_STREAMED_SURVEYS - 1,
        "the survey holds a slot while its body is open"
    );
    // Read one frame, then hang up.
    let mut body = response.into_body();
    let first = body.frame().await.expect("a frame").expect("data");
    assert!(first.into_data().is_ok_and(|data| data.ends_with(b"\n")));
    drop(body);
    assert_eq!(
        state.streamed_surveys.available_permits(),
        MAX_STREAMED_SURVEYS
    );
}
