//! The DNS-over-HTTPS endpoint through the router, against the fixture zones on a real
//! (in-process) DNS server: both forms answer, and everything the tools would never ask
//! is refused with a 400 that says why. Also the rate limit, CORS and body limit.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use hickory_resolver::proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_resolver::proto::rr::{DNSClass, Name, RData, RecordType};
use http_body_util::BodyExt as _;
use mailmove_server::cache::AnswerCache;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::rate_limit::RateLimit;
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use tower::ServiceExt as _;

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
    fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or_default().to_owned()
    }
}

fn state(authority: &DnsAuthority, config: ServerConfig) -> AppState {
    let dns = Dns::new(&Upstream::Nameserver(authority.addr))
        .expect("resolver")
        .with_cache(AnswerCache::default());
    AppState::new(
        dns,
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        config,
    )
}

async fn send(state: &AppState, request: Request<Body>) -> Reply {
    let response = app(state.clone())
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("body");
    Reply {
        status,
        headers,
        body: body.to_bytes().to_vec(),
    }
}

async fn get(state: &AppState, uri: &str) -> Reply {
    send(
        state,
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

fn question(name: &str, rtype: RecordType) -> Vec<u8> {
    let mut message = Message::new(0, MessageType::Query, OpCode::Query);
    message.metadata.recursion_desired = true;
    let mut query = Query::query(Name::from_ascii(name).expect("name"), rtype);
    query.query_class = DNSClass::IN;
    message.add_query(query);
    message.to_vec().expect("encodes")
}

fn wire_get_uri(bytes: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    format!("/dns-query?dns={encoded}")
}

async fn post(state: &AppState, content_type: &str, body: Vec<u8>) -> Reply {
    let request = Request::post("/dns-query")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request");
    send(state, request).await
}

fn exchangers(reply: &Reply) -> Vec<String> {
    let message = Message::from_vec(&reply.body).expect("a DNS message");
    let mut found: Vec<String> = message
        .answers
        .iter()
        .filter_map(|record| match &record.data {
            RData::MX(mx) => Some(format!("{} {}", mx.preference, mx.exchange)),
            _ => None,
        })
        .collect();
    found.sort();
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn json_form_answers_like_the_public_services() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority, ServerConfig::default());

    let reply = get(&state, "/dns-query?name=example.test&type=MX").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/dns-json");
    let json = reply.json();
    assert_eq!(json["Status"], 0);
    assert_eq!(json["Question"][0]["name"], "example.test.");
    assert_eq!(json["Question"][0]["type"], 15);
    let mut data: Vec<&str> = json["Answer"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|answer| answer["data"].as_str().expect("data"))
        .collect();
    data.sort_unstable();
    assert_eq!(data, ["10 mx1.example.test.", "20 mx2.example.test."]);
    let ttl = json["Answer"][0]["TTL"].as_u64().expect("TTL");
    assert!(ttl <= 3600 && ttl > 3000, "{ttl}");
    // HTTP freshness never outlives the DNS TTL (RFC 8484 §5.1).
    let max_age: u64 = reply.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .trim_start_matches("max-age=")
        .parse()
        .expect("max-age");
    assert!(max_age <= ttl);

    // Google's path and a numeric type; TXT quoted as Cloudflare does.
    let reply = get(&state, "/resolve?name=_dmarc.example.test&type=16").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json()["Answer"][0]["data"],
        "\"v=DMARC1; p=none; rua=mailto:dmarc@example.test\""
    );

    let reply = get(&state, "/dns-query?name=nothing-here.example.test&type=A").await;
    assert_eq!(reply.json()["Status"], 3, "NXDOMAIN");
    let reply = get(&state, "/dns-query?name=www.example.test&type=MX").await;
    let json = reply.json();
    assert_eq!(json["Status"], 0, "NODATA is NOERROR without answers");
    assert!(json.get("Answer").is_none());
    authority.stop().await.expect("stop");
}

/// The zone's SOA (`example.test`: TTL 300, MINIMUM 60, so a negative TTL of 60).
fn assert_negative_soa(name: &str, ttl: u64, data: &str) {
    assert_eq!(name, "example.test.");
    assert!(
        ttl > 0 && ttl <= 60,
        "the negative TTL, counted down: {ttl}"
    );
    assert!(data.contains(" 2026112801 3600 600 86400 60"), "{data}");
}

