//! STARTTLS as a sending MTA does it (opportunistic TLS): the handshake goes ahead
//! whatever the certificate, as mail would, and whether the certificate verifies
//! against the Mozilla roots (plus `--ca`) for the exchanger's name is recorded.
//! Handshake signatures are still checked with the certificate's key.

use std::sync::{Arc, Mutex, PoisonError};

use mailmove_core::smtp::{CertificateCheck, TlsFacts};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// Trust for the probe: the Mozilla roots and any extra CA certificates.
#[derive(Clone)]
pub struct ProbeTrust {
    roots: Arc<rustls::RootCertStore>,
}

impl std::fmt::Debug for ProbeTrust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProbeTrust")
            .field("roots", &self.roots.len())
            .finish()
    }
}

impl ProbeTrust {
    /// The Mozilla roots and `extra` (a test CA, a private CA given with `--ca`).
    pub fn new(extra: &[CertificateDer<'static>]) -> Result<ProbeTrust, rustls::Error> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for root in extra {
            roots.add(root.clone())?;
        }
        Ok(ProbeTrust {
            roots: Arc::new(roots),
        })
    }

    /// A client configuration for one session, and where its verifier writes what it
    /// found.
    pub(super) fn session(&self) -> Result<(Arc<rustls::ClientConfig>, Arc<Recorder>), String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let inner =
            WebPkiServerVerifier::builder_with_provider(self.roots.clone(), provider.clone())
                .build()
                .map_err(|error| error.to_string())?;
        let recorder = Arc::new(Recorder {
            inner,
            found: Mutex::new(None),
        });
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|error| error.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(recorder.clone())
            .with_no_client_auth();
        Ok((Arc::new(config), recorder))
    }
}

/// A verifier that lets the handshake go on and remembers whether the certificate
/// verified.
#[derive(Debug)]
pub(super) struct Recorder {
    inner: Arc<WebPkiServerVerifier>,
    found: Mutex<Option<CertificateCheck>>,
}

impl Recorder {
    /// What the verifier found, once the handshake is done.
    pub(super) fn check(&self) -> CertificateCheck {
        self.found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .unwrap_or(CertificateCheck::NotVerified {
                why: "no certificate".into(),
            })
    }
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let check = match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(_) => CertificateCheck::Verified,
            Err(rustls::Error::InvalidCertificate(reason)) => CertificateCheck::NotVerified {
                why: format!("{reason:?}"),
            },
            Err(other) => CertificateCheck::NotVerified {
                why: other.to_string(),
            },
        };
        *self.found.lock().unwrap_or_else(PoisonError::into_inner) = Some(check);
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// What the handshake on `connection` showed.
pub(super) fn facts(connection: &rustls::ClientConnection, recorder: &Recorder) -> TlsFacts {
    let version = match connection.protocol_version() {
        Some(rustls::ProtocolVersion::TLSv1_3) => "TLSv1.3".to_owned(),
        Some(rustls::ProtocolVersion::TLSv1_2) => "TLSv1.2".to_owned(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    };
    let cipher = connection
        .negotiated_cipher_suite()
        .map(|suite| format!("{:?}", suite.suite()))
        .unwrap_or_default();
    let end_entity = connection
        .peer_certificates()
        .and_then(|certificates| certificates.first());
    let names = end_entity
        .and_then(|der| {
            webpki::EndEntityCert::try_from(der)
                .ok()
                .map(|cert| cert.valid_dns_names().map(str::to_owned).collect())
        })
        .unwrap_or_default();
    TlsFacts {
        version,
        cipher,
        names,
        not_after: end_entity.and_then(|der| super::certificate::not_after(der)),
        verification: recorder.check(),
    }
}
