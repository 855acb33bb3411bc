//! The shell around core's sans-IO `check_host()`: resolve what it asks for, all at
//! once, and feed the answers back until it is done.

use mailmove_core::dns::Answers;
use mailmove_core::spf::{CheckHost, Progress, SpfOutcome, SpfResult, TraceStep};
use tokio::task::JoinSet;

use crate::dns::Dns;

/// No evaluation may send more queries than this, whatever the records say. The RFC
/// limits already bound it (10 terms, 10 names each, one explanation); this is the
/// belt to those braces.
pub const QUERY_BUDGET: usize = 200;

/// Evaluates SPF for `check` over real DNS.
pub async fn check_host(dns: &Dns, check: &CheckHost) -> SpfOutcome {
    let mut answers = Answers::new();
    loop {
        let queries = match check.step(&answers) {
            Progress::Done(outcome) => return outcome,
            Progress::Need(queries) => queries,
        };
        if answers.len() + queries.len() > QUERY_BUDGET {
            return SpfOutcome {
                result: SpfResult::TempError,
                explanation: None,
                lookups: 0,
                void_lookups: 0,
                trace: vec![TraceStep {
                    domain: check.domain.clone(),
                    event: format!("stopped: more than {QUERY_BUDGET} DNS queries"),
                }],
            };
        }
        let mut pending = JoinSet::new();
        for query in queries {
            let dns = dns.clone();
            pending.spawn(async move {
                let outcome = dns.lookup(&query).await;
                (query, outcome)
            });
        }
        while let Some(joined) = pending.join_next().await {
            match joined {
                Ok((query, outcome)) => {
                    answers.insert(query, outcome);
                }
                // A lookup task cannot panic short of a bug; report it as a DNS failure.
                Err(error) => {
                    tracing::error!(%error, "SPF lookup task failed");
                    return SpfOutcome {
                        result: SpfResult::TempError,
                        explanation: None,
                        lookups: 0,
                        void_lookups: 0,
                        trace: Vec::new(),
                    };
                }
            }
        }
    }
}
