//! Time-series line charts: gaps stay gaps, thresholds are labelled lines, long series are
//! M4-decimated to the pixel width before drawing.

use plotters::coord::types::{RangedCoordf64, RangedCoordi64};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::columns::Columns;
use super::labels::{label_width, place_labels};
use super::polyline;
use super::{palette, rgb, PlotArea, Rendered, Theme, ValueFormat};
use crate::core::decimate::m4_by;
use crate::core::model::Sample;
use crate::core::time::format_axis;

/// One line on a chart. `color` indexes the palette so the HTML legend can match it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSeries {
    pub name: String,
    pub samples: Vec<Sample>,
    pub color: usize,
}

/// A horizontal reference line (an objective, a burn-rate threshold).
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    pub value: f64,
    pub label: String,
}

/// Everything needed to draw one time-series chart.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TimeChart {
    pub series: Vec<ChartSeries>,
    pub thresholds: Vec<Threshold>,
    pub start_ms: i64,
    pub end_ms: i64,
    pub width: u32,
    pub height: u32,
    pub format: ValueFormat,
    pub theme: Theme,
    /// A jump between samples larger than this is drawn as a gap; `None` infers 2.5 × the
    /// median sample spacing of each series.
    pub gap_ms: Option<i64>,
    /// Forces the value axis to include zero (counts and rates).
    pub include_zero: bool,
    /// Shaded time spans (e.g. when an alert tier would have fired): (start, end, colour).
    pub bands: Vec<(i64, i64, usize)>,
    /// Values above this are drawn at the top edge, and the chart says so: one 350× spike
    /// must not flatten the 14.4× and 6× lines it is read against. The read-out keeps the
    /// real values.
    pub clamp_max: Option<f64>,
}

impl TimeChart {
    /// Whether a drawn value in range exceeds [`TimeChart::clamp_max`].
    fn clipped(&self) -> Option<f64> {
        let c = self.clamp_max?;
        self.series
            .iter()
            .flat_map(|s| &s.samples)
            .any(|x| x.v > c && x.t_ms >= self.start_ms && x.t_ms <= self.end_ms)
            .then_some(c)
    }
}

/// Splits samples into contiguous runs at NaN values and at jumps larger than `gap_ms`.
pub fn segments(samples: &[Sample], gap_ms: Option<i64>) -> Vec<Vec<(i64, f64)>> {
    let gap = gap_ms.unwrap_or_else(|| inferred_gap(samples));
    let mut out: Vec<Vec<(i64, f64)>> = Vec::new();
    let mut cur: Vec<(i64, f64)> = Vec::new();
    let mut prev_t: Option<i64> = None;
    for s in samples {
        let broken = !s.v.is_finite() || prev_t.is_some_and(|p| s.t_ms - p > gap);
        if broken && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if s.v.is_finite() {
            cur.push((s.t_ms, s.v));
        }
        prev_t = Some(s.t_ms);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The drawn runs of a series: split at its gaps first, then each run decimated on the
/// chart's pixel columns — so every real gap stays, M4's column jumps never look like one, and
/// the line lights the pixels the full line would.
pub fn drawn_segments(
    samples: &[Sample],
    gap_ms: Option<i64>,
    columns: &Columns,
) -> Vec<Vec<(i64, f64)>> {
    let (x0, x1) = columns.range();
    // Only what lies in the chosen range is drawn: a sample outside it would be pinned to
    // the plot's edge (a vertical line at the left of a 1h chart).
    let inside: Vec<Sample> = samples
        .iter()
        .filter(|s| s.t_ms >= x0 && s.t_ms <= x1)
        .copied()
        .collect();
    let samples = inside.as_slice();
    let runs = segments(samples, gap_ms);
    // Whether to decimate is decided for the whole series, so many short runs still shrink.
    let room = columns.count() * 4;
    if samples.len() <= room {
        return runs;
    }
    runs.into_iter()
        .map(|seg| {
            let run: Vec<Sample> = seg.iter().map(|&(t_ms, v)| Sample { t_ms, v }).collect();
            m4_by(&run, room, |t| columns.at(t))
                .into_iter()
                .map(|s| (s.t_ms, s.v))
                .collect()
        })
        .collect()
}

fn inferred_gap(samples: &[Sample]) -> i64 {
    let next = samples.iter().skip(1);
    let mut d: Vec<i64> = samples
        .iter()
        .zip(next)
        .map(|(a, b)| b.t_ms - a.t_ms)
        .collect();
    if d.is_empty() {
        return i64::MAX;
    }
    let mid = d.len() / 2;
    let (_, median, _) = d.select_nth_unstable(mid);
    (*median as f64 * 2.5) as i64
}

fn value_bounds(chart: &TimeChart) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in &chart.series {
        for x in s
            .samples
            .iter()
            .filter(|x| x.v.is_finite() && x.t_ms >= chart.start_ms && x.t_ms <= chart.end_ms)
        {
            lo = lo.min(x.v);
            hi = hi.max(x.v);
        }
    }
    if !lo.is_finite() {
        // No data: a neutral 0–1 axis rather than one padded around nothing.
        return (0.0, 1.0);
    }
    for t in &chart.thresholds {
        lo = lo.min(t.value);
        hi = hi.max(t.value);
    }
    if chart.include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if let Some(c) = chart.clipped() {
        hi = hi.min(c);
    }
    if (hi - lo).abs() < f64::EPSILON * hi.abs().max(1.0) {
        let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.01 };
        return (lo - pad, hi + pad);
    }
    let pad = (hi - lo) * 0.06;
    let lo = if chart.include_zero && lo >= 0.0 {
        lo
    } else {
        lo - pad
    };
    (lo, hi + pad)
}

