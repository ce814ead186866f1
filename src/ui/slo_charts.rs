//! The SLO page's charts: SLI per slice, burn-down with the ideal line and the rolling budget,
//! burn rate with the alert-tier thresholds and shading, and event rates; all follow the page's
//! range preset and share one crosshair. Each chart is also shown alone (`SloChartView`) by the
//! single-panel embeds.

use leptos::prelude::*;

use super::chart::TimeChartView;
use super::state::use_ws;
use crate::core::chart::{format_percent, ChartSeries, Theme, Threshold, TimeChart, ValueFormat};
use crate::core::slo::exclusions::Exclusion;
use crate::core::slo::{alert_tiers, burndown, rolling_budget, tier_history, Slices, Slo, Window};
use crate::core::time::{format_duration, DAY_MS, HOUR_MS};

/// A locked range in the preset's place: `abs:<from ms>:<to ms>` (from a shared link).
pub(super) const ABSOLUTE: &str = "abs:";

fn absolute(preset: &str) -> Option<(i64, i64)> {
    let (from, to) = preset.strip_prefix(ABSOLUTE)?.split_once(':')?;
    let (from, to) = (from.parse().ok()?, to.parse().ok()?);
    (from < to).then_some((from, to))
}

/// The detail page's chosen time range (a preset name, or [`ABSOLUTE`] times).
#[derive(Clone, Copy)]
pub(super) struct RangePreset(pub(super) RwSignal<String>);

fn chart(
    series: Vec<ChartSeries>,
    thresholds: Vec<Threshold>,
    format: ValueFormat,
    range: (i64, i64),
    theme: Theme,
) -> TimeChart {
    TimeChart {
        series,
        thresholds,
        start_ms: range.0,
        end_ms: range.1,
        width: 640,
        height: 230,
        format,
        theme,
        include_zero: matches!(format, ValueFormat::Rate | ValueFormat::Multiple),
        ..Default::default()
    }
}

/// One of the SLO page's charts (the page shows all four; an embed shows one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SloChart {
    Sli,
    Budget,
    Burn,
    Events,
}

impl SloChart {
    fn title(self) -> &'static str {
        match self {
            SloChart::Sli => "SLI per day against the objective",
            SloChart::Budget => "Error budget left",
            SloChart::Burn => {
                "Burn rate, 1-hour lookback (shaded: when an alert tier would have fired)"
            }
            SloChart::Events => "Events per second",
        }
    }
}

/// Palette index of the shading of excluded windows.
const EXCLUDED_COLOR: usize = 7;

/// Shades the excluded windows and names each in the legend ("excluded: <name>").
fn shade(mut c: TimeChart, excluded: &[Exclusion]) -> TimeChart {
    for x in excluded {
        c.bands.push((x.from_ms, x.to_ms, EXCLUDED_COLOR));
        c.series.push(ChartSeries {
            name: format!("excluded: {}", x.name),
            samples: vec![],
            color: EXCLUDED_COLOR,
        });
    }
    c
}

#[component]
pub(super) fn Charts(
    slo: Memo<Slo>,
    slices: StoredValue<Slices>,
    now_ms: i64,
    /// Exclusion windows removed from these slices (shaded).
    #[prop(optional)]
    excluded: Vec<Exclusion>,
) -> impl IntoView {
    view! {
        <div class="grid-halves">
            {[SloChart::Sli, SloChart::Budget, SloChart::Burn, SloChart::Events]
                .into_iter()
                .map(|kind| {
                    let excluded = excluded.clone();
                    view! { <SloChartView kind slo slices now_ms excluded /> }
                })
                .collect_view()}
        </div>
    }
}

/// The time range the SLO page's charts show: the range preset in context (`RangePreset`),
/// never starting before the data loaded from `loaded_ms`; they follow it without refetching.
pub(super) fn use_range(slo: Memo<Slo>, loaded_ms: i64, now_ms: i64) -> Memo<(i64, i64)> {
    let preset = expect_context::<RangePreset>();
    Memo::new(move |_| {
        let preset = preset.0.try_get();
        if let Some((from, to)) = preset.as_deref().and_then(absolute) {
            return (from, to);
        }
        let span = match preset.as_deref() {
            Some("window") => Some(slo.get().window.bounds(now_ms).0),
            Some(unit @ ("month" | "quarter")) => Some(crate::core::slo::period_start(
                unit,
                &crate::core::tz::Zone::utc(),
                now_ms,
            )),
            Some(p) => crate::core::time::parse_duration(p)
                .ok()
                .map(|d| now_ms - d),
            None => None,
        };
        (span.unwrap_or(loaded_ms).max(loaded_ms), now_ms)
    })
}

