//! `GET /api/survey?…&stream=1`: the survey as it runs, one JSON object per line
//! (NDJSON). Each line is a whole snapshot, not a delta, so a client that misses lines
//! (the server skips snapshots a slow client has not read yet) still draws the latest
//! state; the last line has `done: true`.

use serde::{Deserialize, Serialize};

use super::SurveyJson;

/// One line of the survey stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyProgressJson {
    /// Questions asked so far.
    pub asked: usize,
    /// Questions answered so far.
    pub answered: usize,
    /// Whether the survey has finished: the last line.
    pub done: bool,
    /// The report from the answers so far.
    pub report: SurveyJson,
}
