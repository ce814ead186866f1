//! The app: boots the workspace config (`boot.rs`) under a boot screen (the main Wasm module,
//! all the first paint downloads), then renders the shell, a module of its own (`pages.rs`):
//! the top bar, navigation and the routed section — or, for `#/embed/…` routes, one panel alone
//! (`embed.rs`). In a frame, kiosk mode and embeds post their height to the host page.

use std::rc::Rc;

use futures::FutureExt;
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

use super::boot::{load_config, merge_browser_sources, Boot, BrokenConfig, ConfirmConfig};
use super::pages::{deferred, Loaded, Part};
use super::state::{apply_theme, current_route, initial_theme, use_ws, Workspace};
use super::widgets::{Later, Loading};
use crate::core::chart::Theme;
use crate::core::config::Config;
use crate::core::route::View;
use crate::workspace::Loader;

#[component]
pub fn App() -> impl IntoView {
    // A plain signal, not a resource under <Suspense>: the shell must not sit inside a
    // Suspense boundary, or every resource a page reads outside its own <Suspense> would hold
    // the whole app on "Loading workspace…" until it resolves (and hide paging progress).
    let loaded = RwSignal::new(None::<Boot>);
    // The boot screen in the theme the shell will show (a dark page must not flash light while
    // the shell downloads).
    apply_theme(initial_theme(), false);
    let loader = Rc::new(Loader::new(
        Rc::new(crate::web::fetch::BrowserFetcher),
        Rc::new(crate::web::runtime::BrowserRuntime),
        crate::web::base_url(),
    ));
    // Everything but this boot screen is in other modules (`pages.rs`), asked for once it is
    // painted, while the config is read (the page's first script asked for it already): the
    // shell, and the pages' module when a link opens on one of them. A tab opened in the
    // background paints nothing: the shell is then asked for when the config is in.
    leptos::task::spawn_local(async {
        crate::web::history::first_paint().await;
        super::pages::prefetch(current_route().view);
        let _ = preload_shell().await;
    });
    let boot = loader.clone();
    leptos::task::spawn_local(async move {
        let booted = load_config(&boot).await;
        // The shell is asked for once the boot screen is painted, also when the config (asked
        // for by the page's first script) is read before the first frame: it was then part of
        // the first paint's download (740 KB against 216 in one bench run).
        crate::web::history::first_paint().await;
        // Reading a config of 500 SLOs and building the page on it are a task each.
        crate::web::fetch::sleep(0).await;
        loaded.set(Some(booted));
    });
    let loader = StoredValue::new_local(loader);
    move || match loaded.get() {
        None => boot_screen().into_any(),
        // The shell is a module of its own, downloading since the first paint.
        Some(Boot::Ready(cfg, url)) => {
            let loader = loader.get_value();
            deferred(
                &SHELL,
                Box::new(|| Box::pin(preload_shell())),
                Box::new(move || shell(cfg.clone(), url.clone(), loader.clone()).now_or_never()),
            )
        }
        Some(Boot::Ask(ask)) => {
            let load = move |mut cfg: Config, url: String| {
                merge_browser_sources(&mut cfg, &loader.get_value());
                loaded.set(Some(Boot::Ready(cfg, url)));
            };
            view! { <ConfirmConfig ask=ask load=load /> }.into_any()
        }
        Some(Boot::Failed(f)) => view! { <BrokenConfig failure=f /> }.into_any(),
    }
}

/// The shell: the top bar and the routed page (the Overview's code in it), embeds, the
/// workspace's signals and every load (the sources' adapters, the SLO math, the charts). A
/// split point: the first paint (the boot screen above) downloads none of it.
#[wasm_split(shell, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_shell))]
fn shell(config: Config, url: String, loader: Rc<Loader>) -> Loaded {
    Ok(view! { <Shell config=config url=url loader=loader /> }.into_any())
}

/// "Loading workspace…" on its own: until the config is read, and until the shell is built.
fn boot_screen() -> impl IntoView {
    view! {
        <div class="boot">
            <Loading what="workspace" />
        </div>
    }
}

const SHELL: Part = Part {
    loading: "workspace",
    failed: "Headroom could not be downloaded completely",
    why: "Its code comes in parts, fetched as they are needed, and a request failed: the \
          network may be down, or Headroom was updated on the server since this tab opened it \
          (reloading the tab then helps).",
    class: Some("boot"),
};

/// Renders `f` under a fresh child owner that lives as long as the returned view.
fn scoped<V: IntoView + 'static>(f: impl FnOnce() -> V) -> impl IntoView {
    let owner = Owner::current()
        .expect("pages render inside the app's owner")
        .child();
    let view = owner.with(f);
    leptos::tachys::reactive_graph::OwnedView::new_with_owner(view, owner)
}

