//! Mailmove's end-to-end tests: one binary (ripgrep style), real parts only.

mod accessibility;
mod check_plain;
mod dns;
mod embed_static;
mod first_paint;
mod monitor_page;
mod ns_consistency;
mod page;
mod planner_accounts;
mod planner_diff;
mod planner_page;
mod planner_phone;
mod planner_probe;
mod planner_saved;
mod report_page;
mod spf_conformance;
mod stream;
