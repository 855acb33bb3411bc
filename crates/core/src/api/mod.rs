//! The wire contract between the page and the server.
//!
//! **Boundary:** everything that crosses HTTP is defined here, and only here. Import it
//! as `use mailmove_core::api as json;` so wire types stand out. Changing a type here
//! changes the public API.

use serde::{Deserialize, Serialize};

use crate::Message;
use crate::dns::{Outcome, Query};

/// `GET /healthz` and `GET /api/version`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always `"ok"` when the server answers.
    pub status: String,
    /// The server's version.
    pub version: String,
    /// Whether the server found the built front end.
    pub frontend: bool,
    /// Top-level domains accepted besides the public ones (`--allow-tld`).
    pub allowed_tlds: Vec<String>,
    /// Whether `POST /api/probe/addresses` answers (`--allow-address-probe`): the
    /// planner offers its "does the new server accept these addresses" button.
    #[serde(default)]
    pub address_probe: bool,
}

/// `GET /api/lookup?name=…&type=…`: one DNS query through the server's resolver.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupResponse {
    /// The query as the server asked it (normalised name).
    pub query: Query,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Every 4xx/5xx body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable kebab-case code (`invalid-domain`, `unsupported-type`, …).
    pub code: String,
    /// What went wrong, for people.
    pub message: Message,
}

mod monitor;
mod probe;
mod progress;
mod stage;
mod survey;

pub use monitor::{MonitorJson, monitor_json};
pub use probe::{
    AddressJson, AddressProbeRequest, ExchangerJson, MAX_PROBE_ADDRESSES, PolicyJson, ProbeJson,
    ProbeSummary, probe_json,
};
pub use progress::{MAX_LINE, ProgressReader, StreamError, SurveyProgressJson, survey_progress};
pub use stage::{
    CouldNotCheckJson, NextStepJson, RemnantJson, StageJson, VerdictJson, could_not_check_reasons,
    stage_json,
};

pub use crate::survey::ReadinessStatus;
pub use survey::{
    Facts, FindingJson, ProviderJson, Providers, ReadinessItemJson, ReadinessJson, SpfFacts,
    SpfNodeJson, SpfTargetJson, SurveyJson, survey_json,
};
