//! A chart's SVG as a PNG, drawn by the browser: the SVG becomes an image from a blob URL
//! (allowed by `img-src blob:`), is drawn on a canvas at twice its size for sharp text, and the
//! canvas is encoded as PNG. Nothing leaves the page.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why an SVG could not become a PNG.
#[derive(Clone, Debug, PartialEq)]
pub enum PngError {
    /// The browser refused the SVG as an image.
    Image,
    /// No canvas or 2D context.
    Canvas,
    /// The canvas could not be encoded.
    Encode,
}

impl std::fmt::Display for PngError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PngError::Image => "the browser could not read the chart as an image",
            PngError::Canvas => "no canvas to draw the chart on",
            PngError::Encode => "the chart could not be encoded as PNG",
        })
    }
}

impl std::error::Error for PngError {}

/// Resolves when the promise-like callback pair is called (`resolve` with the value).
async fn callback_promise(
    start: impl FnOnce(js_sys::Function, js_sys::Function),
) -> Result<JsValue, JsValue> {
    let mut start = Some(start);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(s) = start.take() {
            s(resolve, reject);
        }
    });
    JsFuture::from(promise).await
}

/// The PNG of `svg` at `scale` × its own size.
pub async fn svg_to_png(svg: &str, scale: f64) -> Result<web_sys::Blob, PngError> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(PngError::Canvas)?;
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| PngError::Image)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| PngError::Image)?;
    let img = web_sys::HtmlImageElement::new().map_err(|_| PngError::Image)?;
    let loaded = callback_promise(|resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
        img.set_src(&url);
    })
    .await;
    let _ = web_sys::Url::revoke_object_url(&url);
    loaded.map_err(|_| PngError::Image)?;
    let (w, h) = (img.natural_width(), img.natural_height());
    let canvas: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(PngError::Canvas)?;
    canvas.set_width((f64::from(w) * scale).round() as u32);
    canvas.set_height((f64::from(h) * scale).round() as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(PngError::Canvas)?;
    ctx.scale(scale, scale).map_err(|_| PngError::Canvas)?;
    ctx.draw_image_with_html_image_element(&img, 0.0, 0.0)
        .map_err(|_| PngError::Canvas)?;
    let encoded = callback_promise(|resolve, _| {
        let done = Closure::once_into_js(move |b: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &b);
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    })
    .await
    .map_err(|_| PngError::Encode)?;
    encoded.dyn_into().map_err(|_| PngError::Encode)
}
