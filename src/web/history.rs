//! The route's parameters written to the address bar after the frame that shows them is
//! painted, once per frame: a keystroke in a search box or a facet click should not wait for
//! `history.replaceState` (about 1 ms each, and browsers throttle many calls in a row).

use std::cell::RefCell;

/// A write waiting for the next paint: the hash to write, and the address bar's hash when it
/// was asked for (a navigation since then wins over it).
struct Pending {
    from: String,
    to: String,
}

thread_local! {
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
}

fn location_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// Replaces the address bar's hash with `hash` (no history entry) after the next paint; later
/// calls before then replace the value written.
pub fn replace_hash_after_paint(hash: String) {
    let first = PENDING.with_borrow_mut(|p| match p {
        Some(p) => {
            p.to = hash;
            false
        }
        None => {
            let from = location_hash().unwrap_or_default();
            *p = Some(Pending { from, to: hash });
            true
        }
    });
    if first {
        wasm_bindgen_futures::spawn_local(async {
            after_paint().await;
            write();
        });
    }
}

/// Resolves once the next frame is painted.
pub async fn after_paint() {
    next_frame().await;
    // A timer set from the frame's callbacks fires once that frame is painted.
    super::fetch::sleep(1).await;
}

/// Resolves in the next frame's animation callbacks.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn write() {
    let Some(p) = PENDING.with_borrow_mut(Option::take) else {
        return;
    };
    // The user followed a link (or went back) meanwhile: that address stands.
    if location_hash().unwrap_or_default() != p.from {
        return;
    }
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&p.to));
    }
}