/// One chart of an SLO, following the range preset in context (`RangePreset`).
#[component]
pub(super) fn SloChartView(
    kind: SloChart,
    slo: Memo<Slo>,
    slices: StoredValue<Slices>,
    now_ms: i64,
    /// Exclusion windows removed from these slices (shaded).
    #[prop(optional)]
    excluded: Vec<Exclusion>,
) -> impl IntoView {
    let ws = use_ws();
    let loaded = now_ms - slices.with_value(|s| s.total.len() as i64 * s.slice_ms);
    let history = use_range(slo, loaded, now_ms);
    let spec = Signal::derive(move || {
        let (slo, range, theme) = (slo.get(), history.get(), ws.theme.get());
        let c = match kind {
            SloChart::Sli => sli_chart(&slo, slices, range, theme),
            SloChart::Budget => budget_chart(&slo, slices, now_ms, range, theme),
            SloChart::Burn => burn_chart(&slo, slices, now_ms, range, theme),
            SloChart::Events => events_chart(slices, range, theme),
        };
        shade(c, &excluded)
    });
    view! { <TimeChartView chart=spec title=kind.title() /> }
}

fn sli_chart(slo: &Slo, slices: StoredValue<Slices>, range: (i64, i64), theme: Theme) -> TimeChart {
    let o = slo.objective;
    let samples = slices.with_value(|s| s.sli_series(DAY_MS));
    chart(
        vec![ChartSeries {
            name: "SLI per day".into(),
            samples,
            color: 0,
        }],
        vec![Threshold {
            value: o,
            label: format!("objective {}", format_percent(o)),
        }],
        ValueFormat::Percent,
        range,
        theme,
    )
}

fn budget_chart(
    slo: &Slo,
    slices: StoredValue<Slices>,
    now_ms: i64,
    range: (i64, i64),
    theme: Theme,
) -> TimeChart {
    let (start, _) = slo.window.bounds(now_ms);
    let period = slo.window_ms(now_ms);
    // The tiles' "budget left", and nothing else, so the line ends where the tile does: a
    // rolling window's at every point of the history (each over the window before it), a
    // calendar window's since its period began. (The rolling history counts events, so other
    // methods show their figure since the window began.)
    let rolling = matches!(slo.window, Window::Rolling(_))
        && slo.method == crate::core::slo::Method::Occurrences;
    let series = if rolling {
        ChartSeries {
            name: format!("budget left over the {} before", format_duration(period)),
            samples: slices.with_value(|s| rolling_budget(s, period, slo.objective)),
            color: 0,
        }
    } else {
        let since = crate::core::time::format_date(start);
        ChartSeries {
            name: format!("budget left since {since}"),
            samples: slices.with_value(|s| burndown(slo.method, s, start, now_ms, slo.objective)),
            color: 2,
        }
    };
    chart(
        vec![series],
        vec![Threshold {
            value: 0.0,
            label: "exhausted".into(),
        }],
        ValueFormat::Percent,
        // A calendar period is drawn to its end, so the part still to come shows.
        (range.0, range.1.max(start + period)),
        theme,
    )
}

fn burn_chart(
    slo: &Slo,
    slices: StoredValue<Slices>,
    now_ms: i64,
    range: (i64, i64),
    theme: Theme,
) -> TimeChart {
    let tiers = slices.with_value(|s| alert_tiers(slo, s, now_ms));
    let samples = slices.with_value(|s| s.burn_series(HOUR_MS, slo.objective));
    let mut c = chart(
        vec![ChartSeries {
            name: "burn rate (1h)".into(),
            samples,
            color: 1,
        }],
        tiers
            .iter()
            .take(2)
            .map(|t| Threshold {
                value: t.factor,
                label: format!("{} {}", t.severity, ValueFormat::Multiple.format(t.factor)),
            })
            .collect(),
        ValueFormat::Multiple,
        range,
        theme,
    );
    // Spikes far above the page tier (350× in a bad hour) would flatten the tier lines the
    // chart is read against: above 3 × the fastest tier's factor they are drawn at the top.
    c.clamp_max = tiers.first().map(|t| 3.0 * t.factor);
    c.bands = slices
        .with_value(|s| tier_history(slo, s))
        .into_iter()
        .map(|(k, a, b)| (a - s_len(slices), b, if k < 2 { 4 } else { 6 }))
        .collect();
    c
}

fn events_chart(slices: StoredValue<Slices>, range: (i64, i64), theme: Theme) -> TimeChart {
    let (total, bad) = slices.with_value(|s| (s.rate_series(false), s.rate_series(true)));
    chart(
        vec![
            ChartSeries {
                name: "total".into(),
                samples: total,
                color: 0,
            },
            ChartSeries {
                name: "bad".into(),
                samples: bad,
                color: 4,
            },
        ],
        vec![],
        ValueFormat::Rate,
        range,
        theme,
    )
}

fn s_len(slices: StoredValue<Slices>) -> i64 {
    slices.with_value(|s| s.slice_ms)
}
