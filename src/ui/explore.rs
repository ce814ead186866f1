//! Explore: type PromQL against any metrics source, pick a range, see the chart and a table.
//! The query, source and range live in the URL, so an exploration can be shared.

use std::sync::Arc;

use leptos::prelude::*;

use super::chart::TimeChartView;
use super::state::use_ws;
use super::widgets::{ErrorBox, Loading, Notices, PageHeader};
use crate::core::chart::{ChartSeries, TimeChart, ValueFormat};
use crate::core::decimate;
use crate::core::model::{Notice, Series};
use crate::core::time::parse_rfc3339;
use crate::core::time::{format_datetime, nice_step, parse_duration};
use crate::sources::{registry, Request};
use crate::workspace::job::series_of;
use crate::workspace::LoadError;

const RANGES: [&str; 7] = ["1h", "6h", "1d", "7d", "30d", "90d", "1y"];

/// Each series is reduced (M4) to a column per pixel of the chart's width before it reaches
/// the chart, and at least this many: a million samples were otherwise copied, compared and
/// decimated again by the chart on every render.
const MIN_COLUMNS: usize = 512;
/// The chart's width when the page cannot say.
const DEFAULT_WIDTH: u32 = 1000;

/// What the URL asks for, validated.
#[derive(Clone, Debug, PartialEq)]
struct Ask {
    source: String,
    query: String,
    start_ms: i64,
    end_ms: i64,
    step_ms: i64,
}

/// Why Explore shows no result: the inputs, or the source.
#[derive(Clone, Debug)]
enum Failure {
    Input(String),
    Load(LoadError),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Input(e) => f.write_str(e),
            Failure::Load(e) => e.fmt(f),
        }
    }
}

fn end_of(text: &str) -> Result<i64, String> {
    match text.trim() {
        "" | "now" => Ok(crate::web::now_ms()),
        t => parse_rfc3339(t)
            .or_else(|| t.parse::<i64>().ok())
            .ok_or_else(|| {
                format!("end \"{t}\" is not \"now\", an RFC 3339 time or Unix milliseconds")
            }),
    }
}

