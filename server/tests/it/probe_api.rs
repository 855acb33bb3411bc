//! `GET /api/probe` and `POST /api/probe/addresses` in process (`app(..).oneshot`)
//! against a small SMTP server on 127.0.0.1 and a DNS authority on loopback: the
//! public probe asks no address, the address probe answers only when enabled, is
//! bounded and capped per client, and production refuses loopback exchangers.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use mailmove_server::address_policy::DirectPolicy;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::probe_api::ProbeApiConfig;
use mailmove_server::rate_limit::RateLimit;
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use rustls::pki_types::CertificateDer;
use tower::ServiceExt as _;

use crate::fake_smtp::{Received, answering, fake_smtp};
use crate::test_tls::{TestCa, leaf};

const ZONE: &str = "\
$ORIGIN api.test.
$TTL 300
@        IN SOA ns1 hostmaster 1 3600 600 86400 60
@        IN NS  ns1
@        IN MX  10 mx.api.test.
ns1      IN A   127.0.0.1
mx       IN A   127.0.0.1
new-mx   IN A   127.0.0.1
";

/// An SMTP server on 127.0.0.1 offering STARTTLS with `tls`: accepts `info@` and
/// `sales@`, refuses other recipients with Postfix's words.
async fn fake(tls: Arc<rustls::ServerConfig>) -> (u16, Received) {
    let respond = answering("mx.api.test", "250-STARTTLS\r\n", |address| {
        if address.starts_with("info@") || address.starts_with("sales@") {
            "250 2.1.5 Ok\r\n"
        } else {
            "550 5.1.1 <x@api.test>: Recipient address rejected: User unknown in virtual mailbox table\r\n"
        }
    });
    let banner = b"220 mx.api.test ESMTP Postfix\r\n";
    let (addr, received) = fake_smtp(banner, respond, Some(tls)).await;
    (addr.port(), received)
}

struct Setup {
    authority: DnsAuthority,
    _dir: tempfile::TempDir,
    ca: CertificateDer<'static>,
    port: u16,
    received: Received,
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let zone = dir.path().join("api.test.zone");
    std::fs::write(&zone, ZONE).unwrap();
    let authority = DnsAuthority::serve_zones(&[("api.test.".into(), zone)])
        .await
        .unwrap();
    let ca = TestCa::new("Mailmove API probe test CA");
    let (port, received) = fake(ca.server_config(leaf("mx.api.test"))).await;
    Setup {
        authority,
        _dir: dir,
        ca: ca.der(),
        port,
        received,
    }
}

impl Setup {
    /// The test setup's probe configuration: loopback exchangers on the fake's port.
    fn probe(&self, allowed: bool, per_hour: u32) -> ProbeApiConfig {
        let mut probe = ProbeApiConfig::new(allowed, per_hour);
        probe.addresses = DirectPolicy::Loopback { port: self.port };
        probe.extra_roots = vec![self.ca.clone()];
        probe.helo = "planner.api.test".into();
        probe
    }

    fn state(&self, probe: ProbeApiConfig, rate_limit: RateLimit) -> AppState {
        AppState::new(
            Dns::new(&Upstream::Nameserver(self.authority.addr)).unwrap(),
            None,
            mailmove_core::NamePolicy::allowing(["test"]),
            ServerConfig {
                probe,
                rate_limit,
                ..ServerConfig::default()
            },
        )
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }
}

fn generous() -> RateLimit {
    RateLimit {
        per_minute: 10_000,
        burst: 10_000,
    }
}

