//! Tells the page that embeds Headroom in an iframe how tall its content is, so the host can
//! size the frame: `postMessage({type: "headroom:height", height}, "*")` to `window.parent`
//! whenever the observed element changes size (a ResizeObserver: data arriving, charts
//! measuring their width, the frame being resized). Nothing is posted outside a frame.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// The message type hosts listen for.
pub const MESSAGE_TYPE: &str = "headroom:height";

/// The window that frames this one, if any.
fn parent_frame() -> Option<web_sys::Window> {
    let me = web_sys::window()?;
    let parent = me.parent().ok().flatten()?;
    // `window.parent === window` at the top level.
    (JsValue::from(&parent) != JsValue::from(&me)).then_some(parent)
}

/// Posts `height` (whole CSS pixels) to the framing page.
fn post(parent: &web_sys::Window, height: i32) {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &MESSAGE_TYPE.into());
    let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
    // Target origin "*": any page may frame Headroom (its operator restricts that with
    // `frame-ancestors`), and the message carries nothing but a number of pixels.
    let _ = parent.post_message(&msg, "*");
}

/// Observes `node` while it is mounted and posts its `scrollHeight` to the parent frame each
/// time it changes. Does nothing when the page is not in a frame.
pub fn post_height<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let Some(parent) = parent_frame() else {
        return;
    };
    let observer = StoredValue::new_local(None::<crate::web::resize::SizeObserver>);
    Effect::new(move |_| {
        let Some(el) = node.get() else {
            return;
        };
        let Ok(el) = el.dyn_into::<web_sys::Element>() else {
            return;
        };
        let target = el.clone();
        let parent = parent.clone();
        let last = std::cell::Cell::new(-1);
        // Fires once after layout with the current size, then on every change.
        let on_size = move |_, _| {
            let height = target.scroll_height();
            // The observer also fires for width-only changes: post only what is new.
            if height != last.replace(height) {
                post(&parent, height);
            }
        };
        observer.set_value(Some(crate::web::resize::SizeObserver::new(&el, on_size)));
    });
    on_cleanup(move || {
        observer.try_set_value(None);
    });
}
