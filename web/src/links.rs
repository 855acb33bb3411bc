//! Where each tool lives. With a Mailmove server, at its own path (`/plan`,
//! `/plan/accounts`, `/plan/records`, `/monitor`), which the server answers with that tool's bundle; a static host
//! cannot route paths, so there the links name the bundle's directory.

use crate::config;

/// The planner, with `query` (`domain=…&lang=…`, no `?`).
pub fn planner(query: &str) -> String {
    tool("/plan", "/planner/", query)
}

/// The planner's accounts page, with `query` (`domain=…&lang=…`, no `?`).
pub fn accounts(query: &str) -> String {
    tool("/plan/accounts", "/accounts/", query)
}

/// The planner's records page, with `query` (`domain=…&lang=…`, no `?`).
pub fn records(query: &str) -> String {
    tool("/plan/records", "/records/", query)
}

/// The cutover monitor, with `query` (no `?`).
pub fn monitor(query: &str) -> String {
    tool("/monitor", "/tools/", query)
}

/// `served_at` with a server, `bundle_dir` on a static host.
fn tool(served_at: &str, bundle_dir: &str, query: &str) -> String {
    let path = if config::get().mode.has_server() {
        served_at
    } else {
        bundle_dir
    };
    format!("{path}?{query}")
}
