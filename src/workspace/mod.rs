//! The workspace layer: everything between a [`Config`](crate::core::config::Config) and what
//! the views show. Given a config, a [`Fetcher`](crate::sources::Fetcher) and a [`Runtime`]
//! (clock and timers), it loads the SLO state, the timeline (alerts, incidents), the
//! inventory, its history and the CI/delivery runs through the adapters — with the answer
//! cache, the secrets typed for sources, per-source request limits, retries, cancellation
//! and progress it owns — and builds the exports from them as pure functions.
//!
//! Imports `core` and `sources` only; compiled and tested natively, against the real test
//! Prometheus too. The UI holds Leptos resources that call it and renders what it returns.

pub mod attention;
mod cache_key;
pub mod definitions;
pub mod delivery;
pub mod error;
pub mod export;
pub mod fleet;
pub mod history;
pub mod job;
pub mod lane;
pub mod limit;
pub mod loader;
pub mod overview;
mod release;
pub mod report;
pub mod report_export;
mod report_rollup;
pub mod report_text;
pub mod slo_feed;
pub mod slo_groups;
pub mod slo_list;
pub mod slos;

#[cfg(test)]
mod feed_tests;
#[cfg(test)]
mod loader_tests;
#[cfg(test)]
mod pure_tests;

pub use error::{LoadError, SourceIssue};
pub use fleet::{Inventory, Runs, Timeline};
pub use job::Job;
pub use lane::Lane;
pub use loader::{Loader, Runtime};
pub use slo_feed::{load_slos, PendingSlo, SloLoad};
pub use slos::{SloEntry, SloState};
