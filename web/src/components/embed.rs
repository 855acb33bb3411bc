//! `/embed`: the check with minimal chrome, for a company's own site (through
//! `embed.js`, which inserts the iframe and follows its height), and `/embed/snippet`,
//! the page that writes the snippet to copy.
//!
//! Options come from the address: `lang`, `accent` (a colour `#RRGGBB`), `cta` (a link,
//! e.g. to the company's contact form), `cta_label`, `company` and `share_url` (the
//! agency's page that shows the widget: share links lead there).
//!
//! Inside the frame every link opens a new tab (`<base target="_blank">`): a link
//! followed in the frame would put the whole tool in the agency's box. Relative links
//! resolve on the tool's own origin, the frame's.

use leptos::prelude::*;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;

use crate::components::report::CopyButton;
use crate::components::{CheckForm, LangSwitch};
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// The embed's options, read from the address.
#[derive(Clone, Debug, Default)]
struct EmbedOptions {
    accent: Option<String>,
    cta: Option<String>,
    cta_label: Option<String>,
    company: Option<String>,
    share_url: Option<String>,
}

/// What the report does differently inside the widget, provided by [`EmbedApp`].
#[derive(Clone, Debug)]
pub struct Embedded {
    /// Where share links lead: the agency's page, or the tool's own check page.
    pub share_base: String,
    /// The call to action (link, label), shown after the summary and at the end.
    pub cta: Option<(String, Option<String>)>,
}

/// The call to action, or nothing.
pub fn cta_view(embedded: &Embedded, id: &'static str) -> Option<impl IntoView + use<>> {
    let (url, label) = embedded.cta.clone()?;
    Some(view! {
        <p class="cta">
            <a id=id class="cta-button" href=url target="_blank" rel="noopener">
                {move || label.clone().unwrap_or_else(|| tr(i18n::CTA_DEFAULT).to_owned())}
            </a>
        </p>
    })
}

/// Only web links: a `javascript:` URL in a link would run in our origin.
fn web_link(url: String) -> Option<String> {
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

fn options() -> EmbedOptions {
    let params = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok());
    let get = |key: &str| {
        params
            .as_ref()
            .and_then(|params| params.get(key))
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    EmbedOptions {
        accent: get("accent").and_then(|accent| accent_colour(&accent)),
        cta: get("cta").and_then(web_link),
        cta_label: get("cta_label").map(|label| label.chars().take(60).collect()),
        company: get("company").map(|name| name.chars().take(60).collect()),
        share_url: get("share_url").and_then(web_link),
    }
}

/// `#RRGGBB` (with or without `#`), normalised; anything else is ignored.
pub fn accent_colour(text: &str) -> Option<String> {
    let hex = text.strip_prefix('#').unwrap_or(text);
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("#{}", hex.to_ascii_lowercase()))
}

/// Black or white, whichever reads better on `accent` (WCAG relative luminance).
pub fn ink_for(accent: &str) -> &'static str {
    let channel = |at: usize| {
        let value = u8::from_str_radix(&accent[at..at + 2], 16).unwrap_or(0);
        let c = f64::from(value) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    // Contrast with white (1.05 / (L + 0.05)) against contrast with black ((L + 0.05) / 0.05).
    if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// The embedded check.
#[component]
pub fn EmbedApp() -> impl IntoView {
    let lang = CurrentLang::expect();
    let options = options();
    let style = options
        .accent
        .as_ref()
        .map(|accent| format!("--accent: {accent}; --accent-ink: {};", ink_for(accent)))
        .unwrap_or_default();
    report_height_to_parent();
    let company = options
        .company
        .clone()
        .map(|company| view! { <p class="company" id="embed-company">{company}</p> });
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let embedded = Embedded {
        share_base: options.share_url.clone().unwrap_or(format!("{origin}/")),
        cta: options
            .cta
            .clone()
            .map(|url| (url, options.cta_label.clone())),
    };
    open_links_in_new_tabs();
    let cta = cta_view(&embedded, "embed-cta");
    provide_context(embedded);
    view! {
        <div class="page embed" id="app" style=style data-lang=move || lang.get().tag()>
            <header class="top">
                {company}
                <LangSwitch />
            </header>
            <main>
                <h1 class="visually-hidden">{move || tr(i18n::EMBED_HEADING)}</h1>
                <CheckForm />
                {cta}
            </main>
            <footer class="embed-footer">
                <a href="/" target="_blank" rel="noopener">{move || tr(i18n::POWERED_BY)}</a>
            </footer>
        </div>
    }
}

/// `<base target="_blank">`: every link of the widget opens a new tab.
fn open_links_in_new_tabs() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let head = document.query_selector("head").ok().flatten();
    if let (Some(head), Ok(base)) = (head, document.create_element("base")) {
        let _ = base.set_attribute("target", "_blank");
        let _ = head.append_child(&base);
    }
}

