use leptos::prelude::*;
use mailmove_core::Lang;

use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// Two buttons, 日本語 and English; the pressed one is the current language.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let current = CurrentLang::expect();
    let button = move |lang: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                id=format!("lang-{}", lang.tag())
                lang=lang.tag()
                aria-pressed=move || (current.get() == lang).to_string()
                on:click=move |_| current.choose(lang)
            >
                {label}
            </button>
        }
    };
    view! {
        <nav class="lang-switch" aria-label=move || tr(i18n::LANG_SWITCH)>
            {button(Lang::Ja, "日本語")}
            {button(Lang::En, "English")}
        </nav>
    }
}