#[component]
pub fn Explore() -> impl IntoView {
    let ws = use_ws();
    let metric_sources = Memo::new(move |_| {
        registry::sources_that(&ws.config.get().sources, |c| c.metrics)
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    });
    let param = move |k: &str| ws.route.with(|r| r.param(k).map(str::to_string));
    // The editor keeps its own text until Run, so typing does not refetch.
    let draft = RwSignal::new(param("q").unwrap_or_default());
    let source = move || {
        param("source")
            .or_else(|| metric_sources.get().first().cloned())
            .unwrap_or_default()
    };
    let range = move || param("range").unwrap_or_else(|| "1h".into());
    let end = move || param("end").unwrap_or_else(|| "now".into());
    let set = move |k: &str, v: String| ws.replace(ws.route.get_untracked().with(k, &v));
    let run = move || set("q", draft.get_untracked());
    let ask = Memo::new(move |_| -> Option<Result<Ask, String>> {
        let query = param("q").filter(|q| !q.trim().is_empty())?;
        Some((|| {
            let span = parse_duration(&range())?;
            let end_ms = end_of(&end())?;
            Ok(Ask {
                source: source(),
                query,
                start_ms: end_ms - span,
                end_ms,
                step_ms: nice_step(span, 300),
            })
        })())
    });
    let result = LocalResource::new(move || {
        let a = ask.get();
        let (cfg, loader) = (ws.config.get_untracked(), ws.loader());
        async move {
            let a = a?.map_err(|e| (String::new(), Failure::Input(e)));
            let a = match a {
                Ok(a) => a,
                Err(e) => return Some(Err(e)),
            };
            let req = Request::Range {
                query: a.query.clone(),
                start_ms: a.start_ms,
                end_ms: a.end_ms,
                step_ms: a.step_ms,
            };
            Some(
                match series_of(&a.source, loader.job(&cfg).fresh(&a.source, &req).await) {
                    Ok((series, notices)) => Ok(Arc::new(answer(a, series, notices).await)),
                    Err(e) => Err((a.source, Failure::Load(e))),
                },
            )
        }
    });
    view! {
        <PageHeader title="Explore" subtitle="Ask any metrics source a PromQL question" />
        <form
            class="card explore-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                run();
            }
        >
            <div class="toolbar">
                <select
                    aria-label="Source"
                    prop:value=source
                    on:change=move |ev| set("source", event_target_value(&ev))
                >
                    {move || {
                        metric_sources
                            .get()
                            .into_iter()
                            .map(|s| {
                                let chosen = s == source();
                                view! { <option value=s.clone() selected=chosen>{s.clone()}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <select
                    aria-label="Range"
                    prop:value=range
                    on:change=move |ev| set("range", event_target_value(&ev))
                >
                    {RANGES
                        .iter()
                        .map(|r| view! { <option value=*r>{format!("last {r}")}</option> })
                        .collect_view()}
                </select>
                <input
                    aria-label="End"
                    placeholder="now"
                    title="End of the range: now, an RFC 3339 time or Unix ms"
                    prop:value=end
                    on:change=move |ev| set("end", event_target_value(&ev))
                />
                <button class="button primary" type="submit">
                    "Run"
                </button>
            </div>
            <textarea
                aria-label="PromQL"
                class="promql"
                rows="3"
                placeholder="sum by (job) (rate(http_requests_total[5m]))"
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        run();
                    }
                }
            ></textarea>
            <p class="hint">
                "Ctrl+Enter runs the query. Long ranges are split into several requests automatically."
            </p>
        </form>
        <Transition fallback=|| {
            view! { <Loading what="query" /> }
        }>
            {move || Suspend::new(async move {
                match result.await {
                    None => view! { <p class="muted">"Type a query and press Run."</p> }.into_any(),
                    Some(Err((source, e))) => {
                        view! {
                            <ErrorBox
                                title=if source.is_empty() {
                                    "The query cannot run".to_string()
                                } else {
                                    format!("Source {source} failed")
                                }
                                message=e.to_string()
                            />
                        }
                            .into_any()
                    }
                    Some(Ok(answer)) => view! { <ExploreResult answer=answer /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// An answer as Explore shows it: a table row per series (from every sample) and the chart's
/// series, reduced to its resolution.
struct Answer {
    ask: Ask,
    /// The chart's width in CSS pixels.
    width: u32,
    /// (series, last value, samples)
    rows: Vec<(String, String, usize)>,
    chart: Vec<ChartSeries>,
    notices: Vec<Notice>,
}

/// Samples reduced between two pauses (a few milliseconds each).
const REDUCED_PER_PIECE: usize = 200_000;

/// The rows and chart series of `series`. Each series is reduced (M4) to columns narrower than
/// the chart's gap threshold, pausing between pieces, so that a million samples are neither
/// reduced nor drawn in one long task.
async fn answer(ask: Ask, series: Vec<Series>, notices: Vec<Notice>) -> Answer {
    // What the load did before is a task of its own.
    crate::web::fetch::sleep(0).await;
    let rows = series
        .iter()
        .map(|s| {
            let last = s
                .samples
                .last()
                .map(|x| ValueFormat::Number.format(x.v))
                .unwrap_or_else(|| "no data".into());
            (s.display_name("__name__"), last, s.samples.len())
        })
        .collect();
    let (start_ms, end_ms) = (ask.start_ms, ask.end_ms);
    let gap_ms = ask.step_ms * 3 / 2;
    let width = chart_width().unwrap_or(DEFAULT_WIDTH);
    let columns = (width as usize).max(MIN_COLUMNS);
    let columns = decimate::columns_within_gap(start_ms, end_ms, gap_ms, columns);
    let pixels = crate::core::chart::Columns::of_chart(width, start_ms, end_ms);
    let mut chart = Vec::with_capacity(series.len());
    let mut since_pause = 0;
    for (i, s) in series.into_iter().enumerate() {
        since_pause += s.samples.len();
        chart.push(ChartSeries {
            name: s.display_name(""),
            samples: decimate::m4_owned_within(s.samples, (start_ms, end_ms), columns, |t| {
                pixels.at(t)
            }),
            color: i,
        });
        if since_pause >= REDUCED_PER_PIECE {
            since_pause = 0;
            crate::web::fetch::sleep(0).await;
        }
    }
    crate::web::fetch::sleep(0).await;
    Answer {
        ask,
        width,
        rows,
        chart,
        notices,
    }
}

/// The width the chart will be drawn at: its card and the form's share their padding and
/// column, so the form's toolbar spans it. The series are reduced to its columns, and the
/// chart is drawn at it in the task that mounts it (`sized`): drawn once its first layout
/// reported, 50 series made that frame a long one (Explore 86 → 105–110 ms).
fn chart_width() -> Option<u32> {
    let toolbar = web_sys::window()?
        .document()?
        .query_selector(".explore-form .toolbar")
        .ok()??;
    u32::try_from(toolbar.client_width())
        .ok()
        .filter(|w| *w > 0)
}

#[component]
fn ExploreResult(answer: Arc<Answer>) -> impl IntoView {
    let ws = use_ws();
    let (ask, count) = (answer.ask.clone(), answer.rows.len());
    let (start_ms, end_ms) = (ask.start_ms, ask.end_ms);
    let gap_ms = ask.step_ms * 3 / 2;
    let (shown, width) = (answer.clone(), answer.width);
    // The chart in a task of its own (drawing 50 series in the task that builds the page made
    // it the longest of the load), and the table once the chart is painted: laying out its
    // rows of long series names was half of the frame that showed the chart.
    let (drawn, listed) = (RwSignal::new(false), RwSignal::new(false));
    leptos::task::spawn_local(async move {
        crate::web::fetch::sleep(0).await;
        drawn.try_set(true);
        crate::web::history::after_paint().await;
        listed.try_set(true);
    });
    let chart = Signal::derive(move || TimeChart {
        series: shown.chart.clone(),
        thresholds: vec![],
        start_ms,
        end_ms,
        width,
        height: 300,
        format: ValueFormat::Number,
        theme: ws.theme.get(),
        gap_ms: Some(gap_ms),
        include_zero: false,
        bands: vec![],
        clamp_max: None,
    });
    view! {
        <Notices notices=answer.notices.clone() />
        <p class="as-of">
            {format!(
                "{count} series · {} to {} · step {}",
                format_datetime(start_ms),
                format_datetime(end_ms),
                crate::core::time::format_duration(ask.step_ms),
            )}
        </p>
        <Show
            when=move || drawn.get()
            fallback=|| {
                view! {
                    <figure class="chart-card">
                        <figcaption>
                            <span>"Result"</span>
                        </figcaption>
                        <div class="chart-frame" style:height="300px">
                            <super::chart::ChartLoading />
                        </div>
                    </figure>
                }
            }
        >
            <TimeChartView chart=chart title="Result" sized=true />
        </Show>
        <Show when=move || listed.get()>
            <SeriesTable rows=answer.rows.clone() />
        </Show>
    }
}

/// A row per series: its name, last value and number of samples.
#[component]
fn SeriesTable(rows: Vec<(String, String, usize)>) -> impl IntoView {
    view! {
        <div class="card table-wrap">
            <table class="table" id="explore-table">
                <thead>
                    <tr>
                        <th>"Series"</th>
                        <th class="num">"Last value"</th>
                        <th class="num">"Samples"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(n, v, c)| {
                            view! {
                                <tr>
                                    <td class="mono">{n}</td>
                                    <td class="num">{v}</td>
                                    <td class="num">{c}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
