//! Host names, addresses and record values that wrap on a narrow screen only where a
//! reader expects it: after a dot, an `@` or a comma, never inside a label.

use leptos::prelude::*;

/// `text` with a `<wbr>` after each dot, `@` and comma. The stylesheet's
/// `overflow-wrap: anywhere` is only the last resort for a label wider than the screen.
pub fn breakable(text: &str) -> impl IntoView + use<> {
    text.split_inclusive(['.', '@', ','])
        .map(|part| view! { {part.to_owned()}<wbr /> })
        .collect_view()
}
