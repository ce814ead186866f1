//! The pure core: data model, SLO math, inventory joins, chart rendering, time and URL codecs.
//! Nothing in here touches the DOM or the network.

pub mod chart;
pub mod config;
pub mod decimate;
pub mod inventory;
pub mod model;
pub mod route;
pub mod slo;
pub mod time;
