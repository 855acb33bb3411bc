//! The browser's own UTS #46 for core's IDN step (see core `name/idn.rs`): the URL
//! parser turns a host into lower-case A-labels, so the page does not ship the IDNA
//! tables. Core then applies its own syntax and length rules to the result.

/// `例え.jp` → `xn--r8jz45g.jp`, through `new URL("http://例え.jp/").hostname`.
pub fn browser_to_ascii(host: &str) -> Option<String> {
    // Characters that end a host in a URL would make the parser read something else.
    if host.contains(['/', '?', '#', '@', ':', '\\', '%', '[', ']', ' ']) {
        return None;
    }
    let url = web_sys::Url::new(&format!("http://{host}/")).ok()?;
    Some(url.hostname())
}

/// Called first thing by both entry points, before any name is parsed.
pub fn register() {
    mailmove_core::name::set_to_ascii(browser_to_ascii);
}
