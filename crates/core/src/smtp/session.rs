//! The client side of one SMTP session, sans-IO: banner, `EHLO` (`HELO` when EHLO is
//! refused), `STARTTLS` when offered, `EHLO` again, `MAIL FROM:<>`, one `RCPT TO` per
//! address, `QUIT`.
//!
//! **Invariant:** never `DATA`. No message is ever sent; the session only asks.
//!
//! **Invariant:** one command at a time, each after the reply to the one before, so
//! what the server says is always about the command just sent.
//!
//! The shell drives it: it writes what [`Session::next_step`] says to send, reads and hands
//! bytes to [`Session::receive`], does the TLS handshake when asked and says how it
//! went, and reports timeouts and closed connections. Core keeps no clock.

use super::address::is_usable;
use super::outcome::{AddressResult, ExchangerReport, TlsFacts, TlsOutcome, Unknown, Verdict};
use super::reply::{Parsed, Reply, parse_reply};

/// What a session needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionConfig {
    /// The exchanger's host name (for the report).
    pub host: String,
    /// Our name in `EHLO` (RFC 5321 §4.1.1.1: a fully qualified domain name).
    pub helo: String,
    /// The addresses to ask about, in order.
    pub addresses: Vec<String>,
    /// A made-up address ([`catch_all_probe`](super::catch_all_probe)) asked first:
    /// if it is accepted, accepting the real ones proves nothing.
    pub catch_all_probe: Option<String>,
}

/// What the shell does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// Write these bytes to the connection, then ask again.
    Send(Vec<u8>),
    /// Read from the connection and give the bytes to [`Session::receive`] (or say
    /// [`Session::timed_out`] or [`Session::closed`]).
    Receive,
    /// Do the TLS handshake on this connection now, then call
    /// [`Session::tls_established`] or [`Session::tls_failed`].
    StartTls,
    /// Close the connection; [`Session::report`] is final.
    Close,
}

/// What the session waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Awaiting {
    Banner,
    Ehlo { after_tls: bool },
    Helo,
    StartTls,
    Handshake,
    MailFrom,
    Rcpt(usize),
    Rset,
    Quit,
    Done,
}

impl Awaiting {
    fn command(self) -> &'static str {
        match self {
            Awaiting::Banner => "banner",
            Awaiting::Ehlo { .. } => "EHLO",
            Awaiting::Helo => "HELO",
            Awaiting::StartTls | Awaiting::Handshake => "STARTTLS",
            Awaiting::MailFrom => "MAIL FROM",
            Awaiting::Rcpt(_) => "RCPT TO",
            Awaiting::Rset => "RSET",
            Awaiting::Quit => "QUIT",
            Awaiting::Done => "end",
        }
    }
}

/// One SMTP session with one exchanger.
#[derive(Clone, Debug)]
pub struct Session {
    config: SessionConfig,
    /// What `RCPT TO` asks, in order: the catch-all probe first, then every usable
    /// address.
    recipients: Vec<String>,
    verdicts: Vec<Option<Verdict>>,
    /// Whether the recipient at that index was already retried in a new transaction.
    retried: Vec<bool>,
    accepted_in_transaction: usize,
    awaiting: Awaiting,
    /// Bytes read and not yet part of a reply (visible to the tests, which bound it).
    pub(super) input: Vec<u8>,
    outbox: Option<Vec<u8>>,
    /// Why the session ended early; every address not asked gets it.
    ended: Option<Unknown>,
    report: ExchangerReport,
}

impl Session {
    /// A session that waits for the server's banner.
    pub fn new(config: SessionConfig) -> Session {
        let recipients: Vec<String> = config
            .catch_all_probe
            .iter()
            .chain(config.addresses.iter().filter(|address| is_usable(address)))
            .cloned()
            .collect();
        // An empty report: `report` fills in the addresses.
        let mut report = ExchangerReport::unreachable(&config.host, &[], &Unknown::UnusableAddress);
        report.failure = None;
        let mut config = config;
        // A name with a space or line break would put a second command on the wire;
        // the shell validates it, and this keeps the invariant whatever it passes.
        if config.helo.is_empty() || !config.helo.bytes().all(|b| b.is_ascii_graphic()) {
            config.helo = "localhost".into();
        }
        Session {
            verdicts: vec![None; recipients.len()],
            retried: vec![false; recipients.len()],
            recipients,
            config,
            accepted_in_transaction: 0,
            awaiting: Awaiting::Banner,
            input: Vec::new(),
            outbox: None,
            ended: None,
            report,
        }
    }

