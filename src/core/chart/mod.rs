//! Chart rendering with plotters into SVG strings. The UI injects the SVG and overlays its own
//! hover read-out using the returned plot geometry; legends are HTML so they can toggle series.

mod bars;
mod columns;
mod labels;
mod legend;
mod polyline;
mod sparkline;
mod timeseries;

pub use bars::{render_bars, BarChart};
pub use columns::Columns;
pub use legend::{legend_html, legend_item_state};
pub use sparkline::sparkline;
pub use timeseries::{render_timeseries, ChartSeries, Threshold, TimeChart};

/// Which palette to draw with; charts are re-rendered when the theme changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// How a value axis prints its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ValueFormat {
    #[default]
    Number,
    /// A ratio printed as a percentage with enough decimals to tell 99.9% from 99.95%.
    Percent,
    /// A burn rate or any other multiple: `14.4×`.
    Multiple,
    /// Events per second.
    Rate,
    /// A duration given in seconds (latency): `250ms`, `1.5s`.
    Seconds,
}

impl ValueFormat {
    pub fn format(self, v: f64) -> String {
        if v.is_nan() {
            return "no data".into();
        }
        match self {
            ValueFormat::Number => compact(v),
            ValueFormat::Percent => format_percent(v),
            ValueFormat::Multiple => format!("{}×", trim_float(v, 2)),
            ValueFormat::Rate => format!("{}/s", compact(v)),
            ValueFormat::Seconds => format_seconds(v),
        }
    }
}

/// `0.99953` → `99.953%`; keeps three significant digits of the distance to 100%.
pub fn format_percent(ratio: f64) -> String {
    if !ratio.is_finite() {
        return "no data".into();
    }
    let pct = ratio * 100.0;
    // Digits that tell apart values near 100% (99.95%) and near 0% (0.05% errors).
    let near = (100.0 - pct).abs().min(pct.abs());
    let decimals = if near == 0.0 || near >= 10.0 {
        1
    } else {
        ((-near.log10()).floor() as i32 + 2).clamp(1, 5) as usize
    };
    format!("{}%", trim_float(pct, decimals))
}

/// A latency in seconds on the scale people read it: `0.25` → `250ms`, `1.5` → `1.5s`,
/// `0.0005` → `500µs`.
pub fn format_seconds(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0s".into()
    } else if a < 1e-3 {
        format!("{}µs", trim_float(v * 1e6, 1))
    } else if a < 1.0 {
        format!("{}ms", trim_float(v * 1e3, 1))
    } else {
        format!("{}s", trim_float(v, 2))
    }
}

/// `1234567` → `1.23M`, `0.0042` → `0.0042`.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{}G", trim_float(v / 1e9, 2))
    } else if a >= 1e6 {
        format!("{}M", trim_float(v / 1e6, 2))
    } else if a >= 1e4 {
        format!("{}k", trim_float(v / 1e3, 1))
    } else if a >= 100.0 || a == 0.0 {
        format!("{}", v.round())
    } else if a >= 1.0 {
        trim_float(v, 2)
    } else {
        format!("{}", (v * 1e4).round() / 1e4)
    }
}

fn trim_float(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    // A negative value that rounds to zero is zero: never "-0%" on an axis or in a cell.
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// Colours for one theme. Series colours are a colour-blind-safe categorical set.
pub struct Palette {
    pub background: (u8, u8, u8),
    pub text: (u8, u8, u8),
    pub grid: (u8, u8, u8),
    pub axis: (u8, u8, u8),
    pub threshold: (u8, u8, u8),
    pub series: [(u8, u8, u8); 8],
}

impl Palette {
    /// Colour of series `i`; the eight colours repeat (so the fallback is never used).
    pub fn series_color(&self, i: usize) -> (u8, u8, u8) {
        let n = self.series.len();
        self.series.get(i % n).copied().unwrap_or(self.text)
    }
}

/// A palette colour as plotters takes it.
fn rgb((r, g, b): (u8, u8, u8)) -> plotters::style::RGBColor {
    plotters::style::RGBColor(r, g, b)
}

pub fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Light => Palette {
            background: (255, 255, 255),
            text: (71, 85, 105),
            grid: (235, 238, 243),
            axis: (203, 210, 220),
            threshold: (220, 38, 38),
            series: [
                (37, 99, 235),
                (234, 88, 12),
                (22, 163, 74),
                (147, 51, 234),
                (219, 39, 119),
                (13, 148, 136),
                (202, 138, 4),
                (100, 116, 139),
            ],
        },
        Theme::Dark => Palette {
            background: (22, 27, 34),
            text: (160, 170, 186),
            grid: (40, 47, 58),
            axis: (70, 80, 95),
            threshold: (248, 113, 113),
            series: [
                (96, 165, 250),
                (251, 146, 60),
                (74, 222, 128),
                (192, 132, 252),
                (244, 114, 182),
                (45, 212, 191),
                (250, 204, 21),
                (148, 163, 184),
            ],
        },
    }
}

/// CSS colour of series `i` (for HTML legends that must match the SVG).
pub fn series_css(theme: Theme, i: usize) -> String {
    let (r, g, b) = palette(theme).series_color(i);
    format!("rgb({r},{g},{b})")
}

/// Where the plot area sits inside the SVG, so the UI can map a mouse position to a time.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct PlotArea {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// An SVG and the geometry needed for hover read-outs.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Rendered {
    pub svg: String,
    pub plot: PlotArea,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_keeps_the_digits_that_matter() {
        assert_eq!(format_percent(0.999), "99.9%");
        assert_eq!(format_percent(0.9995), "99.95%");
        assert_eq!(format_percent(0.99953), "99.953%");
        assert_eq!(format_percent(1.0), "100%");
        assert_eq!(format_percent(0.5), "50%");
        assert_eq!(format_percent(f64::NAN), "no data");
        assert_eq!(format_percent(-0.25), "-25%");
        assert_eq!(format_percent(0.0005), "0.05%");
        assert_eq!(format_percent(0.00123), "0.12%");
        // A tick at minus nothing is zero (axes crossed "-0%").
        assert_eq!(format_percent(-0.0), "0%");
        assert_eq!(format_percent(-1e-12), "0%");
        assert_eq!(ValueFormat::Percent.format(-0.0), "0%");
    }

    #[test]
    fn seconds_read_as_latencies() {
        let f = |v| ValueFormat::Seconds.format(v);
        assert_eq!(
            [f(0.25), f(0.3), f(1.5), f(0.0005), f(0.0), f(-0.0000001)],
            ["250ms", "300ms", "1.5s", "500µs", "0s", "-0.1µs"]
        );
    }

    #[test]
    fn compact_numbers() {
        assert_eq!(compact(1_234_567.0), "1.23M");
        assert_eq!(compact(12_345.0), "12.3k");
        assert_eq!(compact(512.4), "512");
        assert_eq!(compact(2.5), "2.5");
        assert_eq!(compact(0.00421), "0.0042");
        assert_eq!(ValueFormat::Multiple.format(14.4), "14.4×");
        assert_eq!(ValueFormat::Rate.format(f64::NAN), "no data");
    }
}
