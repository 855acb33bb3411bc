//! The answer cache in front of the resolver: every outcome is kept for as long as its
//! TTL allows (capped), concurrent lookups of the same query share one upstream
//! question, and cached records are handed out with their TTLs counted down, as a
//! recursive resolver would.
//!
//! **Why our own cache and not hickory's:** the survey, the API and the DoH endpoint
//! must agree on one answer per query, failures must be cached briefly (so a flood of
//! requests for a dead name server does not become a flood of upstream queries), and
//! the DoH endpoint must report the remaining TTL. hickory's cache is switched off
//! (`cache_size = 0`) so there is one cache, not two.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use mailmove_core::dns::{Outcome, Query, Record};
use moka::Expiry;
use moka::future::Cache;

use crate::metrics::CacheCounts;

/// Records are kept at most this long, whatever their TTL: a user who has just
/// fixed a record and checks again should see the fix within minutes.
pub const MAX_POSITIVE: Duration = Duration::from_secs(300);
/// NODATA and NXDOMAIN are kept for their negative TTL, at most this long.
pub const MAX_NEGATIVE: Duration = Duration::from_secs(60);
/// When the server sent no negative TTL.
const DEFAULT_NEGATIVE: Duration = Duration::from_secs(30);
/// Timeouts, SERVFAIL and REFUSED: kept briefly so bursts do not hammer upstream.
pub const FAILURE: Duration = Duration::from_secs(5);
/// Entries kept at most (one entry is a few hundred bytes).
pub const CAPACITY: u64 = 50_000;

/// One upstream answer: the outcome core reads and, for NODATA and NXDOMAIN, the
/// zone's SOA from the authority section, which the DoH endpoint hands on so its
/// clients learn the negative TTL (RFC 2308 §5). Its TTL is the negative TTL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// What core reads.
    pub outcome: Outcome,
    /// The zone's SOA of a negative answer, when the server sent one.
    pub soa: Option<Record>,
}

impl From<Outcome> for Answer {
    fn from(outcome: Outcome) -> Answer {
        Answer { outcome, soa: None }
    }
}

/// One cached answer and when it arrived.
#[derive(Clone, Debug)]
pub struct Cached {
    answer: Arc<Answer>,
    stored: Instant,
}

impl Cached {
    /// The answer with every TTL reduced by the time spent in the cache.
    pub fn answer_now(&self, now: Instant) -> Answer {
        let age = now.saturating_duration_since(self.stored).as_secs();
        let age = u32::try_from(age).unwrap_or(u32::MAX);
        let outcome = match &self.answer.outcome {
            Outcome::Records { records } => Outcome::Records {
                records: records
                    .iter()
                    .map(|record| {
                        let mut record = record.clone();
                        record.ttl = record.ttl.saturating_sub(age);
                        record
                    })
                    .collect(),
            },
            Outcome::NoData { negative_ttl } => Outcome::NoData {
                negative_ttl: negative_ttl.map(|ttl| ttl.saturating_sub(age)),
            },
            Outcome::NxDomain { negative_ttl } => Outcome::NxDomain {
                negative_ttl: negative_ttl.map(|ttl| ttl.saturating_sub(age)),
            },
            other => other.clone(),
        };
        let soa = self.answer.soa.clone().map(|mut soa| {
            soa.ttl = soa.ttl.saturating_sub(age);
            soa
        });
        Answer { outcome, soa }
    }

    /// The outcome alone (see `answer_now`).
    pub fn outcome_now(&self, now: Instant) -> Outcome {
        self.answer_now(now).outcome
    }
}

/// How long an outcome may be kept.
pub fn lifetime(outcome: &Outcome) -> Duration {
    match outcome {
        Outcome::Records { records } => {
            let min_ttl = records.iter().map(|record| record.ttl).min().unwrap_or(0);
            Duration::from_secs(u64::from(min_ttl)).min(MAX_POSITIVE)
        }
        Outcome::NoData { negative_ttl } | Outcome::NxDomain { negative_ttl } => negative_ttl
            .map_or(DEFAULT_NEGATIVE, |ttl| Duration::from_secs(u64::from(ttl)))
            .min(MAX_NEGATIVE),
        Outcome::ServFail | Outcome::Timeout | Outcome::Refused | Outcome::NotAsked => FAILURE,
    }
}

struct TtlExpiry;

impl Expiry<Query, Cached> for TtlExpiry {
    fn expire_after_create(
        &self,
        _query: &Query,
        cached: &Cached,
        _created_at: Instant,
    ) -> Option<Duration> {
        Some(lifetime(&cached.answer.outcome))
    }
}

/// The shared answer cache.
#[derive(Clone)]
pub struct AnswerCache {
    cache: Cache<Query, Cached>,
    counts: Arc<CacheCounts>,
}

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache::new(CAPACITY)
    }
}

impl AnswerCache {
    /// A cache of at most `capacity` outcomes.
    pub fn new(capacity: u64) -> AnswerCache {
        AnswerCache {
            cache: Cache::builder()
                .max_capacity(capacity)
                .expire_after(TtlExpiry)
                .build(),
            counts: Arc::default(),
        }
    }

