//! What `check_host()` answers: the result, the explanation, the counts, the trace.

use serde::{Deserialize, Serialize};

use crate::dns::Query;

/// The results of RFC 7208 §2.6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpfResult {
    /// No SPF record, or no valid domain to check.
    None,
    /// The domain makes no assertion about the client.
    Neutral,
    /// The client is authorised.
    Pass,
    /// The client is not authorised.
    Fail,
    /// Probably not authorised.
    SoftFail,
    /// A transient DNS error.
    TempError,
    /// The domain's records cannot be interpreted.
    PermError,
}

impl SpfResult {
    /// The result as the RFC spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SpfResult::None => "none",
            SpfResult::Neutral => "neutral",
            SpfResult::Pass => "pass",
            SpfResult::Fail => "fail",
            SpfResult::SoftFail => "softfail",
            SpfResult::TempError => "temperror",
            SpfResult::PermError => "permerror",
        }
    }
}

/// One line of the evaluation's trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// The domain whose record was being evaluated.
    pub domain: String,
    /// What happened, e.g. `record v=spf1 mx -all`, `mx: no match`.
    pub event: String,
}

/// The finished evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpfOutcome {
    /// The result.
    pub result: SpfResult,
    /// For `fail`, the expanded `exp=` text, when the domain publishes one.
    pub explanation: Option<String>,
    /// DNS-querying terms evaluated (the limit is [`MAX_DNS_TERMS`]).
    pub lookups: u32,
    /// Lookups that found nothing (the limit is [`MAX_VOID_LOOKUPS`]).
    pub void_lookups: u32,
    /// What was evaluated, in order.
    pub trace: Vec<TraceStep>,
}

/// Either more DNS is needed, or the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Resolve these, add them to the answers, and step again.
    Need(Vec<Query>),
    /// Finished.
    Done(SpfOutcome),
}
