//! Browser glue used by the UI: fetch with timeouts, storage, downloads, the panic panel.
//! The only place besides `ui` that touches web APIs.

pub mod download;
pub mod fetch;
pub mod files;
pub mod history;
pub mod panic;
pub mod png;
pub mod resize;
pub mod rows;
pub mod runtime;
pub mod storage;

/// The page's directory URL (`https://host/tools/headroom/`), against which relative source
/// URLs resolve. Works at any sub-path without a rebuild.
pub fn base_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let without = href.split(['#', '?']).next().unwrap_or("").to_string();
    match without.rfind('/') {
        Some(i) => without[..=i].to_string(),
        None => without,
    }
}

/// The value of a query-string parameter of the page URL (before the fragment).
pub fn page_query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (crate::core::route::decode(k) == name).then(|| crate::core::route::decode(v))
    })
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
