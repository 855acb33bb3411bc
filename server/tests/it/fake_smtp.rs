//! A small SMTP server in this process on 127.0.0.1, for the probe's tests: a banner,
//! then an answer per command line, STARTTLS when given a TLS configuration.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt as _, AsyncRead, AsyncWrite, AsyncWriteExt as _, BufReader};

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// What the server answers to one command line; an empty answer means it says
/// nothing (a stalled server).
pub type Respond = Arc<dyn Fn(&str) -> Vec<u8> + Send + Sync>;

/// The command lines a server received, in order.
pub type Received = Arc<Mutex<Vec<String>>>;

/// A server that sends `banner`, then `respond`'s answer to every command, and
/// `221` to QUIT; with `tls`, it takes STARTTLS. Returns its address and the
/// commands it received.
pub async fn fake_smtp(
    banner: &'static [u8],
    respond: Respond,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> (SocketAddr, Received) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let received = Received::default();
    let log = received.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (respond, tls, log) = (respond.clone(), tls.clone(), log.clone());
            tokio::spawn(async move {
                let mut stream: Box<dyn Io> = Box::new(tcp);
                if stream.write_all(banner).await.is_err() {
                    return;
                }
                let mut reader = BufReader::new(stream);
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let command = line.trim_end().to_owned();
                    log.lock().unwrap().push(command.clone());
                    if command == "STARTTLS"
                        && let Some(config) = &tls
                    {
                        let mut plain = reader.into_inner();
                        plain
                            .write_all(b"220 2.0.0 Ready to start TLS\r\n")
                            .await
                            .unwrap();
                        let acceptor = tokio_rustls::TlsAcceptor::from(config.clone());
                        let Ok(secure) = acceptor.accept(plain).await else {
                            return;
                        };
                        reader = BufReader::new(Box::new(secure));
                        continue;
                    }
                    let answer = respond(&command);
                    if command == "QUIT" {
                        let _ = reader.get_mut().write_all(b"221 2.0.0 Bye\r\n").await;
                        return;
                    }
                    if !answer.is_empty() && reader.get_mut().write_all(&answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (addr, received)
}

/// The answers of a plain server called `host`: EHLO with `extensions` (each line
/// `250-…\r\n`), MAIL accepted, RCPT answered by `rcpt` for the lower-cased address,
/// anything else not recognised.
pub fn answering(
    host: &'static str,
    extensions: &'static str,
    rcpt: fn(&str) -> &'static str,
) -> Respond {
    Arc::new(move |command: &str| {
        let upper = command.to_ascii_uppercase();
        let answer: String = if upper.starts_with("EHLO") {
            format!("250-{host}\r\n{extensions}250 8BITMIME\r\n")
        } else if upper.starts_with("MAIL FROM") {
            "250 2.1.0 Ok\r\n".into()
        } else if let Some(address) = upper.strip_prefix("RCPT TO:<") {
            rcpt(&address.trim_end_matches('>').to_ascii_lowercase()).into()
        } else {
            "502 5.5.2 Error: command not recognized\r\n".into()
        };
        answer.into_bytes()
    })
}
