//! The server's integration tests, one binary (ripgrep's and the workspace `tests/`
//! package's layout): one link instead of one per file. Each module is what was a test
//! file;
//! `fixtures` is the survey over the fixture zones, `dns_proxy` a loopback DNS proxy
//! the fixture, MTA-STS and SPF tests share, `test_tls` the test CA and HTTPS server
//! and `fake_smtp` the SMTP server the MTA-STS and probe tests share.

mod accounts;
mod binary;
mod blocklist_cli;
mod bounds;
mod check;
mod connections;
#[allow(dead_code)] // each user takes the helpers it needs
mod dns_proxy;
mod doh;
mod doh_upstream;
mod fake_smtp;
mod fixtures;
mod http;
mod migration_batch;
mod monitor;
mod mta_sts;
mod operations;
mod plan;
mod probe_api;
mod probe_api_postfix;
mod probe_cli;
mod probe_postfix;
mod records;
mod shared_limits;
mod smtp_probe;
mod spf_cli;
mod ssrf;
mod survey_cached;
mod survey_stream;
mod test_tls;
mod trusted_proxy;
