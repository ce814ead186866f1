//! Offers generated text (CSV, JSON, SVG) or a blob (PNG) to the user as a file download.

use wasm_bindgen::JsCast;

pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "cannot create file")?;
    download_blob(filename, &blob)
}

/// Offers a blob (an image, a file) as a download.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url =
        web_sys::Url::create_object_url_with_blob(blob).map_err(|_| "cannot create file URL")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
