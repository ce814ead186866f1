//! Horizontal bar charts for categorical counts (entities by owner, versions per service …).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::timeseries::escape;
use super::{palette, rgb, PlotArea, Rendered, Theme};

/// Labelled bars; each bar may be split into stacked parts (e.g. replicas per version).
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    /// (category label, stacked parts as (colour index, value)).
    pub bars: Vec<(String, Vec<(usize, f64)>)>,
    pub width: u32,
    pub theme: Theme,
}

const ROW: u32 = 22;

pub fn render_bars(chart: &BarChart) -> Rendered {
    let height = (chart.bars.len() as u32 * ROW + 34).max(60);
    let mut svg = String::new();
    let mut plot = PlotArea::default();
    if let Err(e) = draw(chart, height, &mut svg, &mut plot) {
        svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\"><text x=\"12\" y=\"24\">chart error: {}</text></svg>", chart.width, escape(&e));
    }
    Rendered { svg, plot }
}

fn draw(
    chart: &BarChart,
    height: u32,
    svg: &mut String,
    plot: &mut PlotArea,
) -> Result<(), String> {
    let p = palette(chart.theme);
    let root = SVGBackend::with_string(svg, (chart.width, height)).into_drawing_area();
    root.fill(&rgb(p.background)).map_err(|e| e.to_string())?;
    let max = chart
        .bars
        .iter()
        .map(|(_, parts)| parts.iter().map(|x| x.1).sum::<f64>())
        .fold(0.0, f64::max)
        .max(1.0);
    let n = chart.bars.len().max(1) as i32;
    let longest = chart
        .bars
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(4) as u32;
    let mut ctx = ChartBuilder::on(&root)
        .margin(6)
        .margin_right(16)
        .x_label_area_size(22)
        .y_label_area_size((longest * 7 + 12).min(chart.width / 3))
        // Row i spans (i − ½, i + ½): its bar and its label share the row's centre line.
        .build_cartesian_2d(0.0..max * 1.05, -0.5..(f64::from(n) - 0.5))
        .map_err(|e| e.to_string())?;
    ctx.configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(5)
        .x_label_formatter(&|v| super::compact(*v))
        .light_line_style(rgb(p.grid).mix(0.0))
        .bold_line_style(rgb(p.grid))
        .axis_style(rgb(p.axis))
        .label_style(("sans-serif", 11).into_font().color(&rgb(p.text)))
        .draw()
        .map_err(|e| e.to_string())?;
    let (xr, yr) = ctx.plotting_area().get_pixel_range();
    *plot = PlotArea {
        left: xr.start as f64,
        top: yr.start as f64,
        width: (xr.end - xr.start) as f64,
        height: (yr.end - yr.start) as f64,
    };
    let label_style = ("sans-serif", 11)
        .into_font()
        .color(&rgb(p.text))
        .pos(Pos::new(HPos::Right, VPos::Center));
    for (i, (label, parts)) in chart.bars.iter().enumerate() {
        let y = f64::from(n - 1) - i as f64;
        let centre = ctx.backend_coord(&(0.0, y));
        root.draw(&Text::new(
            label.clone(),
            (centre.0 - 6, centre.1),
            label_style.clone(),
        ))
        .map_err(|e| e.to_string())?;
        let mut x = 0.0;
        for &(color, v) in parts {
            let c = rgb(p.series_color(color));
            // The row's lower and upper edges; the bar keeps 4 px from each.
            let low = ctx.backend_coord(&(x, y - 0.5));
            let high = ctx.backend_coord(&(x + v, y + 0.5));
            root.draw(&Rectangle::new(
                [(low.0, high.1 + 4), (high.0.max(low.0 + 1), low.1 - 4)],
                c.filled(),
            ))
            .map_err(|e| e.to_string())?;
            x += v;
        }
    }
    if chart.bars.is_empty() {
        let c = (plot.left + plot.width / 2.0 - 24.0) as i32;
        root.draw(&Text::new(
            "no data",
            (c, (plot.top + 6.0) as i32),
            ("sans-serif", 13).into_font().color(&rgb(p.text)),
        ))
        .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_rect_per_part_and_every_label() {
        let c = BarChart {
            bars: vec![
                ("checkout".into(), vec![(0, 3.0), (1, 1.0)]),
                ("search".into(), vec![(0, 2.0)]),
            ],
            width: 500,
            theme: Theme::Dark,
        };
        let r = render_bars(&c);
        assert!(r.svg.contains("checkout") && r.svg.contains("search"));
        // Background + 3 bar parts at least.
        assert!(r.svg.matches("<rect").count() >= 4, "{}", r.svg);
        assert!(!r.svg.contains("no data"));
        // Each label sits on its own bar: its y within the bar's vertical span.
        let attr = |tag: &str, name: &str| -> f64 {
            let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            tag.get(at..)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let rects: Vec<(f64, f64)> = r
            .svg
            .split("<rect")
            .skip(2) // the background
            .map(|t| (attr(t, "y"), attr(t, "y") + attr(t, "height")))
            .collect();
        assert_eq!(
            r.svg.matches("text-anchor=\"end\"").count(),
            2,
            "one label per bar, no empty row"
        );
        for (label, row) in [("checkout", 0), ("search", 2)] {
            let text = r.svg.split("<text").find(|t| t.contains(label)).unwrap();
            let y = attr(text, "y");
            let (top, bottom) = rects[row];
            assert!(
                y > top && y < bottom,
                "{label} at y {y}, its bar {top}..{bottom}"
            );
        }
        let empty = render_bars(&BarChart {
            bars: vec![],
            width: 300,
            theme: Theme::Light,
        });
        assert!(empty.svg.contains("no data"));
        let one = render_bars(&BarChart {
            bars: vec![("only".into(), vec![(0, 5.0)])],
            width: 300,
            theme: Theme::Light,
        });
        assert!(
            !one.svg.contains("chart error") && one.svg.contains("only"),
            "{}",
            one.svg
        );
    }
}
