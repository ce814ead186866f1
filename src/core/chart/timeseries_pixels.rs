//! The decimated chart equals a full-resolution rendering at the pixel level. M4 keeps the
//! first, lowest, highest and last sample of each pixel column, and a line drawn through every
//! sample lights, in each column, the span between the lowest and highest, joined to the next
//! column from the last sample to the first: the same pixels, if the columns M4 cuts are the
//! pixel columns the chart draws on.
//!
//! The reference is the same chart with the series cut into pieces short enough that none is
//! decimated, each sharing its first sample with the previous piece's last, so together they
//! draw every segment of the whole line on the same axes. Both SVGs' series lines are then
//! rasterized here, 1 px wide (Bresenham), and compared pixel by pixel.

use std::collections::BTreeSet;

use super::*;
use crate::core::chart::Columns;
use crate::core::decimate::{columns_within_gap, m4_owned_within};

/// Pixels lit by the lines and dots drawn in `rgb`: each polyline 1 px wide, segment by
/// segment, and each dot as its centre.
fn lit(svg: &str, rgb: (u8, u8, u8)) -> (BTreeSet<(i32, i32)>, usize) {
    let colour = format!("#{:02X}{:02X}{:02X}", rgb.0, rgb.1, rgb.2);
    let line = format!("stroke=\"{colour}\" stroke-width=\"2\" points=\"");
    let (mut on, mut vertices) = (BTreeSet::new(), 0);
    for (_, rest) in svg
        .match_indices(&line)
        .map(|(i, _)| svg.split_at(i + line.len()))
    {
        let points: Vec<(i32, i32)> = (rest.split('"').next().unwrap_or(""))
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').expect("x,y");
                (x.parse().expect("x"), y.parse().expect("y"))
            })
            .collect();
        vertices += points.len();
        for w in points.windows(2) {
            bresenham(w[0], w[1], &mut on);
        }
        on.extend(points.first());
    }
    let dot = "<circle cx=\"";
    for (_, rest) in svg
        .match_indices(dot)
        .map(|(i, _)| svg.split_at(i + dot.len()))
    {
        if rest.contains(&format!("fill=\"{colour}\"")) {
            let num = |s: &str| s.split('"').next().expect("n").parse::<i32>().expect("int");
            let cy = rest.split_once("cy=\"").expect("cy").1;
            on.insert((num(rest), num(cy)));
            vertices += 1;
        }
    }
    (on, vertices)
}

/// The pixels of the segment from `a` to `b`, both ends included.
fn bresenham((mut x, mut y): (i32, i32), (x1, y1): (i32, i32), on: &mut BTreeSet<(i32, i32)>) {
    let (dx, dy) = ((x1 - x).abs(), -(y1 - y).abs());
    let (sx, sy) = ((x1 - x).signum(), (y1 - y).signum());
    let mut err = dx + dy;
    loop {
        on.insert((x, y));
        if (x, y) == (x1, y1) {
            return;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x += sx;
        }
        if e2 <= dx {
            err += dx;
            y += sy;
        }
    }
}

/// A noisy walk with spikes, every second over `n` seconds, with holes longer than the gap.
fn walk(n: i64) -> Vec<Sample> {
    let (mut r, mut v) = (7u64, 500.0);
    (0..n)
        .filter(|i| !(40_000..40_090).contains(&(i % 61_000)) && i % 17_011 != 5)
        .map(|i| {
            r = r
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            v += ((r >> 33) % 21) as f64 - 10.0;
            let spike = if (r >> 20) % 4_000 == 0 { 900.0 } else { 0.0 };
            Sample {
                t_ms: i * 1_000,
                v: v + spike,
            }
        })
        .collect()
}

/// The chart of `samples` over `range`, as one series or cut into pieces of at most `piece`.
fn chart(samples: &[Sample], range: (i64, i64), piece: Option<usize>) -> TimeChart {
    let series = match piece {
        None => vec![samples.to_vec()],
        Some(p) => {
            let starts = (0..samples.len().saturating_sub(1)).step_by(p - 1);
            starts
                .map(|s| samples[s..(s + p).min(samples.len())].to_vec())
                .collect()
        }
    };
    TimeChart {
        series: (series.into_iter())
            .map(|samples| ChartSeries {
                name: "walk".into(),
                samples,
                color: 0,
            })
            .collect(),
        start_ms: range.0,
        end_ms: range.1,
        width: 900,
        height: 300,
        gap_ms: Some(5_000),
        ..Default::default()
    }
}

#[test]
fn the_decimated_chart_lights_the_pixels_of_every_sample() {
    let samples = walk(300_000);
    let colour = palette(Theme::Light).series_color(0);
    // The whole series, a range that cuts it on both sides, and one that is not a whole
    // number of milliseconds per column.
    for range in [
        (0, 300_000_000),
        (12_345_678, 251_234_567),
        (-5_000_000, 299_999_999),
    ] {
        let whole = render_timeseries(&chart(&samples, range, None));
        // Short enough pieces are drawn as they are (`drawn_segments`: up to 4 per column).
        let piece = whole.plot.width as usize * 4;
        let full = render_timeseries(&chart(&samples, range, Some(piece)));
        assert_eq!(full.plot, whole.plot, "the same axes");
        let (decimated, drawn) = lit(&whole.svg, colour);
        let (reference, all) = lit(&full.svg, colour);
        // Not a comparison of two copies: M4 drew a small part of the samples in range.
        let inside = samples
            .iter()
            .filter(|s| (range.0..=range.1).contains(&s.t_ms))
            .count();
        assert!(all > inside, "{all} vertices for {inside} samples");
        assert!(drawn * 20 < inside, "{drawn} of {inside} drawn");
        assert!(reference.len() > 2_000, "{} pixels", reference.len());
        same_pixels(&reference, &decimated, &format!("{range:?}"));
        // Explore reduces a series before charting it, on the cells of the chart's pixel
        // columns and of a grid of its own, each column narrower than a gap (so no two kept
        // samples are further apart than one).
        let pixels = Columns::of_chart(900, range.0, range.1);
        let columns = columns_within_gap(range.0, range.1, 5_000, 512);
        let reduced = m4_owned_within(samples.clone(), range, columns, |t| pixels.at(t));
        assert!(
            reduced.len() * 5 < samples.len() * 4,
            "{} of {}",
            reduced.len(),
            samples.len()
        );
        let (reduced_lit, _) = lit(
            &render_timeseries(&chart(&reduced, range, None)).svg,
            colour,
        );
        same_pixels(
            &reference,
            &reduced_lit,
            &format!("{range:?}, reduced first"),
        );
    }
}

fn same_pixels(reference: &BTreeSet<(i32, i32)>, drawn: &BTreeSet<(i32, i32)>, what: &str) {
    let missing: Vec<_> = reference.difference(drawn).take(5).collect();
    let extra: Vec<_> = drawn.difference(reference).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: {} pixels lit in full only (first {missing:?}), {} in the decimated only (first {extra:?})",
        reference.difference(drawn).count(),
        drawn.difference(reference).count(),
    );
}
