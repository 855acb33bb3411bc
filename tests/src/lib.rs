//! Harness of the workspace's end-to-end tests: the `mailmove serve` application on a
//! free loopback port. The DNS and browser harnesses live in `mailmove-testkit`.

pub mod server;
pub mod static_site;
