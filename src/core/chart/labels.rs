//! Threshold labels on time-series charts: each sits just above its own line, and labels
//! that would overlap move right along their line instead of stacking on each other.

use super::PlotArea;

/// Estimated width of a 10 px label (no font metrics in the SVG backend).
pub(super) fn label_width(label: &str) -> i32 {
    (label.chars().count() as f64 * 5.6).ceil() as i32
}

/// Where each threshold label goes: its baseline 2 px above its line at `y`, from the plot's
/// left edge, moved right past any label already placed that it would overlap.
pub(super) fn place_labels<'a>(
    labels: impl Iterator<Item = (&'a str, i32)>,
    plot: &PlotArea,
) -> Vec<(&'a str, (i32, i32))> {
    let mut placed: Vec<(&str, (i32, i32))> = Vec::new();
    for (label, line_y) in labels {
        let (y, w) = (line_y - 2, label_width(label));
        let mut x = plot.left as i32 + 4;
        // Each move passes one placed label, so this ends after at most `placed.len()` moves.
        for _ in 0..=placed.len() {
            let hit = placed.iter().find(|(l, (px, py))| {
                (py - y).abs() < 12 && x < px + label_width(l) + 8 && *px < x + w + 8
            });
            match hit {
                Some((l, (px, _))) => x = px + label_width(l) + 10,
                None => break,
            }
        }
        placed.push((label, (x, y)));
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_lines_get_their_labels_side_by_side_above_each_line() {
        let plot = PlotArea {
            left: 60.0,
            top: 8.0,
            width: 500.0,
            height: 200.0,
        };
        // 14.4× and 6× lines 5 px apart (a clamped burn chart), 1× far below.
        let got = place_labels(
            [("page 14.4×", 40), ("page 6×", 45), ("ticket 1×", 150)].into_iter(),
            &plot,
        );
        assert_eq!(got[0].1, (64, 38));
        assert_eq!(got[1].1 .1, 43, "each label stays 2 px above its own line");
        assert!(got[1].1 .0 >= 64 + label_width("page 14.4×") + 8, "{got:?}");
        assert_eq!(
            got[2].1,
            (64, 148),
            "a label far from the others stays at the left"
        );
    }
}