    /// What to do next.
    pub fn next_step(&mut self) -> Next {
        // A reply that arrived with the one before it is read before asking for more.
        self.process();
        if let Some(bytes) = self.outbox.take() {
            return Next::Send(bytes);
        }
        match self.awaiting {
            Awaiting::Handshake => Next::StartTls,
            Awaiting::Done => Next::Close,
            _ => Next::Receive,
        }
    }

    /// Bytes read from the server. Complete replies are acted on at once; a partial
    /// one waits for more bytes.
    pub fn receive(&mut self, bytes: &[u8]) {
        if matches!(self.awaiting, Awaiting::Done | Awaiting::Handshake) {
            return;
        }
        self.input.extend_from_slice(bytes);
        self.process();
    }

    /// Acts on every complete reply in the input.
    fn process(&mut self) {
        // One reply per command: a reply is read only while one is awaited and no
        // command is waiting to be sent.
        while self.outbox.is_none()
            && !matches!(self.awaiting, Awaiting::Done | Awaiting::Handshake)
        {
            match parse_reply(&self.input) {
                Ok(Parsed::NeedMore) => return,
                Ok(Parsed::Reply(reply, used)) => {
                    self.input.drain(..used);
                    self.on_reply(reply);
                }
                Err(error) => {
                    let at = self.awaiting.command().to_owned();
                    // The stream can no longer be read as SMTP: close without QUIT.
                    self.end(Unknown::BadReply { at, error });
                    self.input.clear();
                    self.awaiting = Awaiting::Done;
                    return;
                }
            }
        }
    }

    /// No reply came within the shell's time for this step.
    pub fn timed_out(&mut self) {
        if self.awaiting != Awaiting::Quit {
            let at = self.awaiting.command().to_owned();
            self.end(Unknown::Timeout { at });
        }
        self.awaiting = Awaiting::Done;
    }

    /// The server closed the connection (or it broke).
    pub fn closed(&mut self) {
        if self.awaiting != Awaiting::Quit {
            let at = self.awaiting.command().to_owned();
            self.end(Unknown::ConnectionClosed { at });
        }
        self.awaiting = Awaiting::Done;
    }

    /// The TLS handshake succeeded: the session goes on encrypted with a new EHLO
    /// (RFC 3207 §4.2: the client must discard what it knew from before TLS).
    pub fn tls_established(&mut self, facts: TlsFacts) {
        if self.awaiting != Awaiting::Handshake {
            return;
        }
        self.report.tls = TlsOutcome::Established { facts };
        self.report.extensions.clear();
        self.send_ehlo(true);
    }

    /// The TLS handshake failed: the connection is unusable, the session ends.
    pub fn tls_failed(&mut self, detail: &str) {
        if self.awaiting != Awaiting::Handshake {
            return;
        }
        self.report.tls = TlsOutcome::Failed {
            detail: detail.to_owned(),
        };
        self.end(Unknown::TlsFailed {
            detail: detail.to_owned(),
        });
        self.awaiting = Awaiting::Done;
    }

    /// The addresses the session never got a reply for because the server ended it
    /// (`421`, a closed connection) after answering some: a server that limits
    /// errors or recipients per connection (Postfix's `smtpd_hard_error_limit`)
    /// answers the rest in a new session. Empty when nothing was answered (the
    /// server would end the next session the same way) or after a timeout (another
    /// would cost as long).
    pub fn unanswered(&self) -> Vec<String> {
        let answered_some = self.verdicts.iter().any(Option::is_some);
        let hung_up = matches!(
            &self.ended,
            Some(Unknown::ConnectionClosed { .. })
                | Some(Unknown::SessionRefused {
                    reply: Reply { code: 421, .. },
                    ..
                })
        );
        if !answered_some || !hung_up {
            return Vec::new();
        }
        let offset = usize::from(self.config.catch_all_probe.is_some());
        self.recipients
            .iter()
            .zip(&self.verdicts)
            .skip(offset)
            .filter(|(_, verdict)| verdict.is_none())
            .map(|(address, _)| address.clone())
            .collect()
    }

