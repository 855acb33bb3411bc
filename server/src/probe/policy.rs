//! The domain's MTA-STS policy for the probe: the `_mta-sts` TXT record, and the
//! policy file fetched as a sending server does when there is one (through the
//! resolver seam's `PolicyFetcher`, with its address policy).

use mailmove_core::dns::{Query, RecordType};
use mailmove_core::smtp::{PolicyState, policy_wanted, read_policy};

use crate::dns::Dns;
use crate::mta_sts_fetch::PolicyFetcher;

/// What `domain` publishes.
pub async fn policy_state(dns: &Dns, fetcher: &PolicyFetcher, domain: &str) -> PolicyState {
    let txt = dns
        .lookup(&Query::new(&format!("_mta-sts.{domain}"), RecordType::Txt))
        .await;
    let fetch = if policy_wanted(&txt) {
        Some(fetcher.fetch(dns, domain).await)
    } else {
        None
    };
    read_policy(&txt, fetch.as_ref())
}
