use leptos::prelude::*;

use crate::i18n::{self, tr};
use crate::server_info::ServerInfo;

/// The server's health and version, fetched once: proves the browser → server path.
#[component]
pub fn ServerStatus() -> impl IntoView {
    let health = ServerInfo::expect();
    if let crate::config::Mode::Static { doh } = &crate::config::get().mode {
        let doh = doh.clone();
        return view! { <p id="server-status" role="status">{move || tr(i18n::STATIC_MODE)}" "{doh.clone()}</p> }
            .into_any();
    }
    view! {
        <p id="server-status" role="status">
            {move || match health.get() {
                None => tr(i18n::SERVER_CHECKING).to_owned(),
                Some(Ok(health)) => {
                    format!("{} ({} {})", tr(i18n::SERVER_OK), tr(i18n::VERSION), health.version)
                }
                Some(Err(_)) => tr(i18n::SERVER_DOWN).to_owned(),
            }}
        </p>
    }
    .into_any()
}
