//! The SMTP delivery probe, sans-IO: does an exchanger accept mail for each address,
//! and what TLS does it offer — asked as a sending server would, without ever sending
//! a message.
//!
//! - [`parse_reply`]: RFC 5321 replies (multi-line, enhanced status codes), bounded.
//! - [`Session`]: one session with one exchanger; the shell moves the bytes, does the
//!   TLS handshake and keeps the time.
//! - [`ExchangerReport`], [`Verdict`]: what it found; [`combine`] one address's
//!   verdict over several exchangers; [`explain`] what it means, in both languages.
//! - [`target_exchangers`]: the target's MX set, which is what to probe before the
//!   switch.
//!
//! **Invariant:** never `DATA`: the session asks `RCPT TO` and quits.
//!
//! **Invariant:** no I/O, no clock, no randomness: the made-up catch-all address is
//! built from bytes the shell supplies ([`catch_all_probe`]).

mod address;
mod explain;
mod mta_sts;
mod outcome;
mod reply;
#[cfg(test)]
mod reply_tests;
mod session;
#[cfg(test)]
mod session_tests;
mod target;

pub use address::{catch_all_probe, is_usable};
pub use explain::{Refusal, explain, explain_tls, explain_unknown, refusal};
pub use mta_sts::{
    MtaStsVerdict, NameMatch, PolicyMatch, PolicyState, explain_policy_state, explain_verdict,
    match_policy, policy_wanted, published_policy, read_policy,
};
pub use outcome::{
    AddressResult, CertificateCheck, ExchangerReport, TlsFacts, TlsOutcome, Unknown, Verdict,
    combine,
};
pub(crate) use reply::strip_enhanced;
pub use reply::{EnhancedCode, MAX_LINE, MAX_LINES, Parsed, Reply, ReplyError, parse_reply};
pub use session::{Next, Session, SessionConfig};
pub use target::{Exchanger, exchangers_for_target, target_exchangers};