#[component]
fn Shell(config: Config, url: String, loader: Rc<Loader>) -> impl IntoView {
    let demo = config.demo;
    let title = config.title.clone().unwrap_or_else(|| "Headroom".into());
    let ws = Workspace::new(config, url, loader);
    provide_context(ws);
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = current_route();
        // A new page starts at its top (filters and ranges, in the parameters, do not scroll).
        if ws.route.with_untracked(|r| r.view != next.view) {
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
        ws.route.set(next)
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| apply_theme(ws.theme.get(), false));
    // Auto-refresh (`refresh=1m` in the URL, as in Grafana): reload every interval.
    let timer = StoredValue::new(None::<IntervalHandle>);
    Effect::new(move |_| {
        let every = ws.route.with(|r| {
            r.param("refresh")
                .and_then(|p| crate::core::time::parse_duration(p).ok())
        });
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(every.filter(|ms| *ms >= 5_000).and_then(|ms| {
            set_interval_with_handle(
                move || ws.reload(),
                std::time::Duration::from_millis(ms as u64),
            )
            .ok()
        }));
    });
    let kiosk = crate::web::page_query("kiosk").is_some();
    // Embeds replace the whole shell; a memo of the embed alone, so the shell is not rebuilt
    // on every route change.
    let embed = Memo::new(move |_| {
        ws.route.with(|r| match &r.view {
            View::Embed(e) => Some(e.clone()),
            _ => None,
        })
    });
    // The boot screen stays one task more: the SLO load (an effect, first run once this build
    // is done) sends its first requests before the top bar is built, and they travel meanwhile.
    let title = StoredValue::new(title);
    view! {
        <Later fallback=boot_screen>
            {move || match embed.get() {
                Some(e) => {
                    scoped(move || view! { <super::embed::EmbedPage embed=e /> }).into_any()
                }
                None => view! { <Chrome title=title.get_value() demo kiosk /> }.into_any(),
            }}
        </Later>
    }
}

/// The top bar, the demo banner and the routed page.
#[component]
fn Chrome(title: String, demo: bool, kiosk: bool) -> impl IntoView {
    let ws = use_ws();
    // The page shown, apart from its parameters: a filter, sort or query changes the route, not
    // the page, and must not rebuild it (each page reads the parameters it uses).
    let page = Memo::new(move |_| ws.route.with(|r| r.view.clone()));
    let root = NodeRef::<leptos::html::Div>::new();
    // Kiosk pages are framed by portals too: tell the host how tall they are.
    if kiosk {
        super::embed_height::post_height(root);
    }
    // Pointing at a link (or focusing it) starts its page's download.
    let nav = move |href: &'static str, section: &'static str, label: &'static str| {
        let prefetch = move || super::pages::prefetch(crate::core::route::parse_hash(href).view);
        view! {
            <a
                href=href
                class:active=move || page.with(|v| v.section() == section)
                on:pointerenter=move |_| prefetch()
                on:focus=move |_| prefetch()
            >
                {label}
            </a>
        }
    };
    let toggle_theme = move |_| {
        let next = if ws.theme.get_untracked() == Theme::Dark {
            Theme::Light
        } else {
            Theme::Dark
        };
        ws.theme.set(next);
        apply_theme(next, true);
    };
    view! {
        <div class="app" class:kiosk=kiosk node_ref=root>
            <header class="topbar">
                <a class="brand" href="#/">
                    <span class="logo" aria-hidden="true"></span>
                    "Headroom"
                </a>
                <nav class="nav" aria-label="Sections">
                    {nav("#/", "overview", "Overview")}
                    {nav("#/slos", "slos", "SLOs")}
                    {nav("#/inventory", "inventory", "Inventory")}
                    {nav("#/delivery", "delivery", "Delivery")}
                    {nav("#/reports", "reports", "Reports")}
                    {nav("#/explore", "explore", "Explore")}
                    {nav("#/sources", "sources", "Sources")}
                </nav>
                <span class="workspace-title">{title}</span>
                <super::share::ShareLink />
                <button class="icon-button" title="Reload all data" on:click=move |_| ws.reload()>
                    "↻"
                </button>
                <button
                    class="icon-button"
                    id="theme-toggle"
                    title="Toggle light/dark theme"
                    on:click=toggle_theme
                >
                    {move || if ws.theme.get() == Theme::Dark { "☀" } else { "☾" }}
                </button>
            </header>
            <Show when=move || demo>
                <div class="demo-banner">
                    "You are looking at the bundled demo workspace: recorded data, with the capture time as “now”. Point Headroom at your own endpoints with a headroom.json next to index.html — see the README."
                </div>
            </Show>
            <main id="main">
                // The page is built a task after the bar above it, once the workspace's loads
                // have sent their first requests (`state.rs`): on a cold open of the demo the
                // first one went out 170 ms after its config arrived, behind the page's build
                // (mostly Wasm compiled on first call), and the bar and the page were one task.
                <super::widgets::Later>
                    // Each page gets its own reactive owner, so contexts a page provides (shared
                    // hover, form state) end with it and never leak into the next page.
                    {move || scoped(move || match page.get() {
                        View::Overview => view! { <super::overview::Overview /> }.into_any(),
                        View::Slos => view! { <super::slos::SloList /> }.into_any(),
                        // Shown by `Shell` instead of this chrome.
                        View::Embed(_) => ().into_any(),
                        View::NotFound(p) if p == "/__panic" => {
                            panic!("diagnostic panic requested through #/__panic")
                        }
                        View::NotFound(p) => {
                            view! {
                                <div class="error-box" role="alert">
                                    <strong>"No such page"</strong>
                                    <p>{format!("Nothing lives at #{p}. Use the navigation above.")}</p>
                                </div>
                            }
                                .into_any()
                        }
                        // Every other page is a Wasm module of its own (`pages.rs`).
                        other => super::pages::page(other),
                    })}
                </super::widgets::Later>
            </main>
        </div>
    }
}
