//! Chart components: a plotters SVG with an HTML legend that toggles series, a hover read-out
//! and drag-to-zoom (double-click or "Reset zoom" to return); each with an SVG/PNG menu.

use std::collections::BTreeSet;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::chart_export::ChartExport;
use crate::core::chart::{
    legend_html, legend_item_state, render_bars, render_timeseries, series_css, BarChart, Rendered,
    TimeChart,
};
use crate::core::time::format_datetime;

/// The rendered width of a chart's element in CSS pixels (0 until laid out), kept current as
/// it changes: charts draw at it so their text stays at its designed size, and draw nothing
/// before it is known. Measured by a ResizeObserver, which reports after layout and before
/// the paint (reading `clientWidth` on mount forced a synchronous layout of the page being
/// built: 23 ms of the demo's longest start-up task). It observes from the element's creation
/// (`use:measure`), so the first report comes in the frame that first lays the chart out and
/// the chart is drawn once, at its width, before that frame's paint: drawn at a default width
/// first, the Overview's charts were shown squeezed (760 px into 484) and drawn again a few
/// frames later.
#[derive(Clone, Copy)]
struct Width {
    px: RwSignal<u32>,
    observer: StoredValue<Option<crate::web::resize::SizeObserver>, LocalStorage>,
}

impl Width {
    fn new() -> Width {
        let w = Width {
            px: RwSignal::new(0),
            observer: StoredValue::new_local(None),
        };
        on_cleanup(move || {
            w.observer.try_set_value(None);
        });
        w
    }
}

/// The directive behind [`Width`]: observes `el` from now on.
fn measure(el: leptos::tachys::renderer::types::Element, w: Width) {
    // try_*: a last size may arrive after the chart was removed.
    let on_size = move |px: f64, _| {
        let px = px.round().max(0.0) as u32;
        if px > 0 && w.px.try_get_untracked().is_some_and(|cur| cur != px) {
            w.px.try_set(px);
        }
    };
    let observer = crate::web::resize::SizeObserver::new(&el, on_size);
    w.observer.try_set_value(Some(observer));
}

/// "Loading…" over a chart's frame, where the chart will be (it keeps the frame's size).
#[component]
pub fn ChartLoading() -> impl IntoView {
    view! { <div class="chart-loading" role="status">"Loading…"</div> }
}

/// Maps a mouse event to the x coordinate of the SVG (its drawing units).
fn svg_x(ev: &web_sys::MouseEvent, width: f64) -> Option<f64> {
    let el: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
    let r = el.get_bounding_client_rect();
    (r.width() > 0.0).then(|| (ev.client_x() as f64 - r.left()) / r.width() * width)
}

/// Series a legend lays out with the chart; a longer one follows a frame later.
const LEGEND_AT_ONCE: usize = 12;

/// Shared hover time: charts under one provider show their crosshairs together.
#[derive(Clone, Copy)]
pub struct HoverTime(pub RwSignal<Option<i64>>);