#[tokio::test(flavor = "multi_thread")]
async fn negative_answers_carry_the_zones_soa_in_both_forms() {
    // See: issue 18 (DoH conformance): clients learn the negative TTL from the SOA.
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority, ServerConfig::default());
    for (name, status) in [
        ("nothing-here.example.test", 3),
        ("www.example.test", 0), // NODATA
    ] {
        // Twice: the second answer comes from the cache and keeps its SOA.
        for _ in 0..2 {
            let reply = get(&state, &format!("/dns-query?name={name}&type=MX")).await;
            // The page's own reader (static and engine modes) learns the negative TTL.
            let query = mailmove_core::dns::Query::new(name, mailmove_core::dns::RecordType::Mx);
            let body = String::from_utf8_lossy(&reply.body);
            let read = mailmove_core::dns_json::outcome_from_json(&query, &body).expect("reads");
            let (mailmove_core::dns::Outcome::NxDomain { negative_ttl }
            | mailmove_core::dns::Outcome::NoData { negative_ttl }) = read
            else {
                panic!("{name}: {read:?}")
            };
            assert!(
                negative_ttl.is_some_and(|ttl| ttl > 0 && ttl <= 60),
                "{name}"
            );
            let json = reply.json();
            assert_eq!(json["Status"], status, "{name}");
            let soa = &json["Authority"][0];
            assert_eq!(soa["type"], 6, "{name}: {json}");
            assert_negative_soa(
                soa["name"].as_str().expect("name"),
                soa["TTL"].as_u64().expect("TTL"),
                soa["data"].as_str().expect("data"),
            );

            let wire = format!("{name}.");
            let reply = get(&state, &wire_get_uri(&question(&wire, RecordType::MX))).await;
            assert_eq!(reply.status, StatusCode::OK);
            let message = Message::from_vec(&reply.body).expect("DNS message");
            assert!(message.answers.is_empty(), "{name}");
            let [soa] = message.authorities.as_slice() else {
                panic!("{name}: one SOA in the authority section: {message:?}")
            };
            let RData::SOA(data) = &soa.data else {
                panic!("{name}: {soa:?}")
            };
            assert_eq!(data.minimum, 60);
            assert_negative_soa(
                &soa.name.to_ascii(),
                u64::from(soa.ttl),
                &format!(
                    " {} {} {} {} {}",
                    data.serial, data.refresh, data.retry, data.expire, data.minimum
                ),
            );
        }
    }
    // A positive answer has no authority section.
    let reply = get(&state, "/dns-query?name=example.test&type=MX").await;
    assert!(reply.json().get("Authority").is_none());
    authority.stop().await.expect("stop");
}

