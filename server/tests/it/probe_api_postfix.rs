//! `POST /api/probe/addresses` against a real Postfix on loopback, with the body the
//! planner sends (core's `plan::acceptance_request`): the unknown address is refused
//! with Postfix's own reply, the others accepted, and the answer read back into the
//! plan holds the MX switch. `/api/version` tells the page the probe is on.
//!
//! Postfix's master runs only as root; elsewhere the test says why and skips, and
//! under `cargo xtask test` (`MAILMOVE_REQUIRE_POSTFIX=1`) it fails instead.

use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use mailmove_core::accounts::Account;
use mailmove_core::plan::{Acceptance, Plan, StepId, acceptance_request, schedule};
use mailmove_core::records::{CustomMx, CustomTarget};
use mailmove_server::address_policy::DirectPolicy;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::probe_api::ProbeApiConfig;
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use mailmove_testkit::postfix::{Postfix, PostfixOptions};
use tower::ServiceExt as _;

const ZONE: &str = "\
$ORIGIN planner.test.
$TTL 300
@        IN SOA ns1 hostmaster 1 3600 600 86400 60
@        IN NS  ns1
ns1      IN A   127.0.0.1
new-mx   IN A   127.0.0.1
";

/// A plan for planner.test to the custom target `new-mx.planner.test`: info (mailbox),
/// sales (alias of info), ghost (a group nobody created on the new server).
fn plan() -> Plan {
    let domain = mailmove_core::DomainName::parse_with(
        "planner.test",
        &mailmove_core::NamePolicy::allowing(["test"]),
    )
    .unwrap();
    let mut plan = Plan::new(&domain, "custom", "2027-02-16T19:00".parse().unwrap());
    plan.records.custom = Some(CustomTarget {
        mx: vec![CustomMx {
            preference: 10,
            host: "new-mx.planner.test".into(),
        }],
        ..CustomTarget::default()
    });
    let mut info = Account::unassigned("info@planner.test");
    info.destination = info.as_mailbox();
    let mut sales = Account::unassigned("sales@planner.test");
    sales.destination = mailmove_core::accounts::Destination::Alias {
        user: "info@planner.test".into(),
    };
    let mut ghost = Account::unassigned("ghost@planner.test");
    ghost.destination = mailmove_core::accounts::Destination::Group {
        members: vec!["info@planner.test".into()],
    };
    plan.accounts.accounts = vec![info, sales, ghost];
    plan
}

async fn send(state: &AppState, mut request: Request<Body>) -> (StatusCode, String) {
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
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_planners_request_finds_the_address_postfix_refuses() {
    if !Postfix::available() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_POSTFIX"),
            "{}",
            Postfix::unavailable_reason()
        );
        eprintln!("skipped: {}", Postfix::unavailable_reason());
        return;
    }
    let postfix = Postfix::start(&PostfixOptions {
        hostname: "new-mx.planner.test".into(),
        domain: "planner.test".into(),
        mailboxes: vec!["info@planner.test".into(), "sales@planner.test".into()],
        tls: None,
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let zone = dir.path().join("planner.test.zone");
    std::fs::write(&zone, ZONE).unwrap();
    let authority = DnsAuthority::serve_zones(&[("planner.test.".into(), zone)])
        .await
        .unwrap();
    let mut probe = ProbeApiConfig::new(true, 10);
    probe.addresses = DirectPolicy::Loopback {
        port: postfix.addr.port(),
    };
    probe.helo = "planner-client.planner.test".into();
    let state = AppState::new(
        Dns::new(&Upstream::Nameserver(authority.addr)).unwrap(),
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig {
            probe,
            ..ServerConfig::default()
        },
    );

    // The page learns that the probe is on.
    let (status, version) = send(
        &state,
        Request::get("/api/version").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let version: serde_json::Value = serde_json::from_str(&version).unwrap();
    assert_eq!(version["address_probe"], true, "{version}");

    let mut plan = plan();
    let request = acceptance_request(&plan);
    let post = Request::post("/api/probe/addresses")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(&request).unwrap()))
        .unwrap();
    let (status, text) = send(&state, post).await;
    assert_eq!(status, StatusCode::OK, "{text}\n{}", postfix.log());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["summary"], "refused", "{json:#}");
    assert_eq!(json["exchangers"][0]["host"], "new-mx.planner.test");
    assert_eq!(
        crate::probe_postfix::verdicts(&json),
        [
            ("info@planner.test", "accepted"),
            ("sales@planner.test", "accepted"),
            ("ghost@planner.test", "refused")
        ]
    );
    let ghost = &json["addresses"][2];
    assert_eq!(ghost["refusal"], "unknown-user");
    assert_eq!(ghost["reply"]["code"], 550);
    let words = ghost["reply"]["lines"][0].as_str().unwrap();
    assert!(
        words.contains("Recipient address rejected: User unknown in virtual mailbox table"),
        "{words}"
    );
    // Postfix refused the made-up address too, so the acceptances mean something.
    assert_eq!(
        json["exchangers"][0]["catch_all_probe"]["verdict"],
        "refused"
    );

    // Read back as the page does: the MX switch is held, naming ghost only.
    plan.acceptance = Some(Acceptance::from_answer(&request, &text).unwrap());
    let schedule = schedule(&plan, None);
    let cutover = schedule
        .steps
        .iter()
        .find(|step| step.id == StepId::Cutover)
        .unwrap();
    assert!(cutover.held);
    let held = schedule
        .issues
        .iter()
        .find(|issue| issue.code == "mx-held-address-refused")
        .unwrap();
    assert!(held.message.ja.contains("ghost@planner.test"));
    assert!(!held.message.ja.contains("info@planner.test"));

    // Nothing was ever sent: no DATA.
    let log = postfix.log();
    assert!(!log.contains("data="), "{log}");
}
