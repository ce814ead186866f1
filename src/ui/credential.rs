//! Credentials for sources: keeping a typed token or password (in memory, for the tab's life
//! or on the device, bound to the source's origin), and the field every configured source
//! with an auth mode gets on the Sources page — config-file sources included.

use leptos::prelude::*;

use super::state::{use_ws, Workspace};
use crate::core::config::{AuthMode, SourceConfig};
use crate::web::storage::{self, SecretPersistence};

/// The "keep" choices of the forms, as their `<option>` values.
pub fn persistence(choice: &str) -> SecretPersistence {
    match choice {
        "session" => SecretPersistence::Session,
        "local" => SecretPersistence::Local,
        _ => SecretPersistence::Memory,
    }
}

/// Keeps (or, with an empty value, forgets) the credential of `source`, bound to its origin.
pub fn keep_secret(ws: Workspace, source: &SourceConfig, value: &str, choice: &str) {
    let loader = ws.loader();
    if value.is_empty() {
        loader.set_secret(source, None);
        storage::forget_secret(&source.name);
        return;
    }
    loader.set_secret(source, Some(value.to_string()));
    match loader.origin_of(source) {
        Some(origin) => storage::store_secret(&source.name, &origin, value, persistence(choice)),
        None => storage::forget_secret(&source.name),
    }
}

/// The "keep the secret" choices.
#[component]
pub fn KeepChoice(keep: RwSignal<String>) -> impl IntoView {
    view! {
        <select name="keep" aria-label="Keep the secret" prop:value=keep on:change=move |ev| keep.set(event_target_value(&ev))>
            <option value="memory">"in memory only (default)"</option>
            <option value="session">"until the tab closes"</option>
            <option value="local">"on this device"</option>
        </select>
    }
}

/// Type, keep or forget the credential of one source; `changed` runs after (a new test).
#[component]
pub fn CredentialField(
    source: SourceConfig,
    changed: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ws = use_ws();
    let (value, keep) = (
        RwSignal::new(String::new()),
        RwSignal::new("memory".to_string()),
    );
    let what = if source.auth.mode == AuthMode::Basic {
        "password"
    } else {
        "token"
    };
    let origin = ws
        .loader()
        .origin_of(&source)
        .unwrap_or_else(|| source.url.clone());
    let src = StoredValue::new(source);
    let save = {
        let changed = changed.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let v = value.get_untracked();
            if v.is_empty() {
                return;
            }
            keep_secret(ws, &src.get_value(), &v, &keep.get_untracked());
            value.set(String::new());
            ws.reload();
            changed();
        }
    };
    let forget = move |_| {
        keep_secret(ws, &src.get_value(), "", "memory");
        ws.reload();
        changed();
    };
    view! {
        <form class="credential toolbar" on:submit=save>
            <input
                type="password"
                name="credential"
                autocomplete="off"
                placeholder=what
                title=format!("The {what} is sent only to {origin}")
                aria-label=format!("{what} for {origin}")
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <KeepChoice keep=keep />
            <button class="button" type="submit">"Save"</button>
            <button class="button" type="button" on:click=forget>"Forget"</button>
        </form>
    }
}
