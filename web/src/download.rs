//! Files the page offers for download, made in the browser (nothing is sent anywhere).

use wasm_bindgen::JsCast as _;

/// Offers `text` as the file `file` of type `mime`.
pub fn download(file: &str, text: &str, mime: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document.create_element("a")
        && let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        anchor.set_href(&url);
        anchor.set_download(file);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
