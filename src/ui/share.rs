//! "Share": the link to exactly this view — section, item, filters, time range, refresh — with
//! "lock the time range" (a relative range becomes absolute times, so the link shows the same
//! data next week). Credential-like parameters never enter a link.

use leptos::prelude::*;

use super::state::use_ws;
use crate::core::route::to_hash;
use crate::core::share::{is_relative, lock_time_range, without_secrets};

/// The page's address without its fragment (keeps `?config=`, drops nothing else).
fn page_base() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

#[component]
pub fn ShareLink() -> impl IntoView {
    let ws = use_ws();
    let lock = RwSignal::new(false);
    let copied = RwSignal::new(None::<&'static str>);
    // Built while open only: on every page it is in the header, and closed it was still a
    // link computed on each route change and a monospace input whose font the first layout
    // looked up (five families on Linux, one IPC each).
    let open = RwSignal::new(false);
    let relative = move || ws.route.with(is_relative);
    let link = move || {
        let r = ws.route.get();
        // The workspace's "now": a recording's capture time (the demo), else the clock.
        let now = ws.now.get().map_or_else(crate::web::now_ms, |n| *n);
        let r = if lock.get() && is_relative(&r) {
            lock_time_range(&r, now)
        } else {
            without_secrets(&r)
        };
        format!("{}{}", page_base(), to_hash(&r))
    };
    let copy = move |_| {
        let text = link();
        let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
        match clipboard {
            Some(c) => {
                let promise = c.write_text(&text);
                leptos::task::spawn_local(async move {
                    let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                    copied.try_set(Some(if ok {
                        "Copied."
                    } else {
                        "The browser refused the clipboard here: select the link and copy it."
                    }));
                });
            }
            None => {
                copied.set(Some("Select the link and copy it."));
            }
        }
    };
    view! {
        <details
            class="share no-print"
            on:toggle=move |ev| {
                let el: web_sys::HtmlDetailsElement = event_target(&ev);
                open.set(el.open());
            }
        >
            <summary class="button" title="A link to exactly this view">
                "Share"
            </summary>
            <Show when=move || open.get()>
                <div class="share-panel" role="dialog" aria-label="Share this view">
                    <input
                        class="share-link"
                        readonly
                        aria-label="Link to this view"
                        prop:value=link
                        on:focus=move |ev| {
                            let el: web_sys::HtmlInputElement = event_target(&ev);
                            el.select();
                        }
                    />
                    <div class="share-actions">
                        <label title="A relative range (last 7 days) becomes fixed dates">
                            <input
                                type="checkbox"
                                name="lock"
                                prop:checked=lock
                                prop:disabled=move || !relative()
                                on:change=move |ev| lock.set(event_target_checked(&ev))
                            />
                            " Lock the time range"
                        </label>
                        <button class="button" on:click=copy>
                            "Copy link"
                        </button>
                    </div>
                    <p class="muted">
                        {move || copied.get().unwrap_or("Links carry the view, its filters and time range — never a credential.")}
                    </p>
                </div>
            </Show>
        </details>
    }
}
