//! The pure core: data model, SLO math, inventory joins, chart rendering, time and URL codecs.
//! Nothing in here touches the DOM or the network.

pub mod chart;
pub mod config;
pub mod csv;
pub mod decimate;
pub mod delivery;
pub mod entity_table;
pub mod incidents;
pub mod inventory;
pub mod inventory_history;
pub mod model;
pub mod report;
pub mod route;
pub mod rules;
pub mod samples;
pub mod selector;
pub mod slo;
pub mod time;
pub mod tz;
pub mod url;
