//! Mailmove's end-to-end tests: one binary (ripgrep style), real parts only.

mod dns;
mod page;
mod spf_conformance;