/// Tells the embedding page our height whenever it changes, so `embed.js` can size the
/// iframe to its content (no inner scroll bar). Polling is simpler and sturdier than
/// observers here: the report re-renders wholesale as answers arrive.
fn report_height_to_parent() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(parent) = window.parent() else { return };
    let Some(parent) = parent else { return };
    let last = std::cell::Cell::new(0);
    let tick = Closure::<dyn FnMut()>::new(move || {
        let Some(root) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
        else {
            return;
        };
        let height = root.scroll_height();
        if height != last.get() {
            last.set(height);
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"mailmove:height".into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            // The height is not a secret; the parent checks our origin.
            let _ = parent.post_message(&message, "*");
        }
    });
    let _ = window
        .set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 250);
    // The page lives as long as the interval: leak the closure on purpose.
    tick.forget();
}

/// `/embed/snippet`: choose the options, copy the snippet.
#[component]
pub fn SnippetPage() -> impl IntoView {
    let lang = CurrentLang::expect();
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let accent = RwSignal::new("#0b6e4f".to_owned());
    let cta = RwSignal::new(String::new());
    // Empty: the default label in the page's language (the snippet leaves it out).
    let cta_label = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let share_page = RwSignal::new(String::new());
    let accent_invalid = Memo::new(move |_| accent_colour(&accent.get()).is_none());
    let link_invalid = move |signal: RwSignal<String>| {
        move || {
            let value = signal.get();
            let value = value.trim();
            !value.is_empty() && !value.starts_with("https://") && !value.starts_with("http://")
        }
    };
    let origin = StoredValue::new(origin);
    let snippet = Memo::new(move |_| {
        let mut attributes = vec![format!("data-lang=\"{}\"", lang.get().tag())];
        if let Some(accent) = accent_colour(&accent.get()) {
            attributes.push(format!("data-accent=\"{accent}\""));
        }
        for (name, value) in [
            (
                "cta",
                web_link(cta.get().trim().to_owned()).unwrap_or_default(),
            ),
            ("cta-label", cta_label.get()),
            ("company", company.get()),
            (
                "share-url",
                web_link(share_page.get().trim().to_owned()).unwrap_or_default(),
            ),
        ] {
            if !value.trim().is_empty() {
                attributes.push(format!(
                    "data-{name}=\"{}\"",
                    escape_attribute(value.trim())
                ));
            }
        }
        format!(
            "<script src=\"{}/embed.js\" {} async></script>",
            origin.get_value(),
            attributes.join(" ")
        )
    });
    // A field, and what is wrong with its value (said beside it, not silently dropped).
    let field = move |id: &'static str,
                      label: i18n::TextRef,
                      signal: RwSignal<String>,
                      invalid: Option<(Signal<bool>, i18n::TextRef)>| {
        let error_id = format!("{id}-error");
        let is_invalid = move || invalid.is_some_and(|(invalid, _)| invalid.get());
        view! {
            <div class="field">
                <label for=id>{move || tr(label)}</label>
                <input
                    id=id
                    type="text"
                    prop:value=signal
                    aria-invalid=move || is_invalid().to_string()
                    aria-describedby=error_id.clone()
                    on:input=move |event| signal.set(event_target_value(&event))
                />
                <p id=error_id class="field-error" aria-live="polite" hidden=move || !is_invalid()>
                    {move || invalid.map(|(_, message)| tr(message))}
                </p>
            </div>
        }
    };
    let placeholder = move || tr(i18n::CTA_DEFAULT);
    view! {
        <div class="page" id="app" data-lang=move || lang.get().tag()>
            <header class="top">
                <h1>{move || tr(i18n::SNIPPET_TITLE)}</h1>
                <LangSwitch />
            </header>
            <main>
            <p>{move || tr(i18n::SNIPPET_LEAD)}</p>
            <form class="snippet" on:submit=|event| event.prevent_default()>
                {field("company", i18n::COMPANY, company, None)}
                {field("accent", i18n::ACCENT, accent, Some((accent_invalid.into(), i18n::ACCENT_INVALID)))}
                {field("cta", i18n::CTA_URL, cta, Some((Signal::derive(link_invalid(cta)), i18n::LINK_INVALID)))}
                <div class="field">
                    <label for="cta-label">{move || tr(i18n::CTA_LABEL)}</label>
                    <input id="cta-label" type="text" placeholder=placeholder prop:value=cta_label on:input=move |event| cta_label.set(event_target_value(&event)) />
                </div>
                {field("share-url", i18n::SHARE_PAGE, share_page, Some((Signal::derive(link_invalid(share_page)), i18n::LINK_INVALID)))}
            </form>
            <pre class="record" id="snippet"><code>{snippet}</code></pre>
            {move || view! { <CopyButton text=snippet.get() /> }}
            <p class="notice">{move || tr(i18n::SNIPPET_FRAME_NOTE)}</p>
            </main>
        </div>
    }
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
