//! Whether the domain itself answered: it exists, it does not (NXDOMAIN), or its
//! name servers fail for every name (SERVFAIL or silence). The two failure states
//! change what the rest of the report may say: for a domain that does not exist,
//! "no MX, no SPF, no DMARC" are consequences, not three problems; for a zone that
//! does not answer, nothing could be judged at all.
//!
//! Also the reason each unanswered question failed, so that a part of the report
//! that could not be checked can say why (timed out, server error, refused).

use serde::Serialize;

use crate::dns::{Answers, Outcome, Query, RecordType};

/// What the domain's own names answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DomainState {
    /// At least one question about the domain's own names was answered (records,
    /// NODATA), or not enough is in yet to say otherwise.
    Answering,
    /// The domain's own name answered NXDOMAIN and nothing under it answered with
    /// records: the name does not exist (a typo, an expired registration).
    NotFound,
    /// Every question about the domain's own names (the apex's NS, SOA, MX, TXT and
    /// every name below it) failed: SERVFAIL, timeout or REFUSED, while the parent
    /// zone answered (the DS question): the domain's own servers fail. Mail to the
    /// domain is failing or delayed now.
    Unreachable,
    /// Not even the parent zone answered: every question failed, so the fault may as
    /// well be on this side (the resolver this tool asks). Nothing is known, and
    /// nothing is said about the domain but that.
    NoAnswers,
}

impl DomainState {
    /// Every state, for reading a tag back.
    const ALL: [DomainState; 4] = [
        DomainState::Answering,
        DomainState::NotFound,
        DomainState::Unreachable,
        DomainState::NoAnswers,
    ];

    /// The stable tag of `facts.domain_state`.
    pub fn tag(self) -> &'static str {
        match self {
            DomainState::Answering => "answering",
            DomainState::NotFound => "not-found",
            DomainState::Unreachable => "unreachable",
            DomainState::NoAnswers => "no-answers",
        }
    }

    /// The state of a tag; `None` for one this version does not know.
    pub fn from_tag(tag: &str) -> Option<DomainState> {
        DomainState::ALL
            .into_iter()
            .find(|state| state.tag() == tag)
    }

    /// The state in words for a report's summary; `None` for a domain that answers.
    pub fn words(self) -> Option<crate::Text> {
        let (ja, en) = match self {
            DomainState::Answering => return None,
            DomainState::NotFound => ("このドメインは存在しません", "This domain does not exist"),
            DomainState::Unreachable => (
                "このドメインのDNSが応答していません",
                "This domain's DNS does not answer",
            ),
            DomainState::NoAnswers => (
                "DNSに問い合わせできず、何も確認できませんでした",
                "No DNS lookup got an answer: nothing could be checked",
            ),
        };
        Some(crate::Text { ja, en })
    }
}

/// Why a question got no usable answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Failure {
    /// No answer within the deadline.
    Timeout,
    /// The server said it failed (SERVFAIL).
    ServFail,
    /// The server refused to answer (REFUSED).
    Refused,
    /// The question was not sent (an address the shell would not contact).
    NotAsked,
}

impl Failure {
    /// The failure of `outcome`, if it is one.
    pub fn of(outcome: &Outcome) -> Option<Failure> {
        match outcome {
            Outcome::Timeout => Some(Failure::Timeout),
            Outcome::ServFail => Some(Failure::ServFail),
            Outcome::Refused => Some(Failure::Refused),
            Outcome::NotAsked => Some(Failure::NotAsked),
            Outcome::Records { .. } | Outcome::NoData { .. } | Outcome::NxDomain { .. } => None,
        }
    }

