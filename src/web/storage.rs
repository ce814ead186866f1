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

pub fn load_secret(source: &str) -> Option<(String, SecretPersistence)> {
    let key = secret_key(source);
    if let Some(v) = session().and_then(|s| s.get_item(&key).ok().flatten()) {
        return Some((v, SecretPersistence::Session));
    }
    local().and_then(|s| s.get_item(&key).ok().flatten()).map(|v| (v, SecretPersistence::Local))
}

pub fn store_secret(source: &str, value: &str, how: SecretPersistence) {
    let key = secret_key(source);
    for s in [session(), local()].into_iter().flatten() {
        let _ = s.remove_item(&key);
    }
    let target = match how {
        SecretPersistence::Memory => None,
        SecretPersistence::Session => session(),
        SecretPersistence::Local => local(),
    };
    if let Some(s) = target {
        let _ = s.set_item(&key, value);
    }
}