#[tokio::test(flavor = "multi_thread")]
async fn rfc8484_get_and_post_answer_with_dns_messages() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority, ServerConfig::default());
    let expected = ["10 mx1.example.test.", "20 mx2.example.test."];

    let reply = get(
        &state,
        &wire_get_uri(&question("example.test.", RecordType::MX)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.headers[header::CONTENT_TYPE],
        "application/dns-message"
    );
    assert_eq!(exchangers(&reply), expected);
    let message = Message::from_vec(&reply.body).unwrap();
    assert_eq!(message.metadata.message_type, MessageType::Response);
    assert_eq!(message.metadata.id, 0);
    assert!(message.metadata.recursion_available);
    assert_eq!(message.queries.len(), 1);

    let reply = post(
        &state,
        "application/dns-message",
        question("example.test.", RecordType::MX),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(exchangers(&reply), expected);

    let reply = post(
        &state,
        "application/dns-message",
        question("gone.example.test.", RecordType::TXT),
    )
    .await;
    let message = Message::from_vec(&reply.body).unwrap();
    assert_eq!(message.metadata.response_code, ResponseCode::NXDomain);
    authority.stop().await.expect("stop");
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_questions_are_refused_before_any_lookup() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority, ServerConfig::default());
    let long_label = "a".repeat(64);
    let refused_json = [
        ("name=example.test&type=ANY", "unsupported-type"),
        ("name=example.test&type=AXFR", "unsupported-type"),
        ("name=example.test&type=IXFR", "unsupported-type"),
        ("name=example.test&type=255", "unsupported-type"),
        ("name=1.0.0.127.in-addr.arpa&type=PTR", "unsupported-type"),
        ("name=example.test&type=NOPE", "unsupported-type"),
        ("name=localhost&type=A", "invalid-domain"),
        ("name=printer.local&type=A", "invalid-domain"),
        ("name=db.corp.internal&type=A", "invalid-domain"),
        ("name=127.0.0.1&type=A", "invalid-domain"),
        ("name=%5B%3A%3A1%5D&type=A", "invalid-domain"),
        ("name=exa%01mple.test&type=A", "invalid-domain"),
        ("name=exa%0Ample.test&type=A", "invalid-domain"),
        ("name=co.jp&type=MX", "invalid-domain"),
        ("name=test&type=MX", "invalid-domain"),
        ("name=&type=MX", "invalid-domain"),
        // Names RFC 7208 lets SPF records use, which the resolver seam sends as they
        // are: the endpoint is for host names only.
        ("name=foo%3Abar%2Fbaz.example.test&type=A", "invalid-domain"),
        ("name=foo%20bar.example.test&type=A", "invalid-domain"),
        ("name=100%25.example.test&type=A", "invalid-domain"),
        ("name=a%5C.b.example.test&type=A", "invalid-domain"),
        ("name=a..example.test&type=A", "invalid-domain"),
    ];
    for (query, code) in refused_json {
        let reply = get(&state, &format!("/dns-query?{query}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(reply.code(), code, "{query}");
        let message = &reply.json()["message"];
        assert!(!message["ja"].as_str().unwrap().is_empty(), "{query}");
        assert!(!message["en"].as_str().unwrap().is_empty(), "{query}");
    }
    let reply = get(&state, &format!("/dns-query?name={long_label}.test&type=A")).await;
    assert_eq!(reply.code(), "invalid-domain");

    // The same refusals in wire form: a DNS answer, REFUSED, inside HTTP 200
    // (RFC 8484 §4.2.1).
    for (name, rtype) in [
        ("example.test.", RecordType::ANY),
        ("example.test.", RecordType::AXFR),
        ("example.test.", RecordType::IXFR),
        ("localhost.", RecordType::A),
        ("router.home.arpa.", RecordType::A),
    ] {
        let reply = get(&state, &wire_get_uri(&question(name, rtype))).await;
        assert_refused(&reply, ResponseCode::Refused, &format!("{name} {rtype}"));
    }

    // Labels with octets a host name does not have, and a dot inside a label.
    for labels in [
        [&b"foo:bar/baz"[..], b"example", b"test"],
        [b"foo bar", b"example", b"test"],
        [b"100%", b"example", b"test"],
        [b"example.test", b"example", b"test"],
        [b"\xc3\xa9t\xc3\xa9", b"example", b"test"],
    ] {
        let mut message = Message::new(0, MessageType::Query, OpCode::Query);
        let name = Name::from_labels(labels).expect("raw labels");
        message.add_query(Query::query(name.clone(), RecordType::A));
        let reply = get(&state, &wire_get_uri(&message.to_vec().expect("encodes"))).await;
        assert_refused(&reply, ResponseCode::Refused, &format!("{name:?}"));
    }

    // Messages that are not one plain question.
    let mut chaos = Message::new(0, MessageType::Query, OpCode::Query);
    let mut version = Query::query(Name::from_ascii("version.bind.").unwrap(), RecordType::TXT);
    version.query_class = DNSClass::CH;
    chaos.add_query(version);
    let mut two = Message::new(0, MessageType::Query, OpCode::Query);
    for name in ["example.test.", "alias.test."] {
        two.add_query(Query::query(
            Name::from_ascii(name).unwrap(),
            RecordType::MX,
        ));
    }
    let mut response = Message::from_vec(&question("example.test.", RecordType::MX)).unwrap();
    response.metadata.message_type = MessageType::Response;
    let mut update = Message::new(0, MessageType::Query, OpCode::Update);
    update.add_query(Query::query(
        Name::from_ascii("example.test.").unwrap(),
        RecordType::SOA,
    ));
    // Queries refused or not understood are DNS answers; what is not a query is a 400.
    for (what, bytes, code) in [
        ("class CH", chaos.to_vec().unwrap(), ResponseCode::Refused),
        (
            "two questions",
            two.to_vec().unwrap(),
            ResponseCode::FormErr,
        ),
        ("an update", update.to_vec().unwrap(), ResponseCode::NotImp),
        (
            "no question",
            Message::new(7, MessageType::Query, OpCode::Query)
                .to_vec()
                .unwrap(),
            ResponseCode::FormErr,
        ),
    ] {
        let reply = post(&state, "application/dns-message", bytes).await;
        assert_refused(&reply, code, what);
    }
    for (what, bytes) in [
        ("a response", response.to_vec().unwrap()),
        ("garbage", b"\x00\x01garbage".to_vec()),
    ] {
        let reply = post(&state, "application/dns-message", bytes).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{what}");
        assert_eq!(reply.code(), "bad-dns-message", "{what}");
    }
    let reply = get(&state, "/dns-query?dns=not*base64").await;
    assert_eq!(reply.code(), "bad-dns-message");
    let reply = get(&state, "/dns-query").await;
    assert_eq!(reply.code(), "bad-query");

    // Wrong media type, oversized bodies.
    let reply = post(&state, "application/json", b"{}".to_vec()).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let reply = post(&state, "application/dns-message", vec![0; 2_000]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.code(), "body-too-large");
    let reply = post(&state, "application/dns-message", vec![0; 100_000]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    authority.stop().await.expect("stop");
}

/// A wire-form refusal: HTTP 200, a DNS response with `code`, the question echoed,
/// no answer, not cacheable.
fn assert_refused(reply: &Reply, code: ResponseCode, what: &str) {
    assert_eq!(reply.status, StatusCode::OK, "{what}");
    assert_eq!(
        reply.headers[header::CONTENT_TYPE],
        "application/dns-message",
        "{what}"
    );
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store", "{what}");
    let message = Message::from_vec(&reply.body).expect("a DNS message");
    assert_eq!(
        message.metadata.message_type,
        MessageType::Response,
        "{what}"
    );
    assert_eq!(message.metadata.response_code, code, "{what}");
    assert!(message.answers.is_empty(), "{what}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_says_why_in_an_extended_dns_error_when_the_client_speaks_edns() {
    // See: issue 18 (DoH conformance): RFC 8484 §4.2.1, RFC 8914.
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority, ServerConfig::default());
    let mut message = Message::from_vec(&question("example.test.", RecordType::ANY)).unwrap();
    let plain = get(&state, &wire_get_uri(&message.to_vec().unwrap())).await;
    assert_refused(&plain, ResponseCode::Refused, "ANY");
    let plain = Message::from_vec(&plain.body).unwrap();
    assert!(
        plain.edns.is_none(),
        "no OPT for a query without one (RFC 6891 §7)"
    );
    assert_eq!(plain.queries.len(), 1, "the question is echoed");

    message.set_edns(hickory_resolver::proto::op::Edns::new());
    let reply = get(&state, &wire_get_uri(&message.to_vec().unwrap())).await;
    assert_refused(&reply, ResponseCode::Refused, "ANY with EDNS");
    let answer = Message::from_vec(&reply.body).unwrap();
    let edns = answer.edns.expect("an OPT record");
    let option = edns
        .options()
        .get(hickory_resolver::proto::rr::rdata::opt::EdnsCode::Unknown(
            15,
        ))
        .expect("an Extended DNS Error");
    let hickory_resolver::proto::rr::rdata::opt::EdnsOption::Unknown(15, data) = option else {
        panic!("{option:?}")
    };
    assert_eq!(&data[..2], &18_u16.to_be_bytes(), "18: Prohibited");
    let text = String::from_utf8_lossy(&data[2..]);
    assert!(text.contains("ANY"), "{text}");
    authority.stop().await.expect("stop");
}

#[tokio::test(flavor = "multi_thread")]
async fn clients_over_their_share_get_429_with_retry_after() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let config = ServerConfig {
        rate_limit: RateLimit {
            per_minute: 6,
            burst: 3,
        },
        ..ServerConfig::default()
    };
    let state = state(&authority, config);
    for _ in 0..3 {
        let reply = get(&state, "/dns-query?name=example.test&type=MX").await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let reply = get(&state, "/dns-query?name=example.test&type=MX").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.code(), "too-many-requests");
    let retry_after: u64 = reply.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    // The survey and lookup API share the bucket; health checks never count.
    let reply = get(&state, "/api/survey?domain=example.test").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let reply = get(&state, "/api/lookup?name=example.test&type=MX").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(get(&state, "/healthz").await.status, StatusCode::OK);
    authority.stop().await.expect("stop");
}

#[tokio::test(flavor = "multi_thread")]
async fn cors_only_for_configured_origins() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let uri = "/dns-query?name=example.test&type=MX";
    let from = |origin: &str| {
        Request::get(uri)
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .expect("request")
    };

    let closed = state(&authority, ServerConfig::default());
    let reply = send(&closed, from("https://shop.example")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );

    let open = state(
        &authority,
        ServerConfig {
            cors_origins: vec!["https://shop.example".into()],
            ..ServerConfig::default()
        },
    );
    let reply = send(&open, from("https://shop.example")).await;
    assert_eq!(
        reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://shop.example"
    );
    let reply = send(&open, from("https://evil.example")).await;
    assert!(
        reply
            .headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    let preflight = Request::options(uri)
        .header(header::ORIGIN, "https://shop.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .expect("request");
    let reply = send(&open, preflight).await;
    assert!(reply.status.is_success(), "{}", reply.status);
    assert_eq!(
        reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://shop.example"
    );

    let any = state(
        &authority,
        ServerConfig {
            cors_origins: vec!["*".into()],
            ..ServerConfig::default()
        },
    );
    let reply = send(&any, from("https://anyone.example")).await;
    assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    authority.stop().await.expect("stop");
}

#[tokio::test(flavor = "multi_thread")]
async fn direct_soa_questions_go_only_to_the_zones_own_name_servers() {
    use mailmove_server::address_policy::DirectPolicy;
    use mailmove_testkit::dns_authority::AuthorityOptions;
    const ZONE: &str = "ns-lag.test.";
    let dir = tempfile::tempdir().unwrap();
    let current = mailmove_testkit::fixture("ns-lag.test.zone");
    let lagging = dir.path().join("ns-lag.test.zone");
    let text = std::fs::read_to_string(&current).unwrap();
    std::fs::write(&lagging, text.replace("2026112802", "2026112801")).unwrap();
    let resolver = DnsAuthority::serve_zones(&[(ZONE.into(), current.clone())])
        .await
        .unwrap();
    let port = resolver.addr.port();
    let at = |last: u8| AuthorityOptions {
        ip: [127, 0, 0, last].into(),
        port,
        ..AuthorityOptions::default()
    };
    let _ns1 = DnsAuthority::serve_zones_with(&[(ZONE.into(), current)], at(2))
        .await
        .unwrap();
    let _ns2 = DnsAuthority::serve_zones_with(&[(ZONE.into(), lagging)], at(3))
        .await
        .unwrap();
    let dns = Dns::new(&Upstream::Nameserver(resolver.addr))
        .unwrap()
        .with_cache(AnswerCache::default())
        .with_direct(DirectPolicy::Loopback { port });
    let state = AppState::new(
        dns,
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig::default(),
    );
    let serial = |reply: &Reply| {
        let data = reply.json()["Answer"][0]["data"]
            .as_str()
            .unwrap()
            .to_owned();
        data.split_whitespace().nth(2).unwrap().to_owned()
    };
    let reply = get(
        &state,
        "/dns-query?name=ns-lag.test&type=SOA&server=127.0.0.3",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        serial(&reply),
        "2026112801",
        "the lagging server's own serial"
    );
    let reply = get(
        &state,
        "/dns-query?name=ns-lag.test&type=SOA&server=127.0.0.2",
    )
    .await;
    assert_eq!(serial(&reply), "2026112802");

    // Not one of the zone's name servers, not an address, not an SOA question.
    let reply = get(
        &state,
        "/dns-query?name=ns-lag.test&type=SOA&server=127.0.0.9",
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "not-a-name-server");
    let reply = get(
        &state,
        "/dns-query?name=ns-lag.test&type=SOA&server=8.8.8.8",
    )
    .await;
    assert_eq!(reply.code(), "not-a-name-server");
    let reply = get(&state, "/dns-query?name=ns-lag.test&type=SOA&server=ns1").await;
    assert_eq!(reply.code(), "bad-query");
    let reply = get(
        &state,
        "/dns-query?name=ns-lag.test&type=MX&server=127.0.0.2",
    )
    .await;
    assert_eq!(reply.code(), "bad-query");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_policy_endpoint_refuses_bad_names_and_reports_the_fetch() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let state = state(&authority, ServerConfig::default());
    let reply = get(&state, "/api/mta-sts-policy?domain=localhost").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "invalid-domain");
    // example.test has no mta-sts host: the fetch fails for that reason, as data.
    let reply = get(&state, "/api/mta-sts-policy?domain=example.test").await;
    assert_eq!(reply.status, StatusCode::OK);
    let json = reply.json();
    assert_eq!(json["status"], "failed");
    assert_eq!(json["error"]["kind"], "no-address");
}
