//! What a probe found: per address, and per exchanger.

use serde::{Deserialize, Serialize};

use super::reply::{Reply, ReplyError};

/// What the exchanger said about one address at `RCPT TO`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// 2yz: the server would take mail for the address.
    Accepted {
        /// The server's reply.
        reply: Reply,
    },
    /// 5yz: the server refuses mail for the address; mail to it would bounce.
    Refused {
        /// The server's reply: its words, code and enhanced code.
        reply: Reply,
    },
    /// No answer that says yes or no.
    CouldNotTell {
        /// Why.
        why: Unknown,
    },
}

impl Verdict {
    /// Whether the server accepted the address.
    pub fn is_accepted(&self) -> bool {
        matches!(self, Verdict::Accepted { .. })
    }

    /// Whether the server refused the address.
    pub fn is_refused(&self) -> bool {
        matches!(self, Verdict::Refused { .. })
    }
}

/// Why a probe could not tell whether an address is accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Unknown {
    /// 4yz at `RCPT TO`: greylisting, or a temporary problem on the server.
    Temporary {
        /// The server's reply.
        reply: Reply,
    },
    /// The server accepted a made-up address too, so accepting the real ones says
    /// nothing (a catch-all, or a server that checks recipients only after DATA).
    CatchAll {
        /// The made-up address it accepted.
        probe: String,
    },
    /// The server refused the session before any address was asked (banner, EHLO or
    /// `MAIL FROM:<>` refused, or `421` closing).
    SessionRefused {
        /// Which command it refused (`banner`, `EHLO`, `MAIL FROM` …).
        at: String,
        /// The server's reply.
        reply: Reply,
    },
    /// No reply within the time the shell allows.
    Timeout {
        /// What we were waiting for.
        at: String,
    },
    /// The server closed the connection before the address was asked.
    ConnectionClosed {
        /// What we were waiting for.
        at: String,
    },
    /// The server's bytes were not SMTP within our limits (a 1 MB reply, a line that
    /// is not a reply).
    BadReply {
        /// What we were waiting for.
        at: String,
        /// What was wrong.
        error: ReplyError,
    },
    /// The TLS handshake after `STARTTLS` failed, so the session ended.
    TlsFailed {
        /// What the TLS library said.
        detail: String,
    },
    /// The TCP connection to port 25 timed out. Often this side's network blocks
    /// outgoing port 25 (OP25B).
    ConnectTimeout,
    /// No connection: refused, unreachable, or no address for the exchanger.
    ConnectFailed {
        /// What happened.
        detail: String,
    },
    /// The exchanger's address may not be contacted (private, loopback …), so no
    /// packet was sent.
    NotAllowed {
        /// The exchanger.
        host: String,
    },
    /// The address cannot be written in an SMTP command as it is (spaces, control
    /// characters, non-ASCII without SMTPUTF8), so it was not asked.
    UnusableAddress,
}

/// What the TLS handshake showed (the shell does the handshake and fills this in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsFacts {
    /// The protocol version, `TLSv1.3`.
    pub version: String,
    /// The cipher suite.
    pub cipher: String,
    /// The DNS names of the certificate (subject alternative names).
    pub names: Vec<String>,
    /// When the certificate expires, Unix seconds, if it could be read.
    pub not_after: Option<i64>,
    /// Whether the certificate verified for the exchanger's name.
    pub verification: CertificateCheck,
}

/// Whether the exchanger's certificate verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CertificateCheck {
    /// It chains to a trusted root, is in its validity period and names the exchanger.
    Verified,
    /// It does not verify: why (unknown issuer, expired, not valid for the name …).
    NotVerified {
        /// What the verifier said.
        why: String,
    },
}

/// How `STARTTLS` went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TlsOutcome {
    /// The server did not offer STARTTLS in its EHLO reply (or only took HELO):
    /// mail to it travels unencrypted.
    NotOffered,
    /// The server offered STARTTLS but refused the command.
    Refused {
        /// The server's reply.
        reply: Reply,
    },
    /// The handshake failed.
    Failed {
        /// What the TLS library said.
        detail: String,
    },
    /// TLS is up.
    Established {
        /// What it showed.
        facts: TlsFacts,
    },
    /// The session ended before STARTTLS could be tried.
    NotReached,
}

/// One address and its verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressResult {
    /// The address, as asked.
    pub address: String,
    /// What the server said.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Everything one session with one exchanger showed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangerReport {
    /// The exchanger's host name.
    pub host: String,
    /// The address connected to, when a connection was made (`192.0.2.1:25`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_to: Option<String>,
    /// The greeting (220) reply, when one came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<Reply>,
    /// The EHLO keywords (the first word of each line after the first), upper-cased:
    /// `STARTTLS`, `SIZE`, `PIPELINING` …; from the EHLO after TLS when there was one.
    pub extensions: Vec<String>,
    /// Whether the server answered HELO only (EHLO refused).
    pub helo_only: bool,
    /// STARTTLS offered or not, and what TLS showed.
    pub tls: TlsOutcome,
    /// The made-up address asked to find a catch-all, with its verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catch_all_probe: Option<AddressResult>,
    /// Each address asked, in the order given.
    pub addresses: Vec<AddressResult>,
    /// Why no session could be had at all (no address, a connect timeout: OP25B …),
    /// also when no address was to be asked (the TLS and banner probe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<Unknown>,
}

impl ExchangerReport {
    /// A report for an exchanger nothing could be asked of: every address gets `why`.
    pub fn unreachable(host: &str, addresses: &[String], why: &Unknown) -> ExchangerReport {
        ExchangerReport {
            host: host.to_owned(),
            connected_to: None,
            banner: None,
            extensions: Vec::new(),
            helo_only: false,
            tls: TlsOutcome::NotReached,
            catch_all_probe: None,
            failure: Some(why.clone()),
            addresses: addresses
                .iter()
                .map(|address| AddressResult {
                    address: address.clone(),
                    verdict: Verdict::CouldNotTell { why: why.clone() },
                })
                .collect(),
        }
    }
}

/// One address's verdict over every exchanger asked: refused when any refused (mail
/// routed there bounces); accepted when every exchanger that answered yes or no
/// accepted; otherwise what the first exchanger could not tell.
pub fn combine<'a>(verdicts: impl IntoIterator<Item = &'a Verdict>) -> Option<Verdict> {
    let mut accepted = None;
    let mut unknown = None;
    for verdict in verdicts {
        match verdict {
            Verdict::Refused { .. } => return Some(verdict.clone()),
            Verdict::Accepted { .. } => {
                accepted.get_or_insert(verdict);
            }
            Verdict::CouldNotTell { .. } => {
                unknown.get_or_insert(verdict);
            }
        }
    }
    accepted.or(unknown).cloned()
}
