//! The one rustls client configuration: ring, the default protocol versions, the
//! Mozilla roots (webpki-roots) and any extra roots a deployment or a test trusts.
//! Used by the MTA-STS policy fetch and by DoH upstreams.

use std::sync::Arc;

use rustls::pki_types::CertificateDer;

/// A client configuration trusting the Mozilla roots and `extra_roots`. Fails only for
/// an extra root that is not a usable CA certificate.
pub fn client_config(
    extra_roots: &[CertificateDer<'static>],
) -> Result<rustls::ClientConfig, rustls::Error> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for root in extra_roots {
        roots.add(root.clone())?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
