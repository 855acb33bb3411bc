//! What the server says about itself (`/api/version`), fetched once and shared: its
//! version, and which extra top-level domains it accepts (`--allow-tld`), so that the
//! page validates names exactly as the server will. With it, the Public Suffix List
//! that name checks need: fetched after first paint rather than carried in the
//! WebAssembly (core `name/psl.rs`).

use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;
use mailmove_core::NamePolicy;
use mailmove_core::api as json;
use mailmove_core::name::{install_public_suffix_list, public_suffix_list_available};

use crate::api;

/// Where the server serves the list (a copy of core's `data/` file, put in `dist/`
/// by Trunk).
const SUFFIX_LIST_PATH: &str = "/public_suffix_list_icann.dat";

/// The server's answer to `/api/version`, shared through context.
#[derive(Clone, Copy)]
pub struct ServerInfo {
    health: LocalResource<Result<json::Health, api::Error>>,
    suffix_list: RwSignal<SuffixList>,
}

/// Where the Public Suffix List stands in this page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SuffixList {
    NotAsked,
    Loading,
    Installed,
    /// Not served (an old deployment) or unreachable: the server decides alone.
    Unavailable,
}

impl ServerInfo {
    /// Starts the fetch and provides the result to the tree.
    pub fn provide() {
        let health = LocalResource::new(|| async {
            // Static mode: there is no server to ask.
            if crate::config::get().mode.has_server() {
                api::version().await
            } else {
                Err(api::Error::Http { status: 0 })
            }
        });
        // The static build carries the list with its survey engine.
        let suffix_list = RwSignal::new(if public_suffix_list_available() {
            SuffixList::Installed
        } else {
            SuffixList::NotAsked
        });
        provide_context(ServerInfo {
            health,
            suffix_list,
        });
    }

    /// Fetches the Public Suffix List once, when a name is about to be typed or after
    /// the first report (not before: on a slow network the report comes first).
    /// Until it is installed, unknown TLDs and bare suffixes are left to the server.
    pub fn load_suffix_list(self) {
        if self.suffix_list.get_untracked() != SuffixList::NotAsked {
            return;
        }
        self.suffix_list.set(SuffixList::Loading);
        let suffix_list = self.suffix_list;
        spawn_local(async move {
            let text = match Request::get(SUFFIX_LIST_PATH).send().await {
                Ok(response) if response.ok() => response.text().await.ok(),
                _ => None,
            };
            suffix_list.set(
                if text.is_some_and(|text| install_public_suffix_list(&text)) {
                    SuffixList::Installed
                } else {
                    SuffixList::Unavailable
                },
            );
        });
    }

    /// The provided info.
    pub fn expect() -> ServerInfo {
        expect_context::<ServerInfo>()
    }

    /// `None` while loading (tracked).
    pub fn get(self) -> Option<Result<json::Health, api::Error>> {
        self.health.get()
    }

    /// Makes the caller run again when the Public Suffix List arrives.
    pub fn track_suffix_list(self) {
        self.suffix_list.track();
    }

    /// Whether the list was asked for and is still on its way (tracked).
    pub fn suffix_list_loading(self) -> bool {
        self.suffix_list.get() == SuffixList::Loading
    }

    /// The names the server accepts: public TLDs, plus its extra ones once known (tracked).
    /// Also tracks the Public Suffix List, so names are checked again when it arrives.
    pub fn name_policy(self) -> NamePolicy {
        self.track_suffix_list();
        match self.get() {
            Some(Ok(health)) => NamePolicy::allowing(&health.allowed_tlds),
            _ => NamePolicy::public(),
        }
    }
}
