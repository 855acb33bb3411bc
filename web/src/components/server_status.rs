use leptos::prelude::*;

use crate::i18n::{self, tr};
use crate::server_info::ServerInfo;

/// The server's health, fetched once: proves the browser → server path, and says so
/// only when it fails.
#[component]
pub fn ServerStatus() -> impl IntoView {
    let health = ServerInfo::expect();
    if let crate::config::Mode::Static { doh } = &crate::config::get().mode {
        let doh = doh.clone();
        return view! { <p id="server-status" role="status">{move || tr(i18n::STATIC_MODE)}" "{doh.clone()}</p> }
            .into_any();
    }
    // The public sees this line only when the server does not answer; the version
    // stays in an attribute for support (and `/api/version`).
    (move || match health.get() {
        None => view! { <p id="server-status" data-state="checking" hidden></p> }.into_any(),
        Some(Ok(health)) => {
            view! { <p id="server-status" data-state="up" data-version=health.version hidden></p> }.into_any()
        }
        Some(Err(_)) => view! {
            <p id="server-status" data-state="down" role="status">{move || tr(i18n::SERVER_DOWN)}</p>
        }
        .into_any(),
    })
    .into_any()
}
