//! The pure core: data model, SLO math, inventory joins, chart rendering, time and URL codecs.
//! Nothing in here touches the DOM or the network.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

pub mod badge;
pub mod chart;
pub mod config;
pub mod csv;
pub mod decimate;
pub mod delivery;
pub mod drift;
pub mod entity_table;
pub mod incidents;
pub mod inventory;
pub mod inventory_history;
pub mod model;
pub mod order;
pub mod report;
pub mod route;
pub mod rules;
pub mod samples;
pub mod selector;
pub mod share;
pub mod slo;
pub mod text;
pub mod time;
pub mod tz;
pub mod url;
pub mod version;
pub mod yaml;