async fn send(state: &AppState, request: Request<Body>) -> (StatusCode, serde_json::Value) {
    let mut request = request;
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(SocketAddr::from((
            [127, 0, 0, 9],
            40_000,
        ))));
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let json = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
    (status, json)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post(body: &serde_json::Value) -> Request<Body> {
    Request::post("/api/probe/addresses")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_public_probe_shows_tls_and_banner_and_asks_no_address() {
    let setup = setup().await;
    let state = setup.state(setup.probe(false, 10), generous());
    let (status, json) = send(&state, get("/api/probe?domain=api.test")).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["summary"], "no-addresses");
    let exchanger = &json["exchangers"][0];
    assert_eq!(exchanger["host"], "mx.api.test");
    assert_eq!(exchanger["banner"]["lines"][0], "mx.api.test ESMTP Postfix");
    assert_eq!(exchanger["tls"]["kind"], "established");
    assert_eq!(
        exchanger["tls"]["facts"]["verification"]["kind"],
        "verified"
    );
    assert_eq!(exchanger["tls"]["facts"]["names"][0], "mx.api.test");
    assert!(
        exchanger["tls_message"]["ja"]
            .as_str()
            .unwrap()
            .contains("有効")
    );
    assert_eq!(json["mta_sts"]["state"], "not-published");
    // Banner, EHLO, STARTTLS, EHLO, QUIT: no MAIL FROM, no RCPT TO.
    assert_eq!(
        setup.received(),
        [
            "EHLO planner.api.test",
            "STARTTLS",
            "EHLO planner.api.test",
            "QUIT"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn production_refuses_loopback_exchangers_as_the_policy_fetch_does() {
    let setup = setup().await;
    // The production policy (public addresses only) on the same DNS.
    let state = setup.state(ProbeApiConfig::new(true, 10), generous());
    let (status, json) = send(&state, get("/api/probe?domain=api.test")).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["exchangers"][0]["tls"]["kind"], "not-reached");
    let request = serde_json::json!({
        "domain": "api.test", "current_mx": true, "addresses": ["info@api.test"]
    });
    let (status, json) = send(&state, post(&request)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["addresses"][0]["why"]["kind"], "not-allowed");
    assert!(setup.received().is_empty(), "{:?}", setup.received());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_address_probe_is_refused_unless_the_operator_enables_it() {
    let setup = setup().await;
    let state = setup.state(setup.probe(false, 10), generous());
    let request = serde_json::json!({
        "domain": "api.test", "target": "custom",
        "mx": [{"preference": 10, "host": "new-mx.api.test"}],
        "addresses": ["info@api.test"]
    });
    let (status, json) = send(&state, post(&request)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{json}");
    assert_eq!(json["code"], "address-probe-disabled");
    assert!(
        json["message"]["ja"]
            .as_str()
            .unwrap()
            .contains("--allow-address-probe")
    );
    assert!(
        json["message"]["en"]
            .as_str()
            .unwrap()
            .contains("--allow-address-probe")
    );
    assert!(setup.received().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn enabled_it_answers_each_address_of_the_target_and_caps_each_client() {
    let setup = setup().await;
    let state = setup.state(setup.probe(true, 2), generous());
    let request = serde_json::json!({
        "domain": "api.test", "target": "custom",
        "mx": [{"preference": 10, "host": "new-mx.api.test"}],
        "addresses": ["info@api.test", "ghost@API.test", "sales@api.test", "info@api.test"]
    });
    let (status, json) = send(&state, post(&request)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["summary"], "refused");
    assert_eq!(json["exchangers"][0]["host"], "new-mx.api.test");
    let addresses = json["addresses"].as_array().unwrap();
    assert_eq!(addresses.len(), 3, "the duplicate is asked once: {json}");
    assert_eq!(addresses[0]["verdict"], "accepted");
    assert_eq!(addresses[1]["address"], "ghost@api.test");
    assert_eq!(addresses[1]["verdict"], "refused");
    assert_eq!(addresses[1]["refusal"], "unknown-user");
    assert_eq!(addresses[1]["reply"]["code"], 550);
    assert!(
        addresses[1]["message"]["ja"]
            .as_str()
            .unwrap()
            .contains("アカウント")
    );
    let received = setup.received();
    assert!(
        received
            .iter()
            .any(|c| c.starts_with("RCPT TO:<mailmove-probe-"))
    );
    assert!(!received.iter().any(|c| c.starts_with("DATA")));
    // The cap: 2 an hour for this client; the third is refused with Retry-After.
    let (status, _) = send(&state, post(&request)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, json) = send(&state, post(&request)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{json}");
    assert_eq!(json["code"], "address-probe-limit");
    assert!(json["message"]["ja"].as_str().unwrap().contains("上限"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_address_probe_is_bounded() {
    let setup = setup().await;
    let state = setup.state(setup.probe(true, 100), generous());
    let body = |addresses: Vec<String>| serde_json::json!({"domain": "api.test", "current_mx": true, "addresses": addresses});
    // Over 4 KiB (every other route's limit) but within this route's: answered.
    let many: Vec<String> = (0..300).map(|n| format!("user{n:04}@api.test")).collect();
    assert!(body(many.clone()).to_string().len() > mailmove_server::MAX_BODY);
    let (status, json) = send(&state, post(&body(many))).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["addresses"].as_array().unwrap().len(), 300);
    // More than 500 addresses, or one at another domain: 400, nothing asked.
    let before = setup.received().len();
    let too_many: Vec<String> = (0..501).map(|n| format!("u{n}@api.test")).collect();
    let (status, json) = send(&state, post(&body(too_many))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    let (status, json) = send(&state, post(&body(vec!["a@elsewhere.test".into()]))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    assert_eq!(setup.received().len(), before);
    // A declared body over 64 KiB is refused before it is read.
    let huge = Request::post("/api/probe/addresses")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "70000")
        .body(Body::from(vec![b' '; 70_000]))
        .unwrap();
    let (status, json) = send(&state, huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{json}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_public_probe_costs_what_a_survey_costs() {
    let setup = setup().await;
    // Two surveys' worth (50 each).
    let state = setup.state(
        setup.probe(false, 10),
        RateLimit {
            per_minute: 100,
            burst: 100,
        },
    );
    for _ in 0..2 {
        let (status, json) = send(&state, get("/api/probe?domain=api.test")).await;
        assert_eq!(status, StatusCode::OK, "{json}");
    }
    let (status, json) = send(&state, get("/api/probe?domain=api.test")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{json}");
}
