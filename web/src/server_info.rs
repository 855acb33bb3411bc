//! What the server says about itself (`/api/version`), fetched once and shared: its
//! version, and which extra top-level domains it accepts (`--allow-tld`), so that the
//! page validates names exactly as the server will.

use leptos::prelude::*;
use mailmove_core::NamePolicy;
use mailmove_core::api as json;

use crate::api;

/// The server's answer to `/api/version`, shared through context.
#[derive(Clone, Copy)]
pub struct ServerInfo(LocalResource<Result<json::Health, api::Error>>);

impl ServerInfo {
    /// Starts the fetch and provides the result to the tree.
    pub fn provide() {
        provide_context(ServerInfo(LocalResource::new(|| async {
            // Static mode: there is no server to ask.
            if crate::config::get().mode.has_server() {
                api::version().await
            } else {
                Err(api::Error::Http { status: 0 })
            }
        })));
    }

    /// The provided info.
    pub fn expect() -> ServerInfo {
        expect_context::<ServerInfo>()
    }

    /// `None` while loading (tracked).
    pub fn get(self) -> Option<Result<json::Health, api::Error>> {
        self.0.get()
    }

    /// The names the server accepts: public TLDs, plus its extra ones once known (tracked).
    pub fn name_policy(self) -> NamePolicy {
        match self.get() {
            Some(Ok(health)) => NamePolicy::allowing(&health.allowed_tlds),
            _ => NamePolicy::public(),
        }
    }
}
