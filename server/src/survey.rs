//! The shell around core's sans-IO survey: take the answers the cache holds at once,
//! start every other task it hands out at once (DNS questions, the MTA-STS policy
//! fetch), feed each result as it arrives (which makes
//! new tasks wanted at once), stop at a deadline. Core keeps the counts and turns
//! what is still out at the deadline into timeouts (`Survey::expire`).

use std::time::Duration;

use mailmove_core::DomainName;
use mailmove_core::findings::{Reviewed, review};
use mailmove_core::survey::{Finished, Survey, SurveyOptions, Task};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::dns::Dns;
use crate::mta_sts_fetch::PolicyFetcher;

/// A survey never takes longer than this; queries still out then count as timed out.
pub const SURVEY_DEADLINE: Duration = Duration::from_secs(15);

/// Surveys `domain` over `dns`, fetching an MTA-STS policy with `policy`.
pub async fn run(
    dns: &Dns,
    policy: &PolicyFetcher,
    domain: DomainName,
    options: SurveyOptions,
) -> Reviewed {
    run_reporting(dns, policy, domain, options, |_, _| {}).await
}

/// Surveys `domain` over `dns`, calling `on_batch` with the survey after every batch
/// of answers, and once more when done (`true`: the last call; questions still out
/// then count as timed out).
pub async fn run_reporting(
    dns: &Dns,
    policy: &PolicyFetcher,
    domain: DomainName,
    options: SurveyOptions,
    mut on_batch: impl FnMut(&Survey, bool),
) -> Reviewed {
    let mut survey = Survey::new(domain, options);
    let deadline = Instant::now() + SURVEY_DEADLINE;
    let mut running = JoinSet::new();
    loop {
        // Answers the cache holds are taken at once; only the others become tasks.
        // A task per cached answer cost a spawn each, and since they finished one
        // by one on another worker, a `next_tasks` (which re-reads every answer so
        // far) per answer: most of a cached survey's work.
        let mut finished = Vec::new();
        for task in survey.next_tasks() {
            if let Task::Lookup(query) = &task
                && let Some(outcome) = dns.cached(query).await
            {
                finished.push(Ok(Finished::Lookup(query.clone(), outcome)));
                continue;
            }
            let (dns, policy) = (dns.clone(), policy.clone());
            running.spawn(async move { perform(&dns, &policy, task).await });
        }
        if finished.is_empty() {
            match tokio::time::timeout_at(deadline, running.join_next()).await {
                Ok(Some(first)) => finished.push(first),
                // Nothing left to ask, and nothing outstanding.
                Ok(None) => break,
                Err(_elapsed) => {
                    running.abort_all();
                    break;
                }
            }
        }
        // Take every result that is already in before asking the survey what it
        // wants next: each `next_tasks` re-reads all answers so far.
        while let Some(more) = running.try_join_next() {
            finished.push(more);
        }
        for result in finished {
            match result {
                Ok(finished) => survey.feed(finished),
                // A task cannot panic short of a bug; its question stays out and
                // counts as timed out below.
                Err(error) => tracing::error!(%error, "survey task failed"),
            }
        }
        on_batch(&survey, false);
    }
    survey.expire();
    on_batch(&survey, true);
    review(survey.report())
}

/// Runs one task.
async fn perform(dns: &Dns, policy: &PolicyFetcher, task: Task) -> Finished {
    match task {
        Task::Lookup(query) => {
            let outcome = dns.lookup(&query).await;
            Finished::Lookup(query, outcome)
        }
        Task::FetchPolicy { domain, .. } => Finished::Policy(policy.fetch(dns, &domain).await),
    }
}