    /// What the session found so far; final once [`Next::Close`] was returned.
    pub fn report(&self) -> ExchangerReport {
        let mut report = self.report.clone();
        let verdict_of = |index: usize| -> Verdict {
            self.verdicts[index]
                .clone()
                .unwrap_or_else(|| Verdict::CouldNotTell {
                    why: self.ended.clone().unwrap_or(Unknown::ConnectionClosed {
                        at: self.awaiting.command().to_owned(),
                    }),
                })
        };
        let offset = usize::from(self.config.catch_all_probe.is_some());
        report.catch_all_probe = self
            .config
            .catch_all_probe
            .as_ref()
            .map(|probe| AddressResult {
                address: probe.clone(),
                verdict: verdict_of(0),
            });
        let catch_all = report
            .catch_all_probe
            .as_ref()
            .filter(|probe| probe.verdict.is_accepted())
            .map(|probe| probe.address.clone());
        let mut next_usable = offset;
        report.addresses = self
            .config
            .addresses
            .iter()
            .map(|address| {
                let verdict = if is_usable(address) {
                    next_usable += 1;
                    match (verdict_of(next_usable - 1), &catch_all) {
                        (Verdict::Accepted { .. }, Some(probe)) => Verdict::CouldNotTell {
                            why: Unknown::CatchAll {
                                probe: probe.clone(),
                            },
                        },
                        (verdict, _) => verdict,
                    }
                } else {
                    Verdict::CouldNotTell {
                        why: Unknown::UnusableAddress,
                    }
                };
                AddressResult {
                    address: address.clone(),
                    verdict,
                }
            })
            .collect();
        report
    }

    fn on_reply(&mut self, reply: Reply) {
        let at = self.awaiting;
        if at == Awaiting::Banner {
            self.report.banner = Some(reply.clone());
        }
        // 421: the server is closing the channel (RFC 5321 §3.8), whatever was asked.
        if reply.code == 421 && at != Awaiting::Quit {
            self.end(Unknown::SessionRefused {
                at: at.command().to_owned(),
                reply,
            });
            self.awaiting = Awaiting::Done;
            return;
        }
        match at {
            Awaiting::Banner => {
                if reply.is_positive() {
                    self.send_ehlo(false);
                } else {
                    self.refused_session(at, reply);
                }
            }
            Awaiting::Ehlo { after_tls } => self.on_ehlo(after_tls, reply),
            Awaiting::Helo => {
                if reply.is_positive() {
                    self.report.helo_only = true;
                    self.report.tls = TlsOutcome::NotOffered;
                    self.send_mail_from();
                } else {
                    self.refused_session(at, reply);
                }
            }
            Awaiting::StartTls => {
                if reply.code == 220 {
                    // Anything the server sent after its 220 came before TLS and
                    // could be injected by anyone on the path: it is dropped
                    // (RFC 3207 §5, CVE-2011-0411).
                    self.input.clear();
                    self.awaiting = Awaiting::Handshake;
                } else {
                    // Refused: the session goes on unencrypted, as a sending MTA's
                    // opportunistic TLS would.
                    self.report.tls = TlsOutcome::Refused { reply };
                    self.send_mail_from();
                }
            }
            Awaiting::MailFrom => {
                if reply.is_positive() {
                    self.accepted_in_transaction = 0;
                    self.send_next_rcpt(0);
                } else {
                    self.refused_session(at, reply);
                }
            }
            Awaiting::Rcpt(index) => self.on_rcpt(index, reply),
            Awaiting::Rset => {
                if reply.is_positive() {
                    self.send_mail_from();
                } else {
                    self.refused_session(at, reply);
                }
            }
            Awaiting::Quit | Awaiting::Done | Awaiting::Handshake => {
                self.awaiting = Awaiting::Done;
            }
        }
    }

