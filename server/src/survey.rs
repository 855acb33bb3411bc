//! The shell around core's sans-IO survey: ask every wanted query at once, feed each
//! answer as it arrives (which makes new queries wanted at once), stop at a deadline.

use std::time::Duration;

use mailmove_core::DomainName;
use mailmove_core::dns::Outcome;
use mailmove_core::mta_sts::{FetchError, PolicyFetch};
use mailmove_core::survey::{Report, Survey, SurveyOptions};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::dns::Dns;
use crate::mta_sts_fetch::PolicyFetcher;

/// A survey never takes longer than this; queries still out then count as timed out.
pub const SURVEY_DEADLINE: Duration = Duration::from_secs(15);

/// How far a survey has got, passed to `run_reporting`'s callback after every batch
/// of answers.
pub struct Batch<'a> {
    /// The survey with every answer so far.
    pub survey: &'a Survey,
    /// Questions asked so far.
    pub asked: usize,
    /// Questions answered so far.
    pub answered: usize,
    /// Whether the survey has finished (the last call; questions still out then
    /// count as timed out).
    pub done: bool,
}

/// Surveys `domain` over `dns`.
pub async fn run(
    dns: &Dns,
    policy: &PolicyFetcher,
    domain: DomainName,
    options: SurveyOptions,
) -> Report {
    run_reporting(dns, policy, domain, options, |_| {}).await
}

/// Surveys `domain` over `dns`, calling `on_batch` after every batch of answers and
/// once more when done.
pub async fn run_reporting(
    dns: &Dns,
    policy: &PolicyFetcher,
    domain: DomainName,
    options: SurveyOptions,
    mut on_batch: impl FnMut(Batch<'_>),
) -> Report {
    let mut survey = Survey::new(domain, options);
    let mut asked = 0;
    let mut answered = 0;
    let deadline = Instant::now() + SURVEY_DEADLINE;
    let mut pending = JoinSet::new();
    let mut out = Vec::new();
    let mut policy_out = None;
    loop {
        for query in survey.wanted() {
            asked += 1;
            let dns = dns.clone();
            out.push(query.clone());
            pending.spawn(async move {
                let outcome = dns.lookup(&query).await;
                Done::Query(query, outcome)
            });
        }
        if let Some(url) = survey.wanted_policy() {
            let (dns, policy) = (dns.clone(), policy.clone());
            let domain = survey.domain().as_str().to_owned();
            policy_out = Some(url);
            pending.spawn(async move { Done::Policy(policy.fetch(&dns, &domain).await) });
        }
        let first = match tokio::time::timeout_at(deadline, pending.join_next()).await {
            Ok(Some(first)) => first,
            // Nothing left to ask, and nothing outstanding.
            Ok(None) => break,
            Err(_elapsed) => {
                pending.abort_all();
                break;
            }
        };
        // Take every answer that is already in before asking the survey what it
        // wants next: with cached answers most arrive together, and each `wanted`
        // re-reads all answers so far.
        let mut finished = vec![first];
        while let Some(more) = pending.try_join_next() {
            finished.push(more);
        }
        for result in finished {
            match result {
                Ok(Done::Query(query, outcome)) => {
                    answered += 1;
                    out.retain(|asked| *asked != query);
                    survey.answer(query, outcome);
                }
                Ok(Done::Policy(fetch)) => {
                    policy_out = None;
                    survey.answer_policy(fetch);
                }
                // A lookup task cannot panic short of a bug; its query stays
                // unanswered and is reported as timed out below.
                Err(error) => tracing::error!(%error, "survey lookup task failed"),
            }
        }
        on_batch(Batch {
            survey: &survey,
            asked,
            answered,
            done: false,
        });
    }
    for query in out {
        survey.answer(query, Outcome::Timeout);
    }
    if let Some(url) = policy_out {
        survey.answer_policy(PolicyFetch::Failed {
            url,
            error: FetchError::Timeout,
        });
    }
    on_batch(Batch {
        survey: &survey,
        asked,
        answered,
        done: true,
    });
    survey.report()
}

/// What a survey task finished.
enum Done {
    Query(mailmove_core::dns::Query, Outcome),
    Policy(PolicyFetch),
}