    /// Why, in plain words (Japanese, English), with the protocol's name in
    /// parentheses for whoever passes it on to their DNS host.
    pub fn reason(self) -> (&'static str, &'static str) {
        match self {
            Failure::Timeout => (
                "DNSサーバーから時間内に応答がありませんでした(タイムアウト)",
                "the DNS server did not answer in time (timeout)",
            ),
            Failure::ServFail => (
                "DNSサーバーがエラーを返しました(SERVFAIL)",
                "the DNS server answered with an error (SERVFAIL)",
            ),
            Failure::Refused => (
                "DNSサーバーが回答を拒否しました(REFUSED)",
                "the DNS server refused to answer (REFUSED)",
            ),
            Failure::NotAsked => (
                "問い合わせを送りませんでした(このサーバーが接続しない宛先か、ブラウザーからは直接問い合わせできない相手のため)",
                "the question was not sent (an address this server does not contact, or one a browser cannot ask directly)",
            ),
        }
    }
}

/// The apex questions every survey asks first: if all of them fail, so did the zone.
const APEX_TYPES: [RecordType; 4] = [
    RecordType::Ns,
    RecordType::Soa,
    RecordType::Mx,
    RecordType::Txt,
];

/// The domain's state from the answers so far.
pub(super) fn domain_state(answers: &Answers, domain: &str) -> DomainState {
    let apex: Vec<Option<&Outcome>> = APEX_TYPES
        .into_iter()
        .map(|rtype| answers.get(&Query::new(domain, rtype)))
        .collect();
    let suffix = format!(".{domain}");
    // The domain's own names, asked of the resolver. DS is the parent's answer, and
    // direct questions to one server say only something about that server.
    let own = || {
        answers.iter().filter(|(query, _)| {
            query.server.is_none()
                && query.rtype != RecordType::Ds
                && (query.name == domain || query.name.ends_with(&suffix))
        })
    };
    let any_answered = own()
        .any(|(_, outcome)| matches!(outcome, Outcome::Records { .. } | Outcome::NoData { .. }));
    if any_answered {
        return DomainState::Answering;
    }
    let apex_nxdomain = apex
        .iter()
        .any(|outcome| matches!(outcome, Some(Outcome::NxDomain { .. })));
    if apex_nxdomain {
        return DomainState::NotFound;
    }
    let apex_failed = apex.iter().all(|outcome| {
        outcome.is_some_and(|outcome| {
            matches!(
                outcome,
                Outcome::ServFail | Outcome::Timeout | Outcome::Refused
            )
        })
    });
    let all_failed = own().all(|(_, outcome)| outcome.is_could_not_check());
    if !(apex_failed && all_failed) {
        return DomainState::Answering;
    }
    // The DS question is answered by the parent zone: if that works, the resolver
    // works, and it is the domain's own servers that fail.
    let parent_answered = answers
        .get(&Query::new(domain, RecordType::Ds))
        .is_some_and(|outcome| !outcome.is_could_not_check());
    if parent_answered {
        DomainState::Unreachable
    } else {
        DomainState::NoAnswers
    }
}

/// The most common failure among the domain's own apex questions, for the
/// unreachable zone's message.
pub(super) fn apex_failure(answers: &Answers, domain: &str) -> Option<Failure> {
    let failures: Vec<Failure> = APEX_TYPES
        .into_iter()
        .filter_map(|rtype| {
            answers
                .get(&Query::new(domain, rtype))
                .and_then(Failure::of)
        })
        .collect();
    // `max_by_key` keeps the last of equals: reversed, the first listed wins a tie.
    [Failure::Timeout, Failure::ServFail, Failure::Refused]
        .into_iter()
        .rev()
        .max_by_key(|kind| failures.iter().filter(|failure| *failure == kind).count())
        .filter(|_| !failures.is_empty())
}

/// The organisational domain of a domain that does not exist, when the survey's
/// DMARC fallback found that it does (`_dmarc.<org>` answered records or NODATA).
pub(super) fn existing_parent(answers: &Answers, domain: &crate::DomainName) -> Option<String> {
    let org = domain.organizational_domain();
    if org == *domain {
        return None;
    }
    let fallback = Query::new(&format!("_dmarc.{org}"), RecordType::Txt);
    matches!(
        answers.get(&fallback),
        Some(Outcome::Records { .. } | Outcome::NoData { .. })
    )
    .then(|| org.to_unicode())
}
