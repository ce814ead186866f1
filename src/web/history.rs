//! The route's parameters written to the address bar once the frame that shows them is on
//! screen, once per frame: a keystroke in a search box or a facet click should not wait for
//! `history.replaceState` (about 1 ms each, and browsers throttle many calls in a row), nor its
//! frame's way to the screen (see [`after_shown`]).

use std::cell::{Cell, RefCell};

/// A write waiting for the next paint: the hash to write, and the address bar's hash when it
/// was asked for (a navigation since then wins over it).
struct Pending {
    from: String,
    to: String,
}

thread_local! {
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
    /// Whether a frame of the page was painted (as far as `first_paint` knows).
    static PAINTED: Cell<bool> = const { Cell::new(false) };
}

fn location_hash() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

/// Replaces the address bar's hash with `hash` (no history entry) once the next frame is on
/// screen; later calls before then replace the value written.
pub fn replace_hash_when_shown(hash: String) {
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
            after_shown().await;
            write();
        });
    }
}

/// Resolves once the next frame is painted and has had time to reach the screen. A frame
/// painted on the page's side is still to be rastered and composited; in headless Chromium that
/// is done in software on the same cores, and ended 16-47 ms after the page's work for a facet
/// click at 10,000 entities (Event Timing). What an interaction leaves for later (the rows out
/// of view, the facets' counts, the address bar) started at the paint competed with it: its
/// Event Timing read 4-5 ms longer on average (interleaved, 90 clicks each), up to 56 ms.
pub async fn after_shown() {
    after_paint().await;
    super::fetch::sleep(SHOWN_MS).await;
}

/// How long [`after_shown`] gives a painted frame to reach the screen (ms).
const SHOWN_MS: i64 = 40;

/// Resolves once the next frame is painted.
pub async fn after_paint() {
    next_frame().await;
    // A timer set from the frame's callbacks fires once that frame is painted.
    super::fetch::sleep(1).await;
}

/// Resolves once the page's first contentful paint is on screen: at once if it was, or if the
/// page is hidden (a tab opened in the background paints nothing until it is shown). A frame
/// painted on the page's side can reach the screen frames later on a busy machine, and what is
/// asked for meanwhile competes with it (the shell, 520 KB, in 2 of 5 cold opens of one bench
/// run); it is waited for up to 10 frames.
pub async fn first_paint() {
    let hidden = || (web_sys::window().and_then(|w| w.document())).is_some_and(|d| d.hidden());
    let shown = || {
        (web_sys::window().and_then(|w| w.performance()))
            .is_some_and(|p| p.get_entries_by_name("first-contentful-paint").length() > 0)
    };
    if PAINTED.get() || hidden() {
        return;
    }
    after_paint().await;
    for _ in 0..10 {
        if shown() || hidden() {
            break;
        }
        after_paint().await;
    }
    PAINTED.set(true);
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