    fn on_ehlo(&mut self, after_tls: bool, reply: Reply) {
        if reply.is_positive() {
            // The first line is the server's name; each later line starts with a
            // keyword (RFC 5321 §4.1.1.1).
            self.report.extensions = reply
                .lines
                .iter()
                .skip(1)
                .filter_map(|line| line.split_whitespace().next())
                .map(str::to_ascii_uppercase)
                .collect();
            let offered = self.report.extensions.iter().any(|word| word == "STARTTLS");
            if !after_tls && offered {
                self.outbox = Some(b"STARTTLS\r\n".to_vec());
                self.awaiting = Awaiting::StartTls;
            } else {
                if !after_tls {
                    self.report.tls = TlsOutcome::NotOffered;
                }
                self.send_mail_from();
            }
        } else if reply.is_permanent() && !after_tls {
            // An old server that knows only HELO (RFC 5321 §3.2).
            self.outbox = Some(format!("HELO {}\r\n", self.config.helo).into_bytes());
            self.awaiting = Awaiting::Helo;
        } else {
            self.refused_session(Awaiting::Ehlo { after_tls }, reply);
        }
    }

    fn on_rcpt(&mut self, index: usize, reply: Reply) {
        // 452 "too many recipients" (RFC 5321 §4.5.3.1.10): the rest go in a new
        // transaction, once per address, if this one took any at all.
        let too_many = reply.code == 452
            || reply
                .enhanced
                .is_some_and(|code| (code.class, code.subject, code.detail) == (4, 5, 3));
        if too_many && self.accepted_in_transaction > 0 && !self.retried[index] {
            self.retried[index] = true;
            self.outbox = Some(b"RSET\r\n".to_vec());
            self.awaiting = Awaiting::Rset;
            // The address is asked again after the new MAIL FROM.
            self.verdicts[index] = None;
            return;
        }
        let verdict = if reply.is_positive() {
            self.accepted_in_transaction += 1;
            Verdict::Accepted { reply }
        } else if reply.is_permanent() {
            Verdict::Refused { reply }
        } else {
            Verdict::CouldNotTell {
                why: Unknown::Temporary { reply },
            }
        };
        self.verdicts[index] = Some(verdict);
        self.send_next_rcpt(index + 1);
    }

    fn send_ehlo(&mut self, after_tls: bool) {
        self.outbox = Some(format!("EHLO {}\r\n", self.config.helo).into_bytes());
        self.awaiting = Awaiting::Ehlo { after_tls };
    }

    fn send_mail_from(&mut self) {
        if self.verdicts.iter().all(Option::is_some) {
            self.send_quit();
            return;
        }
        self.outbox = Some(b"MAIL FROM:<>\r\n".to_vec());
        self.awaiting = Awaiting::MailFrom;
    }

    /// `RCPT TO` for the first recipient from `from` on without a verdict, or QUIT.
    fn send_next_rcpt(&mut self, from: usize) {
        let next = (from..self.recipients.len())
            .chain(0..from)
            .find(|&index| self.verdicts[index].is_none());
        match next {
            Some(index) => {
                self.outbox =
                    Some(format!("RCPT TO:<{}>\r\n", self.recipients[index]).into_bytes());
                self.awaiting = Awaiting::Rcpt(index);
            }
            None => self.send_quit(),
        }
    }

    fn send_quit(&mut self) {
        self.outbox = Some(b"QUIT\r\n".to_vec());
        self.awaiting = Awaiting::Quit;
    }

    /// The server refused a command the session needs: every address not asked yet
    /// gets its reply, and the session says goodbye (RFC 5321 §3.1: QUIT after a 554
    /// greeting too).
    fn refused_session(&mut self, at: Awaiting, reply: Reply) {
        self.end(Unknown::SessionRefused {
            at: at.command().to_owned(),
            reply,
        });
        self.send_quit();
    }

    /// Remembers the first reason the session ended early.
    fn end(&mut self, why: Unknown) {
        self.ended.get_or_insert(why);
    }
}
