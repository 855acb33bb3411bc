//! `--upstream doh:https://…`: hickory's DNS-over-HTTPS client (HTTP/2, POST) against
//! our own DoH endpoint, served over TLS on loopback with a test CA, in front of the
//! fixture zones. The same answers and the same survey as asking the zones directly —
//! which also shows that our endpoint speaks RFC 8484 to a third-party client.

use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use mailmove_core::dns::{Outcome, Query, RecordData, RecordType};
use mailmove_server::dns::{Dns, DohUpstream, Upstream};
use mailmove_server::{AppState, ServerConfig, app};
use mailmove_testkit::dns_authority::DnsAuthority;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

struct DohServer {
    addr: SocketAddr,
    ca: CertificateDer<'static>,
    ca_pem: String,
}

/// Our app over TLS (HTTP/2 and HTTP/1.1), its DNS questions going to `authority`.
async fn doh_server(authority: SocketAddr) -> DohServer {
    let ca_key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, "Mailmove test CA");
    let ca = params.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&key, &ca, &ca_key)
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .unwrap();
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));

    let state = AppState::new(
        Dns::new(&Upstream::Nameserver(authority)).unwrap(),
        None,
        mailmove_core::NamePolicy::allowing(["test"]),
        ServerConfig::default(),
    );
    let router = app(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let service = TowerToHyperService::new(router.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    DohServer {
        addr,
        ca: ca.der().clone(),
        ca_pem: ca.pem(),
    }
}

fn doh_url(server: &DohServer) -> Upstream {
    Upstream::Doh(DohUpstream::Url {
        addr: server.addr,
        server_name: "127.0.0.1".into(),
        path: "/dns-query".into(),
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn answers_over_doh_match_the_zone() {
    let authority = DnsAuthority::fixtures().await.unwrap();
    let server = doh_server(authority.addr).await;
    let dns = Dns::with_roots(&doh_url(&server), std::slice::from_ref(&server.ca)).unwrap();

    let outcome = dns
        .lookup(&Query::new("example.test", RecordType::Mx))
        .await;
    let Outcome::Records { records } = outcome else {
        panic!("{outcome:?}");
    };
    let mut exchangers: Vec<String> = records
        .iter()
        .filter_map(|record| match &record.data {
            RecordData::Mx { exchange, .. } => Some(exchange.clone()),
            _ => None,
        })
        .collect();
    exchangers.sort();
    assert_eq!(exchangers, ["mx1.example.test", "mx2.example.test"]);

    let outcome = dns
        .lookup(&Query::new("gone.example.test", RecordType::A))
        .await;
    assert!(matches!(outcome, Outcome::NxDomain { .. }), "{outcome:?}");
    let outcome = dns
        .lookup(&Query::new("www.example.test", RecordType::Mx))
        .await;
    assert!(matches!(outcome, Outcome::NoData { .. }), "{outcome:?}");

    // Without the test CA the certificate is not trusted: could not check, not NXDOMAIN.
    let untrusting = Dns::new(&doh_url(&server)).unwrap();
    let outcome = untrusting
        .lookup(&Query::new("example.test", RecordType::Mx))
        .await;
    assert!(outcome.is_could_not_check(), "{outcome:?}");
    authority.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_surveys_through_a_doh_upstream_like_through_dns() {
    let authority = DnsAuthority::fixtures().await.unwrap();
    let server = doh_server(authority.addr).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &server.ca_pem).unwrap();
    let run = |upstream: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_mailmove"))
            .args(["check", "example.test", "--allow-tld", "test", "--json"])
            .args(upstream)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        // Direct questions to name servers are not asked in either run (loopback
        // addresses, production policy); nothing else may differ.
        json["queries"] = serde_json::Value::Null;
        json
    };
    let direct = run(&["--nameserver", &authority.addr.to_string()]);
    let url = format!("doh:https://{}/dns-query", server.addr);
    let over_doh = run(&["--upstream", &url, "--upstream-ca", ca.to_str().unwrap()]);
    assert_eq!(direct["findings"], over_doh["findings"]);
    assert_eq!(direct["facts"]["mx"], over_doh["facts"]["mx"]);
    assert_eq!(direct["facts"]["spf"], over_doh["facts"]["spf"]);
    assert_eq!(direct["providers"], over_doh["providers"]);

    // A malformed upstream is bad input: exit 2 and say what is expected.
    let output = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(["check", "example.test", "--allow-tld", "test"])
        .args(["--upstream", "doh:quad7"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cloudflare"), "{stderr}");
    authority.stop().await.unwrap();
}
