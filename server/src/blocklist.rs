//! The shell of core's blocklist check: every wanted question at once through the
//! resolver seam, round after round, within a deadline. Blocklist questions are
//! ordinary A lookups (`2.0.0.127.zen.spamhaus.org`), asked through the configured
//! upstream like any other.

use std::time::Duration;

use mailmove_core::dnsbl::{BlocklistCheck, BlocklistReport};
use tokio::task::JoinSet;

use crate::dns::Dns;

/// The whole check takes at most this long; what is unanswered by then is reported
/// as not asked, never as not listed.
pub const BLOCKLIST_DEADLINE: Duration = Duration::from_secs(20);
/// Rounds at most (core needs three: MX and SPF, addresses, lists).
const MAX_ROUNDS: usize = 4;

/// Runs `check` over `dns`.
pub async fn run(dns: &Dns, mut check: BlocklistCheck) -> BlocklistReport {
    let deadline = tokio::time::Instant::now() + BLOCKLIST_DEADLINE;
    for _ in 0..MAX_ROUNDS {
        let wanted = check.wanted();
        if wanted.is_empty() {
            break;
        }
        let mut pending = JoinSet::new();
        for query in wanted {
            let dns = dns.clone();
            pending.spawn(async move {
                let outcome = dns.lookup(&query).await;
                (query, outcome)
            });
        }
        loop {
            match tokio::time::timeout_at(deadline, pending.join_next()).await {
                Ok(Some(Ok((query, outcome)))) => check.answer(query, outcome),
                Ok(Some(Err(error))) => tracing::error!(%error, "blocklist lookup task failed"),
                Ok(None) => break,
                Err(_elapsed) => {
                    tracing::debug!("blocklist check: deadline reached");
                    return check.report();
                }
            }
        }
    }
    check.report()
}
