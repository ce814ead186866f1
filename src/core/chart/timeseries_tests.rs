//! Tests of the time-series chart: ranges, gaps, decimation, thresholds and clamping.
use super::*;
use crate::core::chart::Columns;

fn s(t: i64, v: f64) -> Sample {
    Sample { t_ms: t, v }
}

fn chart(series: Vec<ChartSeries>) -> TimeChart {
    TimeChart {
        series,
        start_ms: 0,
        end_ms: 100_000,
        width: 600,
        height: 240,
        ..Default::default()
    }
}

#[test]
fn a_spike_above_the_clamp_is_drawn_at_the_top_and_said() {
    let spiky = ChartSeries {
        name: "burn".into(),
        samples: vec![s(10_000, 1.0), s(50_000, 350.0), s(90_000, 2.0)],
        color: 0,
    };
    let mut c = chart(vec![spiky]);
    c.format = ValueFormat::Multiple;
    c.clamp_max = Some(43.2);
    assert_eq!(value_bounds(&c).1, 43.2 + (43.2 - 1.0) * 0.06);
    let svg = render_timeseries(&c).svg;
    assert!(svg.contains("values above 43.2× drawn at the top"), "{svg}");
    // Without a value above it, the clamp changes nothing and says nothing.
    c.clamp_max = Some(400.0);
    assert!(!render_timeseries(&c).svg.contains("drawn at the top"));
    assert_eq!(value_bounds(&c).1, 350.0 + (350.0 - 1.0) * 0.06);
}

#[test]
fn decimated_series_keep_their_lines_and_their_gaps() {
    // Samples outside the range are not drawn (they were pinned to the edges).
    let around: Vec<Sample> = (-5..=15).map(|i| s(i * 10, i as f64)).collect();
    let kept = drawn_segments(&around, None, &Columns::even(0, 100, 400));
    let times: Vec<i64> = kept.iter().flatten().map(|p| p.0).collect();
    assert_eq!(times, (0..=10).map(|i| i * 10).collect::<Vec<_>>());
    // 91 days of hourly samples on 200 columns, with a 6-hour hole on day 40.
    let hole = 40 * 24..40 * 24 + 6;
    let samples: Vec<Sample> = (0..91 * 24)
        .filter(|h| !hole.contains(h))
        .map(|h| Sample {
            t_ms: h * 3_600_000,
            v: 57.0,
        })
        .collect();
    let (x0, x1) = (0, 91 * 24 * 3_600_000);
    let drawn = drawn_segments(&samples, None, &Columns::even(x0, x1, 200));
    assert_eq!(drawn.len(), 2);
    assert!(drawn.iter().map(Vec::len).sum::<usize>() <= 2 * 4 * 200);
    assert_eq!(drawn[1][0].0, (40 * 24 + 6) * 3_600_000);
    // A series broken every other day still shrinks: each 47-hour run spans ~4 columns.
    let gappy: Vec<Sample> = (0..91 * 24)
        .filter(|h| h % 48 != 47)
        .map(|h| Sample {
            t_ms: h * 3_600_000,
            v: (h % 7) as f64,
        })
        .collect();
    let drawn = drawn_segments(&gappy, Some(3_600_000), &Columns::even(x0, x1, 200));
    assert_eq!(drawn.len(), 46);
    let kept = drawn.iter().map(Vec::len).sum::<usize>();
    assert!(kept < gappy.len() / 2, "{kept} of {}", gappy.len());
}

#[test]
fn gaps_split_segments() {
    let data = vec![
        s(0, 1.0),
        s(10, 2.0),
        s(20, 3.0),
        s(100, 4.0),
        s(110, f64::NAN),
        s(120, 5.0),
    ];
    let segs = segments(&data, None);
    assert_eq!(
        segs,
        vec![
            vec![(0, 1.0), (10, 2.0), (20, 3.0)],
            vec![(100, 4.0)],
            vec![(120, 5.0)]
        ]
    );
}

#[test]
fn renders_lines_thresholds_and_geometry() {
    let data: Vec<Sample> = (0..1000).map(|i| s(i * 100, (i % 17) as f64)).collect();
    let mut c = chart(vec![ChartSeries {
        name: "a".into(),
        samples: data,
        color: 0,
    }]);
    c.thresholds.push(Threshold {
        value: 10.0,
        label: "objective 10".into(),
    });
    let r = render_timeseries(&c);
    assert!(r.svg.starts_with("<svg"));
    assert!(r.svg.contains("<polyline"), "no line drawn");
    assert!(r.svg.contains("objective 10"));
    assert!(r.plot.width > 400.0 && r.plot.height > 150.0);
    assert!(!r.svg.contains("no data"));
}

#[test]
fn empty_chart_says_no_data() {
    let r = render_timeseries(&chart(vec![]));
    assert!(r.svg.contains("no data"));
    let mut c = chart(vec![]);
    c.include_zero = true;
    assert_eq!(
        value_bounds(&c),
        (0.0, 1.0),
        "no negative axis around nothing"
    );
}

#[test]
fn one_svg_with_the_series_between_the_grid_and_the_thresholds() {
    let line = ChartSeries {
        name: "a".into(),
        samples: (0..10).map(|k| s(k * 10_000, k as f64)).collect(),
        color: 0,
    };
    let mut c = chart(vec![line]);
    c.thresholds = vec![Threshold {
        value: 5.0,
        label: "objective <5>".into(),
    }];
    let svg = render_timeseries(&c).svg;
    assert_eq!(svg.matches("<svg").count(), 1, "{svg}");
    assert_eq!(svg.matches("</svg>").count(), 1);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
    let series = svg
        .find("<polyline fill=\"none\" opacity=\"1\" stroke=\"#")
        .unwrap();
    let (grid_line, label) = (
        svg.find("<line").unwrap(),
        svg.find("objective &lt;5&gt;").unwrap(),
    );
    assert!(grid_line < series && series < label, "{svg}");
}
