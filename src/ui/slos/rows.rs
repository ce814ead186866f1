//! The SLO table's rows: an SLO with its figures (or why it has none), a group's head, a
//! definition still waiting for its source. Each is one line (`vrow`): in a virtualised table
//! every row is `ROW_H` high, so long text is cut with an ellipsis and whole in its title.
//! `at` is the row's place in the whole list (for `aria-rowindex`): it changes as SLOs arrive
//! above it without the row being rebuilt.

use leptos::prelude::*;

use super::table::COLUMN_COUNT;
use crate::core::chart::{format_percent, ValueFormat};
use crate::core::route::encode;
use crate::ui::exclusions::ExcludedBadge;
use crate::ui::state::use_ws;
use crate::ui::widgets::{status_class, StatusBadge};
use crate::workspace::attention::tier_marks;
use crate::workspace::export::alert_state;
use crate::workspace::slo_list::Group;
use crate::workspace::{LoadError, PendingSlo, SloEntry};

/// `aria-rowindex` of the row at `at` (the header row is 1).
fn row_index(at: Memo<Option<usize>>) -> impl Fn() -> Option<usize> + Send + Sync + 'static {
    move || at.try_get().flatten().map(|i| i + 2)
}

/// The cells after the name, spanned by a message.
const REST: usize = COLUMN_COUNT - 1;

/// A definition still waiting for its source: named, with what it waits for.
pub(super) fn pending_row(p: PendingSlo, at: Memo<Option<usize>>) -> AnyView {
    let text = format!("waiting for {}…", p.source);
    let title = text.clone();
    view! {
        <tr data-slo=p.name.clone() class="row-pending vrow" aria-busy="true" aria-rowindex=row_index(at)>
            <td>
                <a href=format!("#/slos/{}", encode(&p.name))>{p.name.clone()}</a>
            </td>
            <td colspan=REST class="muted" title=title>
                {text}
            </td>
        </tr>
    }
    .into_any()
}

pub(super) fn group_row(g: Group, at: Memo<Option<usize>>) -> AnyView {
    view! {
        <tr class="group-row vrow" data-group=g.name.clone() aria-rowindex=row_index(at)>
            <td colspan="6">
                <b>{g.name.clone()}</b>
                " · "
                {format!("{} of {} SLOs met", g.met, g.count)}
            </td>
            <td class="num">
                <b>{format_percent(g.sli)}</b>
            </td>
            <td colspan=REST - 6 class="muted">
                "event-weighted over the group's SLOs"
            </td>
        </tr>
    }
    .into_any()
}

/// The burn cells, coloured by the alert tier each burn crosses in its window.
fn burn_cells(entry: &SloEntry, burns: &[f64], now: i64) -> impl IntoView {
    burns
        .iter()
        .zip(tier_marks(entry, now))
        .map(|(b, tier)| {
            let (class, title) = match tier {
                Some(("page", f)) => ("num burn-page", format!("over the page tier's {f:.1}×")),
                Some((_, f)) => ("num burn-ticket", format!("over the ticket tier's {f:.1}×")),
                None => ("num", String::new()),
            };
            view! { <td class=class title=title>{ValueFormat::Multiple.format(*b)}</td> }
        })
        .collect_view()
}

/// The flags beside the status ("no data" is said once, by the status).
fn flags(entry: &SloEntry) -> impl IntoView {
    entry
        .flags
        .iter()
        .filter(|f| f.as_str() != "no_data")
        .map(|f| {
            let title = crate::core::slo::quality::explain(f);
            view! { <span class="badge muted flag" title=title>{f.replace('_', " ")}</span> }
        })
        .collect_view()
}

/// An SLO's row: its figures, or in their place why it has none. `now` is the state's.
pub(super) fn slo_row(entry: SloEntry, at: Memo<Option<usize>>, now: i64) -> AnyView {
    let ws = use_ws();
    let link = format!("#/slos/{}", encode(&entry.name));
    let name = view! {
        <td title=entry.name.clone()>
            <a href=link>{entry.name.clone()}</a>
            {entry
                .origin
                .starts_with("discovered")
                .then(|| {
                    view! { <span class="badge muted flag" title=entry.origin.clone()>"discovered"</span> }
                })}
            <ExcludedBadge entry=entry.clone() />
        </td>
    };
    let (slo, s) = match (&entry.slo, &entry.summary) {
        (Ok(slo), Some(s)) => (slo, s),
        _ => {
            let msg = match (&entry.slo, &entry.slices) {
                // Which source failed matters when several serve the list.
                (Ok(slo), Err(e @ LoadError::Source { .. })) => {
                    format!("Source {}: {e}", slo.source)
                }
                (Err(e), _) | (_, Err(e)) => e.to_string(),
                _ => "not computed".into(),
            };
            let title = msg.clone();
            return view! {
                <tr data-slo=entry.name.clone() class="row-error vrow" aria-rowindex=row_index(at)>
                    {name}
                    <td colspan=REST class="bad-text" title=title>
                        {msg}
                    </td>
                </tr>
            }
            .into_any();
        }
    };
    let alert = {
        let e = entry.clone();
        move || {
            let state = alert_state(&e, &ws.timeline.get().unwrap_or_default(), now);
            let cls = match state {
                "firing" => "badge bad",
                "pending" => "badge warn",
                _ => "muted",
            };
            view! { <span class=cls>{state}</span> }
        }
    };
    let rem = s.window.budget_remaining;
    let bar_class = format!("budget-bar {}", status_class(s.status));
    let width = format!("{}%", (rem.clamp(0.0, 1.0) * 100.0).round());
    // In words users know; exports keep the config's name (`bool_gauge`).
    let kind = match slo.sli_kind() {
        "bool_gauge" => "probe/uptime",
        k => k,
    };
    view! {
        <tr data-slo=entry.name.clone() class="vrow" aria-rowindex=row_index(at)>
            {name}
            <td title=slo.service.clone()>{slo.service.clone()}</td>
            <td title=slo.team.clone()>{slo.team.clone()}</td>
            <td class="num">{format_percent(slo.objective)}</td>
            <td>{slo.window.label()}</td>
            <td>{kind}</td>
            <td class="num">{format_percent(s.window.sli)}</td>
            <td class="num budget">
                {format_percent(rem)}<span class=bar_class>
                    <span style:width=width></span>
                </span>
            </td>
            {burn_cells(&entry, &s.burns, now)}
            <td class="alert-state">{alert}</td>
            <td>
                <StatusBadge status=s.status />
                {flags(&entry)}
            </td>
        </tr>
    }
    .into_any()
}
