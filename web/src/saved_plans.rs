//! Plans saved in this browser: one per domain, so planning a second domain never
//! overwrites the first. Each plan is stored under its own key (a save writes one
//! plan, not all of them), with an index of domains, most recently used first.
//! The single plan of earlier versions (`mailmove.plan`) is moved into the index the
//! first time the list is read.

use mailmove_core::plan::Plan;

const INDEX_KEY: &str = "mailmove.plans";
const PLAN_PREFIX: &str = "mailmove.plan:";
const LEGACY_KEY: &str = "mailmove.plan";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}

/// The saved domains, most recently used first.
pub(crate) fn domains() -> Vec<String> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let mut index: Vec<String> = storage
        .get_item(INDEX_KEY)
        .ok()
        .flatten()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    if let Some(legacy) = storage
        .get_item(LEGACY_KEY)
        .ok()
        .flatten()
        .and_then(|text| Plan::from_json(&text).ok())
    {
        if !index.contains(&legacy.domain) && save_plan(&storage, &legacy).is_ok() {
            index.insert(0, legacy.domain.clone());
            write_index(&storage, &index);
        }
        let _ = storage.remove_item(LEGACY_KEY);
    }
    index
}

/// The saved plan of `domain`.
pub(crate) fn load(domain: &str) -> Option<Plan> {
    storage()?
        .get_item(&format!("{PLAN_PREFIX}{domain}"))
        .ok()
        .flatten()
        .and_then(|text| Plan::from_json(&text).ok())
}

/// Whether a plan for `domain` is saved.
pub(crate) fn exists(domain: &str) -> bool {
    domains().iter().any(|saved| saved == domain)
}

/// Saves `plan` under its domain and puts the domain first. `Err` when the browser
/// refuses (storage full or disabled): the page says so.
pub(crate) fn save(plan: &Plan) -> Result<(), ()> {
    let storage = storage().ok_or(())?;
    save_plan(&storage, plan)?;
    let mut index = domains();
    if index.first() != Some(&plan.domain) {
        index.retain(|domain| *domain != plan.domain);
        index.insert(0, plan.domain.clone());
        write_index(&storage, &index);
    }
    Ok(())
}

/// Forgets the plan of `domain`.
pub(crate) fn delete(domain: &str) {
    let Some(storage) = storage() else {
        return;
    };
    let _ = storage.remove_item(&format!("{PLAN_PREFIX}{domain}"));
    let mut index = domains();
    index.retain(|saved| saved != domain);
    write_index(&storage, &index);
}

fn save_plan(storage: &web_sys::Storage, plan: &Plan) -> Result<(), ()> {
    storage
        .set_item(&format!("{PLAN_PREFIX}{}", plan.domain), &plan.to_json())
        .map_err(|_| ())
}

fn write_index(storage: &web_sys::Storage, index: &[String]) {
    if let Ok(json) = serde_json::to_string(index) {
        let _ = storage.set_item(INDEX_KEY, &json);
    }
}

/// Calls `changed` with the plan of `domain()` whenever another tab of this browser
/// saves it (the `storage` event reaches only the other tabs). The planner and its
/// accounts page may be open side by side: without this, the one edited last would
/// write its older copy back over the other's work (addresses lost, for one).
pub(crate) fn on_saved_elsewhere(
    domain: impl Fn() -> String + 'static,
    changed: impl Fn(Plan) + 'static,
) {
    let listener = leptos::prelude::window_event_listener(leptos::ev::storage, move |event| {
        let ours = event
            .key()
            .is_some_and(|key| key.strip_prefix(PLAN_PREFIX) == Some(domain().as_str()));
        if let Some(plan) = event
            .new_value()
            .filter(|_| ours)
            .and_then(|text| Plan::from_json(&text).ok())
        {
            changed(plan);
        }
    });
    leptos::prelude::on_cleanup(move || listener.remove());
}
