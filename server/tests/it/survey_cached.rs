//! A survey whose answers are cached takes them from the cache at once, one batch per
//! round of questions, instead of a task per question that finishes on its own
//! (which made a `next_tasks` per answer: most of a cached survey's work, issue 21).

use mailmove_core::DomainName;
use mailmove_core::dns::{Query, RecordType};
use mailmove_core::survey::{Finished, Survey, SurveyOptions, Task};
use mailmove_server::cache::AnswerCache;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::mta_sts_fetch::PolicyFetcher;
use mailmove_testkit::dns_authority::DnsAuthority;

#[tokio::test]
async fn the_cache_answers_what_it_holds_and_nothing_else() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let dns = Dns::new(&Upstream::Nameserver(authority.addr))
        .expect("client")
        .with_cache(AnswerCache::default());
    let query = Query::new("example.test", RecordType::Mx);
    assert_eq!(dns.cached(&query).await, None, "nothing asked yet");
    let asked = dns.lookup(&query).await;
    assert_eq!(dns.cached(&query).await, Some(asked));
    // Direct questions are never cached, and a client without a cache holds nothing.
    let direct = Query::at("example.test", RecordType::Soa, [127, 0, 0, 1].into());
    dns.lookup(&direct).await;
    assert_eq!(dns.cached(&direct).await, None);
    let uncached = Dns::new(&Upstream::Nameserver(authority.addr)).expect("client");
    uncached.lookup(&query).await;
    assert_eq!(uncached.cached(&query).await, None);
}

/// On two workers, where tasks finish one by one on the other worker: the cached
/// survey's batches stay at its rounds (plus the direct questions, never cached, and
/// the last call), where a task per cached answer made up to one batch per answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_survey_takes_one_batch_per_round() {
    let authority = DnsAuthority::fixtures().await.expect("authority");
    let dns = Dns::new(&Upstream::Nameserver(authority.addr))
        .expect("client")
        .with_cache(AnswerCache::default());
    let names = mailmove_core::NamePolicy::allowing(["test"]);
    let domain = DomainName::parse_with("example.test", &names).expect("domain");
    let policy = PolicyFetcher::default();
    let first =
        mailmove_server::survey::run(&dns, &policy, domain.clone(), SurveyOptions::default()).await;

    // The rounds: every answer of a round fed before the next is asked for.
    let mut survey = Survey::new(domain.clone(), SurveyOptions::default());
    let (mut rounds, mut direct) = (0, 0);
    loop {
        let tasks = survey.next_tasks();
        if tasks.is_empty() {
            break;
        }
        rounds += 1;
        for task in tasks {
            let Task::Lookup(query) = task else {
                panic!("example.test announces no MTA-STS policy")
            };
            direct += usize::from(query.server.is_some());
            let outcome = dns.lookup(&query).await;
            survey.feed(Finished::Lookup(query, outcome));
        }
    }

    let mut batches = 0;
    let second = mailmove_server::survey::run_reporting(
        &dns,
        &policy,
        domain,
        SurveyOptions::default(),
        |_, _| batches += 1,
    )
    .await;
    assert_eq!(second.report.queries, first.report.queries);
    assert!(
        batches <= rounds + direct + 1,
        "{batches} batches for {rounds} rounds, {direct} direct questions, {} queries",
        first.report.queries
    );
}
