//! Headroom: reliability (SLOs, error budgets, burn rates) and platform inventory, computed in
//! the browser from the user's own endpoints.
//!
//! `core`, `sources` and `workspace` know no browser and are unit-tested natively with `cargo test`;
//! `ui` (Leptos components) and `web` (fetch, storage) exist only in the Wasm build.

pub mod core;
pub mod sources;
pub mod workspace;

#[cfg(test)]
mod test_support;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
