//! Moves bytes between a TCP (later TLS) connection and core's [`Session`].

use mailmove_core::smtp::{Next, Session};
use rustls::pki_types::ServerName;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::ProbeSettings;

/// How much is read at a time. Core refuses a reply as soon as it cannot fit its
/// limits, so at most about this much more than a reply is ever held.
const READ_CHUNK: usize = 4096;

enum Connection {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
    /// The TCP stream is inside a failed handshake.
    Gone,
}

/// Runs `session` over `tcp` until it says to close. `host` is the name the
/// certificate must be valid for.
pub(super) async fn run(
    session: &mut Session,
    tcp: TcpStream,
    host: &str,
    settings: &ProbeSettings,
) {
    let mut connection = Connection::Plain(tcp);
    let mut buffer = vec![0_u8; READ_CHUNK];
    let wait = settings.reply_timeout;
    loop {
        match session.next_step() {
            Next::Send(bytes) => {
                let written = match &mut connection {
                    Connection::Plain(tcp) => {
                        tokio::time::timeout(wait, tcp.write_all(&bytes)).await
                    }
                    Connection::Tls(tls) => tokio::time::timeout(wait, tls.write_all(&bytes)).await,
                    Connection::Gone => Ok(Err(std::io::ErrorKind::NotConnected.into())),
                };
                match written {
                    Ok(Ok(())) => {}
                    Ok(Err(_)) => session.closed(),
                    Err(_elapsed) => session.timed_out(),
                }
            }
            Next::Receive => {
                let read = match &mut connection {
                    Connection::Plain(tcp) => {
                        tokio::time::timeout(wait, tcp.read(&mut buffer)).await
                    }
                    Connection::Tls(tls) => tokio::time::timeout(wait, tls.read(&mut buffer)).await,
                    Connection::Gone => Ok(Ok(0)),
                };
                match read {
                    Ok(Ok(0) | Err(_)) => session.closed(),
                    Ok(Ok(count)) => session.receive(&buffer[..count]),
                    Err(_elapsed) => session.timed_out(),
                }
            }
            Next::StartTls => {
                connection = match std::mem::replace(&mut connection, Connection::Gone) {
                    Connection::Plain(tcp) => start_tls(session, tcp, host, settings).await,
                    other => {
                        session.tls_failed("STARTTLS inside TLS");
                        other
                    }
                };
            }
            Next::Close => {
                // A polite close; a server that does not take it costs a short wait.
                let timeout = std::time::Duration::from_secs(1);
                match &mut connection {
                    Connection::Plain(tcp) => {
                        let _ = tokio::time::timeout(timeout, tcp.shutdown()).await;
                    }
                    Connection::Tls(tls) => {
                        let _ = tokio::time::timeout(timeout, tls.shutdown()).await;
                    }
                    Connection::Gone => {}
                }
                return;
            }
        }
    }
}

async fn start_tls(
    session: &mut Session,
    tcp: TcpStream,
    host: &str,
    settings: &ProbeSettings,
) -> Connection {
    let (config, recorder) = match settings.trust.session() {
        Ok(pair) => pair,
        Err(error) => {
            session.tls_failed(&error);
            return Connection::Gone;
        }
    };
    let name = match ServerName::try_from(host.to_owned()) {
        Ok(name) => name,
        Err(error) => {
            session.tls_failed(&error.to_string());
            return Connection::Gone;
        }
    };
    let handshake = TlsConnector::from(config).connect(name, tcp);
    match tokio::time::timeout(settings.reply_timeout, handshake).await {
        Ok(Ok(tls)) => {
            session.tls_established(super::tls::facts(tls.get_ref().1, &recorder));
            Connection::Tls(Box::new(tls))
        }
        Ok(Err(error)) => {
            session.tls_failed(&error.to_string());
            Connection::Gone
        }
        Err(_elapsed) => {
            session.tls_failed("the TLS handshake timed out");
            Connection::Gone
        }
    }
}
