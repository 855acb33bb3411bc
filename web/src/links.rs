//! Where each tool lives. With a Mailmove server, at its own path (`/plan`,
//! `/monitor`), which the server answers with that tool's bundle; a static host
//! cannot route paths, so there the links name the bundle's directory.

use crate::config;

/// The planner, with `query` (`domain=…&lang=…`, no `?`).
pub fn planner(query: &str) -> String {
    if config::get().mode.has_server() {
        format!("/plan?{query}")
    } else {
        format!("/planner/?{query}")
    }
}

/// The cutover monitor, with `query` (no `?`).
pub fn monitor(query: &str) -> String {
    if config::get().mode.has_server() {
        format!("/monitor?{query}")
    } else {
        format!("/tools/?{query}")
    }
}
