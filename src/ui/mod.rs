//! The Leptos UI: thin components wiring signals and resources to the pure core.

mod app;
mod boot;
mod chart;
mod chart_export;
mod credential;
mod delivery;
mod embed;
mod embed_badge;
mod embed_height;
mod embed_panels;
mod entity_table;
mod exclusions;
mod explore;
mod inventory;
mod inventory_history;
mod open_files;
mod overview;
mod pages;
mod report_view;
mod reports;
mod service_page;
mod share;
mod slo_charts;
mod slo_detail;
mod slo_editor;
mod slo_panels;
mod slo_waiting;
mod slos;
mod source_form;
mod sources;
mod state;
mod virtual_rows;
mod widgets;

/// Installs the panic panel, then mounts the app on `<body>`.
pub fn start() {
    crate::web::panic::install();
    leptos::mount::mount_to_body(app::App);
}
