//! The line every SLO view shows while some SLOs still wait for their source: how many are
//! loaded and which sources are being waited for. Nothing once the load is complete.

use leptos::prelude::*;

use super::state::use_ws;
use crate::workspace::slo_feed::waiting_text;

#[component]
pub fn SloWaiting() -> impl IntoView {
    let ws = use_ws();
    let text = Memo::new(move |_| {
        ws.slos.with(|d| match d {
            None => Some("Reading the SLO definitions…".to_string()),
            Some(d) => waiting_text(d),
        })
    });
    move || {
        text.get().map(|t| {
            view! {
                <div class="loading slo-waiting" role="status" aria-busy="true">
                    {t}
                </div>
            }
        })
    }
}
