//! The browser's ResizeObserver: an element's size, delivered after layout and without forcing
//! one (reading `clientWidth` while the page is being built forces a synchronous layout of
//! everything above it). Disconnects when dropped.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    // Bound here: web-sys would need a feature for it.
    type ResizeObserver;
    #[wasm_bindgen(constructor)]
    fn new(callback: &js_sys::Function) -> ResizeObserver;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);
}

/// Observes one element; `on_size(width, height)` (CSS pixels of its content box) runs once
/// after the next layout, then on every change.
pub struct SizeObserver {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

/// A number property of a JS object (0 when absent).
fn number(of: &JsValue, key: &str) -> f64 {
    js_sys::Reflect::get(of, &key.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

impl SizeObserver {
    pub fn new(el: &web_sys::Element, mut on_size: impl FnMut(f64, f64) + 'static) -> Self {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // One entry per observed element; the newest size is the last.
            let last = entries.get(entries.length().saturating_sub(1));
            let rect = js_sys::Reflect::get(&last, &"contentRect".into()).unwrap_or_default();
            on_size(number(&rect, "width"), number(&rect, "height"));
        });
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref());
        observer.observe(el);
        SizeObserver {
            observer,
            _callback: callback,
        }
    }
}

impl Drop for SizeObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
