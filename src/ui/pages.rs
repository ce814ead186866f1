//! The pages that are not in the shell, split out of it, and the loading of split modules.
//!
//! The build is cut (`tools/csp/split.mjs`) at `wasm_split` points into: the main module (the
//! boot screen and the config's reading: what paints the first frame); the shell (`app.rs`: the
//! top bar, the Overview, the SLO list, embeds and every load); the pages below, one module
//! together; and the reader that says where a config fails (`boot.rs`). Code that modules share
//! is in chunks that load with the first one that needs them.
//!
//! Nothing but the main module is downloaded before the first paint. Right after it, the shell
//! is asked for, and so is the pages' module when a link opens on one of them; otherwise the
//! pages' module comes when a link to one is pointed at, focused or followed. Once in, a page
//! opens at once. A failed download (the network, a stale deploy) shows a message where the
//! view would be, with a button that tries again (`deferred`); nothing else stops working.

use futures::future::LocalBoxFuture;
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

// The pages' module. The Overview and the SLO list are the shell's (`app.rs`): the two pages
// people land on open with the shell alone.
split_page!(pages, slo(name: String) => view! { <super::slo_detail::SloDetail name=name /> }, preload_slo);
split_page!(pages, slo_editor() => view! { <super::slo_editor::SloEditor /> }, preload_slo_editor);
split_page!(pages, reports() => view! { <super::reports::ReportsPage /> }, preload_reports);
split_page!(pages, inventory() => view! { <super::inventory::InventoryPage /> }, preload_inventory);
split_page!(pages, service(name: String) => view! { <super::service_page::ServicePage name=name /> }, preload_service);
split_page!(pages, delivery() => view! { <super::delivery::DeliveryPage /> }, preload_delivery);
split_page!(pages, explore() => view! { <super::explore::Explore /> }, preload_explore);
split_page!(pages, sources() => view! { <super::sources::SourcesPage /> }, preload_sources);

/// A page outside the shell: "Loading this page…" until the pages' module is in (built at once
/// once it is).
pub fn page(view: View) -> AnyView {
    let target = view.clone();
    deferred(
        &PAGE,
        Box::new(move || Box::pin(preload(target.clone()))),
        Box::new(move || build(&view).now_or_never()),
    )
}

/// What a deferred view says while its module downloads, and if the download fails.
pub struct Part {
    /// "Loading {loading}…"
    pub loading: &'static str,
    pub failed: &'static str,
    pub why: &'static str,
    /// The class of a `<div>` around the loading and failed states (the boot screen's).
    pub class: Option<&'static str>,
}

const PAGE: Part = Part {
    loading: "this page",
    failed: "This page could not be downloaded",
    why: "Its code is fetched the first time the page is opened, and the request failed: the \
          network may be down, or Headroom was updated on the server since this tab opened it \
          (reloading the tab then helps). Everything else keeps working.",
    class: None,
};

/// Downloads (and instantiates) a split module: `Err` when the download failed.
pub type Preload = Box<dyn Fn() -> LocalBoxFuture<'static, Result<(), SplitLoaderError>>>;
/// Builds the view once its module is in (`None` if it is not, after all).
pub type Build = Box<dyn Fn() -> Option<Loaded>>;

/// A view whose code is in a split module: `part.loading` until the module is in (built at once
/// if it already is), then built synchronously under the caller's owner; a failed download
/// shows `part.failed` with a button that tries again.
pub fn deferred(part: &'static Part, preload: Preload, build: Build) -> AnyView {
    // Whether the module is in: `None` while it downloads.
    let loaded = RwSignal::new(None::<bool>);
    let attempt = RwSignal::new(0u32);
    let (preload, build) = (
        StoredValue::new_local(preload),
        StoredValue::new_local(build),
    );
    let load = move || {
        let Some(mut download) = preload.try_with_value(|p| p()) else {
            return;
        };
        // A module already in answers at once: the view is built in this pass, with no
        // "Loading…" flash when it is opened again.
        match (&mut download).now_or_never() {
            Some(result) => loaded.set(Some(result.is_ok())),
            None => {
                loaded.set(None);
                leptos::task::spawn_local(async move {
                    let ok = download.await.is_ok();
                    // The view may have been left before its module came in.
                    loaded.try_set(Some(ok));
                });
            }
        }
    };
    load();
    // "Try again" after a failed download.
    Effect::watch(move || attempt.get(), move |_, _, _| load(), false);
    let framed = move |state: AnyView| match part.class {
        Some(class) => view! { <div class=class>{state}</div> }.into_any(),
        None => state,
    };
    (move || match loaded.get() {
        None => framed(view! { <Loading what=part.loading /> }.into_any()),
        // Loaded, the split function's future is ready at its first poll: the view is built
        // here, synchronously, under the caller's owner.
        Some(true) => match build.try_with_value(|b| b()).flatten() {
            Some(Ok(view)) => view,
            _ => framed(failed(part, attempt).into_any()),
        },
        Some(false) => framed(failed(part, attempt).into_any()),
    })
    .into_any()
}

/// Starts downloading `view`'s page module (nothing for the shell's views), without
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
        View::Slo(_) => preload_slo().await,
        View::SloEditor => preload_slo_editor().await,
        View::Reports => preload_reports().await,
        View::Inventory => preload_inventory().await,
        View::Service(_) => preload_service().await,
        View::Delivery => preload_delivery().await,
        View::Explore => preload_explore().await,
        View::Sources => preload_sources().await,
        View::Overview | View::Slos | View::Embed(_) | View::NotFound(_) => Ok(()),
    }
}

/// `view`'s page, built by its module.
async fn build(view: &View) -> Loaded {
    match view.clone() {
        View::Slo(name) => slo(name).await,
        View::SloEditor => slo_editor().await,
        View::Inventory => inventory().await,
        View::Service(name) => service(name).await,
        View::Reports => reports().await,
        View::Delivery => delivery().await,
        View::Explore => explore().await,
        View::Sources => sources().await,
        // Drawn by the shell (`app.rs`), never asked for here.
        View::Overview | View::Slos | View::Embed(_) | View::NotFound(_) => Ok(().into_any()),
    }
}

pub type Loaded = Result<AnyView, SplitLoaderError>;

fn failed(part: &'static Part, attempt: RwSignal<u32>) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <strong>{part.failed}</strong>
            <p>{part.why}</p>
            <button class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                "Try again"
            </button>
        </div>
    }
}