#[component]
pub fn TimeChartView(
    #[prop(into)] chart: Signal<TimeChart>,
    #[prop(into, optional)] title: String,
    /// The chart's `width` is the width it will be laid out at (the caller measured it): it is
    /// drawn at once, in the task that mounts it, rather than once its first layout reports.
    #[prop(optional)]
    sized: bool,
    /// While true, "Loading…" stands in for the chart, which is mounted already: its width is
    /// measured while the data is on its way, and the data is drawn at once when it arrives.
    #[prop(into, optional)]
    loading: Signal<bool>,
) -> impl IntoView {
    // Callers pass derived signals, computed again on every read (the Overview's traffic chart
    // summed every SLO's series once for each of the three reads below): computed once per
    // change here, and an answer that leaves the chart equal redraws nothing.
    let chart = Memo::new(move |_| chart.get());
    let hidden = RwSignal::new(BTreeSet::<usize>::new());
    let zoom = RwSignal::new(None::<(i64, i64)>);
    let hover = use_context::<HoverTime>()
        .map(|h| h.0)
        .unwrap_or_else(|| RwSignal::new(None::<i64>));
    let drag = RwSignal::new(None::<(f64, f64)>);
    let width = Width::new();
    // The chart as drawn: hidden series removed, zoom applied. A Memo: read by the SVG, the
    // read-out and the mouse handlers.
    let shown = Memo::new(move |_| {
        let mut c = chart.get();
        let w = width.px.get();
        if w > 0 {
            c.width = w;
        }
        let h = hidden.get();
        c.series = c
            .series
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !h.contains(i))
            .map(|(_, s)| s)
            .collect();
        if let Some((a, b)) = zoom.get() {
            c.start_ms = a;
            c.end_ms = b;
        }
        c
    });
    let rendered: Memo<Rendered> = Memo::new(move |_| {
        if loading.get() || (width.px.get() == 0 && !sized) {
            return Rendered::default();
        }
        render_timeseries(&shown.get())
    });
    // The SVG text once per drawing (the plot area is read on its own: a mouse move copied
    // the whole SVG to read four numbers, and the export menu copied it on every check).
    let svg = Memo::new(move |_| rendered.with(|r| r.svg.clone()));
    // A long legend (Explore's 50 series of long names) is laid out in the frame after the
    // chart's first drawing: in the chart's own frame it was 7 of the 26 ms from the answer to
    // the painted lines. Below it, nothing is shown yet then (Explore's table also follows).
    let legend_now = RwSignal::new(chart.with_untracked(|c| c.series.len() <= LEGEND_AT_ONCE));
    Effect::new(move |_| {
        if !legend_now.get_untracked() && svg.with(|s| !s.is_empty()) {
            leptos::task::spawn_local(async move {
                crate::web::history::after_paint().await;
                legend_now.try_set(true);
            });
        }
    });
    // Until it is drawn, the chart holds its height.
    let held = move || match svg.with(String::is_empty) {
        true => format!("{}px", chart.with(|c| c.height)),
        false => String::new(),
    };
    let to_time = move |x: f64| {
        let c = shown.get_untracked();
        let p = rendered.with_untracked(|r| r.plot);
        let f = ((x - p.left) / p.width).clamp(0.0, 1.0);
        c.start_ms + (f * (c.end_ms - c.start_ms) as f64) as i64
    };
    let on_move = move |ev: web_sys::MouseEvent| {
        let width = shown.get_untracked().width as f64;
        if let Some(x) = svg_x(&ev, width) {
            let p = rendered.with_untracked(|r| r.plot);
            hover.set((x >= p.left && x <= p.left + p.width).then(|| to_time(x)));
            drag.update(|d| {
                if let Some((_, cur)) = d {
                    *cur = x;
                }
            });
        }
    };
    let on_down = move |ev: web_sys::MouseEvent| {
        if let Some(x) = svg_x(&ev, shown.get_untracked().width as f64) {
            drag.set(Some((x, x)));
        }
    };
    let on_up = move |_| {
        if let Some((a, b)) = drag.get_untracked() {
            if (a - b).abs() > 8.0 {
                let (t0, t1) = (to_time(a.min(b)), to_time(a.max(b)));
                zoom.set(Some((t0, t1)));
            }
        }
        drag.set(None);
    };
    let pct = move |x: f64| format!("{:.3}%", x / shown.get().width as f64 * 100.0);
    let readout = move || {
        let t = hover.get()?;
        let c = shown.get();
        let rows: Vec<(String, String, String)> = chart
            .get()
            .series
            .iter()
            .enumerate()
            .filter(|(i, _)| !hidden.get().contains(i))
            .map(|(_, s)| {
                let nearest = s.samples.iter().min_by_key(|x| (x.t_ms - t).abs());
                let v = nearest
                    .filter(|x| (x.t_ms - t).abs() <= (c.end_ms - c.start_ms) / 50 + 1)
                    .map(|x| c.format.format(x.v))
                    .unwrap_or_else(|| "no data".into());
                (series_css(c.theme, s.color), s.name.clone(), v)
            })
            .collect();
        let p = rendered.with(|r| r.plot);
        let x = p.left + (t - c.start_ms) as f64 / (c.end_ms - c.start_ms).max(1) as f64 * p.width;
        let right = x > c.width as f64 * 0.6;
        Some(view! {
            <div class="crosshair" style:left=pct(x)></div>
            <div
                class=if right { "readout left" } else { "readout" }
                style:left=pct(x)
            >
                <div class="readout-time">{format_datetime(t)}</div>
                {rows
                    .into_iter()
                    .map(|(color, name, v)| {
                        view! {
                            <div>
                                <span class="swatch" style:background=color></span>
                                {name}
                                ": "
                                <b>{v}</b>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        })
    };
    let selection = move || {
        drag.get()
            .filter(|(a, b)| (a - b).abs() > 8.0)
            .map(|(a, b)| {
                view! {
                    <div
                        class="zoom-selection"
                        style:left=pct(a.min(b))
                        style:width=pct((a - b).abs())
                    ></div>
                }
            })
    };
    let menu_title = title.clone();
    view! {
        <figure class="chart-card">
            <figcaption>
                <span>{title}</span>
                <Show when=move || zoom.get().is_some()>
                    <button class="link" on:click=move |_| zoom.set(None)>
                        "Reset zoom"
                    </button>
                </Show>
                <ChartExport svg=svg title=menu_title />
            </figcaption>
            <div
                class="chart"
                use:measure=width
                style:min-height=held
                // The plot area in SVG pixels (left top width height), for tests and embedders.
                data-plot=move || {
                    let p = rendered.with(|r| r.plot);
                    format!("{} {} {} {}", p.left, p.top, p.width, p.height)
                }
                on:mousemove=on_move
                on:mousedown=on_down
                on:mouseup=on_up
                on:dblclick=move |_| zoom.set(None)
                on:mouseleave=move |_| {
                    hover.set(None);
                    drag.set(None);
                }
            >
                <div class="chart-svg" inner_html=move || svg.get()></div>
                <Show when=move || loading.get()>
                    <ChartLoading />
                </Show>
                {readout}
                {selection}
            </div>
            // Markup, one click handler for all of it (`core::chart::legend_html`).
            <div
                class="legend"
                inner_html=move || {
                    let legend = || chart.with(|c| legend_html(c.theme, &c.series, &hidden.get_untracked()));
                    legend_now.get().then(legend)
                }
                on:click=move |ev| toggle_series(&ev, hidden)
            ></div>
        </figure>
    }
}

/// A click in a legend: the series of the button it fell on is hidden or shown again, and the
/// button says so.
fn toggle_series(ev: &web_sys::MouseEvent, hidden: RwSignal<BTreeSet<usize>>) {
    let button = (ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok()))
    .and_then(|el| el.closest("button[data-i]").ok().flatten());
    let Some(button) = button else {
        return;
    };
    let Some(i) = button.get_attribute("data-i").and_then(|v| v.parse().ok()) else {
        return;
    };
    let mut shown = false;
    hidden.update(|h| {
        shown = h.remove(&i);
        if !shown {
            h.insert(i);
        }
    });
    let (class, pressed) = legend_item_state(shown);
    let _ = button.set_attribute("class", class);
    let _ = button.set_attribute("aria-pressed", pressed);
}

#[component]
pub fn BarChartView(
    #[prop(into)] chart: Signal<BarChart>,
    #[prop(into, optional)] title: String,
    #[prop(optional)] legend: Vec<(usize, String)>,
    /// While true, a loading placeholder stands in for the chart (never "no data" before
    /// the data had a chance to arrive).
    #[prop(into, optional)]
    loading: Signal<bool>,
) -> impl IntoView {
    // Computed once per change (see `TimeChartView`): read by the drawing and the theme.
    let chart = Memo::new(move |_| chart.get());
    let width = Width::new();
    let svg = Memo::new(move |_| {
        let mut c = chart.get();
        match width.px.get() {
            0 => String::new(),
            w => {
                c.width = w;
                render_bars(&c).svg
            }
        }
    });
    let theme = move || chart.with(|c| c.theme);
    let menu_title = title.clone();
    view! {
        <figure class="chart-card">
            <figcaption>
                <span>{title}</span>
                <ChartExport svg=svg title=menu_title />
            </figcaption>
            <div class="chart-frame">
                <div class="chart-svg" use:measure=width inner_html=move || svg.get()></div>
                // Over the chart, which keeps its size (and its measured width) underneath.
                <Show when=move || loading.get()>
                    <ChartLoading />
                </Show>
            </div>
            <div class="legend">
                {legend
                    .into_iter()
                    .map(|(i, name)| {
                        view! {
                            <span class="legend-item static">
                                <span
                                    class="swatch"
                                    style:background=move || series_css(theme(), i)
                                ></span>
                                {name}
                            </span>
                        }
                    })
                    .collect_view()}
            </div>
        </figure>
    }
}
