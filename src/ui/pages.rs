//! The pages other than the Overview, split out of the main Wasm module.
//!
//! The first paint needs the Overview only, so the rest of the UI is not downloaded before it:
//! each page is a split point (`wasm_split`), in one of three modules (reliability, platform,
//! tools) that `tools/csp/split.mjs` cuts out of the build. A module is downloaded and
//! instantiated when the app opens on one of its pages, when a link to one is pointed at, or
//! when one is opened; code that modules share is in chunks that load with the first that needs
//! them. Once in, a page opens at once. A failed download (the network, a stale deploy) shows a
//! message where the page would be, with a button that tries again; nothing else stops working.

use futures::FutureExt;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use super::widgets::Loading;
use crate::core::route::View;

/// A page's split point: `$name(args)` builds the page inside `$group`'s module, and
/// `$preload()` downloads that module (each split function has a loader of its own: the page is
/// built at once only after its own `$preload`). `fallible`: a failed download is an `Err`, not
/// a panic (which would abort the whole Wasm).
macro_rules! split_page {
    ($group:ident, $name:ident($($arg:ident: $ty:ty),*) => $page:expr, $preload:ident) => {
        #[wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        fn $name($($arg: $ty),*) -> Loaded {
            Ok($page.into_any())
        }
    };
}

// The modules' members: post_build.mjs preloads them by route (keep its table in step).
split_page!(reliability, slos() => view! { <super::slos::SloList /> }, preload_slos);
split_page!(reliability, slo(name: String) => view! { <super::slo_detail::SloDetail name=name /> }, preload_slo);
split_page!(reliability, slo_editor() => view! { <super::slo_editor::SloEditor /> }, preload_slo_editor);
split_page!(reliability, reports() => view! { <super::reports::ReportsPage /> }, preload_reports);
split_page!(platform, inventory() => view! { <super::inventory::InventoryPage /> }, preload_inventory);
split_page!(platform, service(name: String) => view! { <super::service_page::ServicePage name=name /> }, preload_service);
split_page!(platform, delivery() => view! { <super::delivery::DeliveryPage /> }, preload_delivery);
split_page!(tools, explore() => view! { <super::explore::Explore /> }, preload_explore);
split_page!(tools, sources() => view! { <super::sources::SourcesPage /> }, preload_sources);

/// A page other than the Overview: "Loading…" until its module is in (at once once it is).
pub fn page(view: View) -> AnyView {
    // Whether the module is in: `None` while it downloads.
    let loaded = RwSignal::new(None::<bool>);
    let attempt = RwSignal::new(0u32);
    let target = view.clone();
    let load = move || {
        let mut download = Box::pin(preload(target.clone()));
        // A module already in answers at once: the page is built in this pass, with no
        // "Loading…" flash when it is opened again.
        match (&mut download).now_or_never() {
            Some(result) => loaded.set(Some(result.is_ok())),
            None => {
                loaded.set(None);
                leptos::task::spawn_local(async move {
                    let ok = download.await.is_ok();
                    // The page may have been left before its module came in.
                    loaded.try_set(Some(ok));
                });
            }
        }
    };
    load();
    // "Try again" after a failed download.
    Effect::watch(move || attempt.get(), move |_, _, _| load(), false);
    (move || match loaded.get() {
        None => view! { <Loading what="this page" /> }.into_any(),
        // Loaded, the split function's future is ready at its first poll: the page is built
        // here, synchronously, under the page's own owner like every other page.
        Some(true) => match build(&view).now_or_never() {
            Some(Ok(page)) => page,
            _ => failed(attempt).into_any(),
        },
        Some(false) => failed(attempt).into_any(),
    })
    .into_any()
}

/// Starts downloading `view`'s page module (nothing for the main module's views), without
/// building the page; a page opened later finds it in, or on its way.
pub fn prefetch(view: View) {
    leptos::task::spawn_local(async move {
        // A failure shows when the page is opened, with its retry.
        let _ = preload(view).await;
    });
}

/// Downloads and instantiates the module of `view`'s page (and the chunks it needs), through
/// that page's own loader.
async fn preload(view: View) -> Result<(), SplitLoaderError> {
    match view {
        View::Slos => preload_slos().await,
        View::Slo(_) => preload_slo().await,
        View::SloEditor => preload_slo_editor().await,
        View::Reports => preload_reports().await,
        View::Inventory => preload_inventory().await,
        View::Service(_) => preload_service().await,
        View::Delivery => preload_delivery().await,
        View::Explore => preload_explore().await,
        View::Sources => preload_sources().await,
        View::Overview | View::Embed(_) | View::NotFound(_) => Ok(()),
    }
}

/// `view`'s page, built by its module.
async fn build(view: &View) -> Loaded {
    match view.clone() {
        View::Slos => slos().await,
        View::Slo(name) => slo(name).await,
        View::SloEditor => slo_editor().await,
        View::Inventory => inventory().await,
        View::Service(name) => service(name).await,
        View::Reports => reports().await,
        View::Delivery => delivery().await,
        View::Explore => explore().await,
        View::Sources => sources().await,
        // Drawn by the main module (`app.rs`), never asked for here.
        View::Overview | View::Embed(_) | View::NotFound(_) => Ok(().into_any()),
    }
}

type Loaded = Result<AnyView, SplitLoaderError>;

fn failed(attempt: RwSignal<u32>) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <strong>"This page could not be downloaded"</strong>
            <p>
                "Its code is fetched the first time the page is opened, and the request failed: \
                 the network may be down, or Headroom was updated on the server since this tab \
                 opened it (reloading the tab then helps). Everything else keeps working."
            </p>
            <button class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                "Try again"
            </button>
        </div>
    }
}