/// Draws the chart. Never fails on data: an empty chart says "no data".
pub fn render_timeseries(chart: &TimeChart) -> Rendered {
    let mut svg = String::new();
    let mut plot = PlotArea::default();
    let result = draw(chart, &mut svg, &mut plot);
    if let Err(e) = result {
        svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\"><text x=\"12\" y=\"24\">chart error: {}</text></svg>", chart.width, chart.height, escape(&e));
    }
    Rendered { svg, plot }
}

/// The chart's coordinate system on `root` (the same in both plotters layers).
pub(super) type Plane<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordi64, RangedCoordf64>>;

pub(super) fn plane<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    (x0, x1): (i64, i64),
    (y0, y1): (f64, f64),
) -> Result<Plane<'a, 'b>, String> {
    ChartBuilder::on(root)
        .margin_top(8)
        .margin_right(14)
        .x_label_area_size(24)
        .y_label_area_size(58)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| e.to_string())
}

/// Three layers, one SVG: the grid (plotters), the series (written directly, see
/// [`super::polyline`]) and what goes over them (plotters again). Each plotters layer is a
/// whole `<svg>`; the grid's closing tag and the notes' opening one are dropped.
fn draw(chart: &TimeChart, svg: &mut String, plot: &mut PlotArea) -> Result<(), String> {
    let x = (chart.start_ms, chart.end_ms.max(chart.start_ms + 1));
    let y = value_bounds(chart);
    let mut grid = String::new();
    let (series, drawn) = draw_grid(chart, &mut grid, plot, x, y)?;
    let mut notes = String::new();
    draw_notes(chart, &mut notes, *plot, x, y, drawn)?;
    svg.push_str(grid.strip_suffix("</svg>\n").unwrap_or(&grid));
    svg.push_str(&series);
    svg.push_str(notes.split_once('\n').map_or("", |(_, rest)| rest));
    Ok(())
}

