//! localStorage / sessionStorage access that never panics (private modes, iframes with
//! storage blocked): failures read as "nothing stored".

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

pub fn set(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}

/// Where a source's secret is kept, as the user chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretPersistence {
    /// Default: gone on reload.
    Memory,
    Session,
    Local,
}

pub fn secret_key(source: &str) -> String {
    format!("headroom.secret.{source}")
}

/// A kept secret with the origin (`scheme://host:port`) it was typed for.
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptSecret {
    origin: String,
    value: String,
}

/// The kept secret of `source`: (origin it was typed for, value, where it is kept). Secrets
/// stored without an origin (older versions) are not returned: the user types them again.
pub fn load_secret(source: &str) -> Option<(String, String, SecretPersistence)> {
    let key = secret_key(source);
    let read = |s: Option<web_sys::Storage>| {
        s.and_then(|s| s.get_item(&key).ok().flatten())
            .and_then(|v| serde_json::from_str::<KeptSecret>(&v).ok())
    };
    if let Some(k) = read(session()) {
        return Some((k.origin, k.value, SecretPersistence::Session));
    }
    read(local()).map(|k| (k.origin, k.value, SecretPersistence::Local))
}

/// Keeps `value` for `source` bound to `origin` where the user chose (removing it elsewhere).
pub fn store_secret(source: &str, origin: &str, value: &str, how: SecretPersistence) {
    let key = secret_key(source);
    for s in [session(), local()].into_iter().flatten() {
        let _ = s.remove_item(&key);
    }
    let target = match how {
        SecretPersistence::Memory => None,
        SecretPersistence::Session => session(),
        SecretPersistence::Local => local(),
    };
    let kept = KeptSecret {
        origin: origin.to_string(),
        value: value.to_string(),
    };
    if let (Some(s), Ok(text)) = (target, serde_json::to_string(&kept)) {
        let _ = s.set_item(&key, &text);
    }
}

/// Removes every kept secret from session and local storage.
pub fn forget_all_secrets() {
    let prefix = secret_key("");
    for s in [session(), local()].into_iter().flatten() {
        let keys: Vec<String> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(&prefix))
            .collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }
}

pub fn forget_secret(source: &str) {
    store_secret(source, "", "", SecretPersistence::Memory);
}

const SOURCES_KEY: &str = "headroom.sources";

/// Sources the user added in this browser (never with secrets).
pub fn browser_sources() -> Vec<crate::core::config::SourceConfig> {
    get(SOURCES_KEY)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

pub fn save_browser_sources(list: &[crate::core::config::SourceConfig]) {
    set(
        SOURCES_KEY,
        &serde_json::to_string(list).unwrap_or_default(),
    );
}
