//! Files the user opened or dropped in this tab, served to adapters as `local:<name>` URLs.
//! They live in memory only: a reload forgets them (the Sources page says so).

use std::cell::RefCell;
use std::collections::BTreeMap;

use wasm_bindgen::JsCast;

thread_local! {
    static FILES: RefCell<BTreeMap<String, Vec<u8>>> = const { RefCell::new(BTreeMap::new()) };
}

pub fn put(name: &str, bytes: Vec<u8>) {
    FILES.with(|f| f.borrow_mut().insert(name.to_string(), bytes));
}

pub fn get(name: &str) -> Option<Vec<u8>> {
    FILES.with(|f| f.borrow().get(name).cloned())
}

/// Reads every file of a picker or drop as (name, bytes).
pub async fn read_all(list: web_sys::FileList) -> Vec<(String, Result<Vec<u8>, String>)> {
    let mut out = Vec::new();
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let name = file.name();
        let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buf) => match buf.dyn_into::<js_sys::ArrayBuffer>() {
                Ok(ab) => Ok(js_sys::Uint8Array::new(&ab).to_vec()),
                Err(_) => Err("not readable".to_string()),
            },
            Err(_) => Err(format!("{name} could not be read")),
        };
        out.push((name, bytes));
    }
    out
}
