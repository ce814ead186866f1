//! The report's budget burn-down as a sparkline: budget remaining over the period against
//! the ideal straight line from 100 % to 0 %, as a small standalone SVG (no script, no text,
//! numbers only — safe to inline in the page and in the exported HTML).

/// Width and height of the sparkline's view box.
pub const SPARK_W: f64 = 120.0;
pub const SPARK_H: f64 = 28.0;

/// `points`: (time, budget remaining; 1 = untouched) inside `[start_ms, end_ms]`. The y axis
/// runs from 0 % (bottom) to 100 % (top); a breached budget is drawn at the bottom edge and
/// marked by the line's class `over`.
pub fn sparkline(points: &[(i64, f64)], start_ms: i64, end_ms: i64) -> String {
    let span = (end_ms - start_ms).max(1) as f64;
    let x = |t: i64| ((t - start_ms) as f64 / span * SPARK_W).clamp(0.0, SPARK_W);
    let y = |v: f64| (SPARK_H - v.clamp(0.0, 1.0) * (SPARK_H - 2.0) - 1.0).clamp(0.0, SPARK_H);
    // One point per unit of width (the last in it): a month of minute slices stays small.
    let mut path: Vec<String> = Vec::new();
    let mut last_col = None;
    for &(t, v) in points.iter().filter(|(_, v)| v.is_finite()) {
        let col = x(t).round() as i64;
        let p = format!("{:.1},{:.1}", x(t), y(v));
        match path.last_mut() {
            Some(prev) if last_col == Some(col) => *prev = p,
            _ => path.push(p),
        }
        last_col = Some(col);
    }
    let over = points
        .iter()
        .rev()
        .find(|(_, v)| v.is_finite())
        .is_some_and(|(_, v)| *v < 0.0);
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="budget burn-down">"#,
            r##"<line x1="0" y1="{top:.1}" x2="{w}" y2="{bottom:.1}" stroke="#9aa4b2" stroke-dasharray="3 2" stroke-width="1"/>"##,
            r##"<polyline fill="none" stroke="{color}" stroke-width="1.6" points="{pts}"/></svg>"##
        ),
        w = SPARK_W,
        h = SPARK_H,
        top = y(1.0),
        bottom = y(0.0),
        color = if over { "#d6336c" } else { "#2563eb" },
        pts = path.join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_map_into_the_box_and_a_breach_turns_red() {
        let svg = sparkline(&[(0, 1.0), (50, 0.5), (100, 0.25)], 0, 100);
        assert!(
            svg.contains(r#"points="0.0,1.0 60.0,14.0 120.0,20.5""#),
            "{svg}"
        );
        assert!(svg.contains("#2563eb"));
        let breached = sparkline(&[(0, 0.5), (100, -2.0), (200, f64::NAN)], 0, 100);
        assert!(
            breached.contains(r#"points="0.0,14.0 120.0,27.0""#),
            "{breached}"
        );
        assert!(breached.contains("#d6336c"));
        assert!(sparkline(&[], 0, 0).contains(r#"points="""#));
        // 10,000 points in 120 columns: at most one per column, the column's last.
        let dense: Vec<(i64, f64)> = (0..10_000)
            .map(|i| (i, 1.0 - i as f64 / 10_000.0))
            .collect();
        let svg = sparkline(&dense, 0, 10_000);
        assert!(
            svg.matches(',').count() <= 121,
            "{} points",
            svg.matches(',').count()
        );
        assert!(svg.contains("120.0,27.0"), "ends at the last point");
    }
}