/// Background, axes, grid lines and bands; the plot area; and the series layer (its markup
/// and how many points it drew), mapped while the plane is at hand.
fn draw_grid(
    chart: &TimeChart,
    svg: &mut String,
    plot: &mut PlotArea,
    (x0, x1): (i64, i64),
    (y0, y1): (f64, f64),
) -> Result<(String, usize), String> {
    let p = palette(chart.theme);
    let root = SVGBackend::with_string(svg, (chart.width, chart.height)).into_drawing_area();
    root.fill(&rgb(p.background)).map_err(|e| e.to_string())?;
    let span = x1 - x0;
    let fmt = chart.format;
    let text = ("sans-serif", 11).into_font().color(&rgb(p.text));
    let mut ctx = plane(&root, (x0, x1), (y0, y1))?;
    ctx.configure_mesh()
        .x_labels((chart.width / 110).max(2) as usize)
        .y_labels((chart.height / 48).max(2) as usize)
        .x_label_formatter(&|x| format_axis(*x, span))
        .y_label_formatter(&|y| fmt.format(*y))
        .light_line_style(rgb(p.grid).mix(0.0))
        .bold_line_style(rgb(p.grid))
        .axis_style(rgb(p.axis))
        .label_style(text.clone())
        .draw()
        .map_err(|e| e.to_string())?;
    let (xr, yr) = ctx.plotting_area().get_pixel_range();
    *plot = PlotArea {
        left: xr.start as f64,
        top: yr.start as f64,
        width: (xr.end - xr.start) as f64,
        height: (yr.end - yr.start) as f64,
    };
    for &(a, b, color) in &chart.bands {
        let c = rgb(p.series_color(color)).mix(0.18);
        let (a, b) = (a.max(x0), b.min(x1));
        if b >= a {
            let (pa, pb) = (ctx.backend_coord(&(a, y1)), ctx.backend_coord(&(b, y0)));
            root.draw(&Rectangle::new(
                [pa, (pb.0.max(pa.0 + 2), pb.1)],
                c.filled(),
            ))
            .map_err(|e| e.to_string())?;
        }
    }
    let columns = Columns::of_plane(&ctx, x0, x1);
    let (mut series, mut drawn) = (String::new(), 0usize);
    let clip = chart.clipped();
    let at = |(t, v): (i64, f64)| ctx.backend_coord(&(t, clip.map_or(v, |c| v.min(c))));
    for s in &chart.series {
        let color = p.series_color(s.color);
        for seg in drawn_segments(&s.samples, chart.gap_ms, &columns) {
            drawn += seg.len();
            match seg.as_slice() {
                &[only] => polyline::dot(&mut series, color, at(only)),
                points => polyline::polyline(&mut series, color, points.iter().map(|&p| at(p))),
            }
        }
    }
    root.present().map_err(|e| e.to_string())?;
    Ok((series, drawn))
}

/// Over the series: thresholds, each label just above its own line (never struck through by
/// it) on a halo of the background, labels that would touch moved right along their line; the
/// clamp's note; "no data" when no point was drawn.
fn draw_notes(
    chart: &TimeChart,
    svg: &mut String,
    plot: PlotArea,
    (x0, x1): (i64, i64),
    (y0, y1): (f64, f64),
    drawn: usize,
) -> Result<(), String> {
    let p = palette(chart.theme);
    let root = SVGBackend::with_string(svg, (chart.width, chart.height)).into_drawing_area();
    let mut ctx = plane(&root, (x0, x1), (y0, y1))?;
    let fmt = chart.format;
    let lines: Vec<(f64, i32)> = chart
        .thresholds
        .iter()
        .filter(|t| t.value.is_finite() && t.value >= y0 && t.value <= y1)
        .map(|t| (t.value, ctx.backend_coord(&(x0, t.value)).1))
        .collect();
    for &(v, _) in &lines {
        let style = rgb(p.threshold).stroke_width(1);
        ctx.draw_series(DashedLineSeries::new(vec![(x0, v), (x1, v)], 6, 4, style))
            .map_err(|e| e.to_string())?;
    }
    let labels = chart
        .thresholds
        .iter()
        .filter(|t| t.value.is_finite() && t.value >= y0 && t.value <= y1);
    let placed = place_labels(
        labels.zip(&lines).map(|(t, &(_, y))| (t.label.as_str(), y)),
        &plot,
    );
    for (label, (x, y)) in placed {
        let w = label_width(label);
        root.draw(&Rectangle::new(
            [(x - 2, y - 11), (x + w + 2, y + 1)],
            rgb(p.background).mix(0.85).filled(),
        ))
        .map_err(|e| e.to_string())?;
        root.draw(&Text::new(
            label.to_string(),
            (x, y),
            ("sans-serif", 10)
                .into_font()
                .color(&rgb(p.threshold))
                .pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))
        .map_err(|e| e.to_string())?;
    }
    if let Some(c) = chart.clipped() {
        root.draw(&Text::new(
            format!("values above {} drawn at the top", fmt.format(c)),
            ((plot.left + 6.0) as i32, (plot.top + 4.0) as i32),
            ("sans-serif", 11).into_font().color(&rgb(p.text)),
        ))
        .map_err(|e| e.to_string())?;
    }
    if drawn == 0 {
        let c = (plot.left + plot.width / 2.0 - 24.0) as i32;
        root.draw(&Text::new(
            "no data",
            (c, (plot.top + plot.height / 2.0) as i32),
            ("sans-serif", 13).into_font().color(&rgb(p.text)),
        ))
        .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
#[path = "timeseries_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "timeseries_pixels.rs"]
mod pixels;
