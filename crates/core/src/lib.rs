//! Mailmove's core: the migration model shared by the server, the CLI and the browser.
//!
//! **Invariant:** this crate does no I/O. No sockets, no files, no clock, no environment,
//! no async runtime. It builds for `wasm32-unknown-unknown` (`cargo xtask test` checks
//! that), so every rule it holds runs identically in the page and on the server.
//! Shells (the `mailmove` binary, the Leptos page) do the asking; core decides what to
//! ask and what the answers mean.
#![warn(missing_docs)]

// First: the macro is used by the modules below.
mod wire_enum;

pub mod accounts;
pub mod api;
pub mod bimi;
pub mod calendar;
pub mod catalog;
pub mod dkim;
pub mod dmarc;
pub mod dns;
pub mod dns_json;
pub mod dnsbl;
pub mod findings;
pub mod monitor;
pub mod mta_sts;
pub mod name;
pub mod parse_issue;
pub mod plan;
pub mod records;
pub mod share;
pub mod smtp;
mod sort;
pub mod spf;
pub mod stage;
pub mod survey;
pub mod tag_list;
pub mod text;
pub mod tls_rpt;

pub use name::{DomainName, NameError, NamePolicy, parse_query_name};
pub use text::{Lang, Message, Text};

/// The product's version, as the server reports it at `/api/version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