    /// The cached answer to `query`, or the one `ask` produces (stored for its
    /// lifetime). Concurrent callers for the same query wait for one `ask`; only the
    /// caller whose `ask` ran counts as a miss.
    pub async fn get_or_ask(&self, query: &Query, ask: impl Future<Output = Answer>) -> Answer {
        let entry = self
            .cache
            .entry_by_ref(query)
            .or_insert_with(async {
                Cached {
                    answer: Arc::new(ask.await),
                    stored: Instant::now(),
                }
            })
            .await;
        let counter = if entry.is_fresh() {
            &self.counts.misses
        } else {
            &self.counts.hits
        };
        counter.fetch_add(1, Ordering::Relaxed);
        entry.into_value().answer_now(Instant::now())
    }

    /// The cached answer to `query` when there is one now (a hit), without asking:
    /// what lets a survey take its cached answers at once instead of starting a task
    /// per question.
    pub async fn get(&self, query: &Query) -> Option<Answer> {
        let cached = self.cache.get(query).await?;
        self.counts.hits.fetch_add(1, Ordering::Relaxed);
        Some(cached.answer_now(Instant::now()))
    }

    /// Hits and misses so far.
    pub fn counts(&self) -> &CacheCounts {
        &self.counts
    }

    /// Outcomes held now (for tests and metrics; moka counts lazily).
    pub async fn entry_count(&self) -> u64 {
        self.cache.run_pending_tasks().await;
        self.cache.entry_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mailmove_core::dns::{Record, RecordData, RecordType};
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn mx(ttl: u32) -> Outcome {
        Outcome::Records {
            records: vec![Record {
                name: "example.test".into(),
                ttl,
                data: RecordData::Mx {
                    preference: 10,
                    exchange: "mx.example.test".into(),
                },
            }],
        }
    }

    #[test]
    fn lifetimes_follow_ttls_within_caps() {
        assert_eq!(lifetime(&mx(42)), Duration::from_secs(42));
        assert_eq!(lifetime(&mx(86_400)), MAX_POSITIVE);
        assert_eq!(lifetime(&mx(0)), Duration::ZERO);
        let nodata = |ttl| Outcome::NoData { negative_ttl: ttl };
        assert_eq!(lifetime(&nodata(Some(10))), Duration::from_secs(10));
        assert_eq!(lifetime(&nodata(Some(3600))), MAX_NEGATIVE);
        assert_eq!(lifetime(&nodata(None)), DEFAULT_NEGATIVE);
        assert_eq!(lifetime(&Outcome::Timeout), FAILURE);
    }

    #[test]
    fn ttls_count_down_and_never_wrap() {
        let stored = Instant::now();
        let cached = Cached {
            answer: Arc::new(mx(100).into()),
            stored,
        };
        let later = stored + Duration::from_secs(30);
        assert_eq!(cached.outcome_now(later), mx(70));
        let much_later = stored + Duration::from_secs(1_000);
        assert_eq!(cached.outcome_now(much_later), mx(0));
    }

    #[tokio::test]
    async fn one_upstream_question_for_concurrent_and_repeated_lookups() {
        let cache = AnswerCache::new(100);
        let asked = Arc::new(AtomicUsize::new(0));
        let query = Query::new("example.test", RecordType::Mx);
        let ask = || {
            let asked = asked.clone();
            async move {
                asked.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                Answer::from(mx(300))
            }
        };
        let (first, second) = tokio::join!(
            cache.get_or_ask(&query, ask()),
            cache.get_or_ask(&query, ask())
        );
        assert_eq!(first, second);
        let third = cache.get_or_ask(&query, ask()).await;
        assert!(matches!(third.outcome, Outcome::Records { .. }));
        assert_eq!(asked.load(Ordering::SeqCst), 1);
        // One caller asked; the other shared its question and the third was cached.
        assert_eq!(cache.counts().misses.load(Ordering::SeqCst), 1);
        assert_eq!(cache.counts().hits.load(Ordering::SeqCst), 2);
        // A question that is held is answered without asking, and counted as a hit.
        assert_eq!(cache.get(&query).await, Some(first));
        assert_eq!(cache.counts().hits.load(Ordering::SeqCst), 3);
        // A different type is a different question.
        let other = Query::new("example.test", RecordType::Txt);
        assert_eq!(cache.get(&other).await, None);
        assert_eq!(cache.counts().misses.load(Ordering::SeqCst), 1);
        cache.get_or_ask(&other, ask()).await;
        assert_eq!(asked.load(Ordering::SeqCst), 2);
        assert_eq!(cache.entry_count().await, 2);
    }

    #[tokio::test]
    async fn zero_ttl_answers_are_not_reused() {
        let cache = AnswerCache::new(100);
        let asked = Arc::new(AtomicUsize::new(0));
        let query = Query::new("example.test", RecordType::Mx);
        for _ in 0..3 {
            let asked = asked.clone();
            cache
                .get_or_ask(&query, async move {
                    asked.fetch_add(1, Ordering::SeqCst);
                    Answer::from(mx(0))
                })
                .await;
        }
        assert_eq!(asked.load(Ordering::SeqCst), 3);
    }
}
