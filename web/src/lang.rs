//! The page's language: `?lang=` first, then the user's saved choice, then the
//! browser's preferences (Japanese when it prefers Japanese, English otherwise).

use leptos::prelude::*;
use mailmove_core::Lang;

const STORAGE_KEY: &str = "mailmove.lang";

/// The current language, shared through context.
#[derive(Clone, Copy)]
pub struct CurrentLang(RwSignal<Lang>);

impl CurrentLang {
    /// Detects the language, provides it to the tree and returns it.
    pub fn provide() -> CurrentLang {
        let current = CurrentLang(RwSignal::new(initial()));
        apply_to_document(current.get_untracked());
        provide_context(current);
        current
    }

    /// The language provided by [`CurrentLang::provide`].
    pub fn expect() -> CurrentLang {
        expect_context::<CurrentLang>()
    }

    /// Reads the language (tracked).
    pub fn get(self) -> Lang {
        self.0.get()
    }

    /// Reads the language without tracking.
    pub fn get_untracked(self) -> Lang {
        self.0.get_untracked()
    }

    /// Switches language and remembers the choice in this browser.
    pub fn choose(self, lang: Lang) {
        self.0.set(lang);
        apply_to_document(lang);
        if let Some(storage) = window().local_storage().ok().flatten() {
            // Private browsing may refuse storage; the switch still works for this visit.
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }
}

fn initial() -> Lang {
    let window = window();
    let from_query = window
        .location()
        .search()
        .ok()
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("lang"))
        .and_then(|tag| Lang::from_tag(&tag));
    let saved = || {
        window
            .local_storage()
            .ok()
            .flatten()
            .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|tag| Lang::from_tag(&tag))
    };
    let preferred = || {
        let languages: Vec<String> = window
            .navigator()
            .languages()
            .iter()
            .filter_map(|value| value.as_string())
            .collect();
        Lang::negotiate(languages.iter().map(String::as_str))
    };
    from_query.or_else(saved).unwrap_or_else(preferred)
}

fn apply_to_document(lang: Lang) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
}
