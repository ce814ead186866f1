//! The pixel columns of a time chart's plot: which column plotters draws a time in, so that M4
//! decimation cuts exactly the columns the line is drawn on. Cut on a grid of its own (as it
//! was: `plot width` equal columns, where plotters spreads the range over one pixel less), a
//! column straddled two pixels and the decimated line lit other pixels than the full one
//! (`timeseries_pixels.rs` compares the two).

use plotters::prelude::*;

/// A chart's time axis in pixels: `x0` drawn at `left`, `x1` at `left + length`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Columns {
    x0: i64,
    x1: i64,
    left: i32,
    length: i32,
}

impl Columns {
    /// `n` equal columns over `[x0, x1]` (and `x1` itself in a column `n` of its own).
    pub fn even(x0: i64, x1: i64, n: usize) -> Columns {
        let length = i32::try_from(n).unwrap_or(i32::MAX);
        Columns::spanning(x0, x1, 0, length)
    }

    /// The plot's columns on a time chart `width` px wide over `[x0, x1]`: where
    /// [`super::render_timeseries`] draws each time. Explore reduces its series with them
    /// before it charts them.
    pub fn of_chart(width: u32, x0: i64, x1: i64) -> Columns {
        let x1 = x1.max(x0 + 1);
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (width, 200)).into_drawing_area();
        // Bound before returning: the plane borrows `root`, which borrows `svg`.
        let columns = match super::timeseries::plane(&root, (x0, x1), (0.0, 1.0)) {
            Ok(ctx) => Columns::of_plane(&ctx, x0, x1),
            Err(_) => Columns::even(x0, x1, width as usize),
        };
        columns
    }

    /// The columns of a chart's plane, read from where it puts both ends of its range.
    pub(super) fn of_plane(ctx: &super::timeseries::Plane, x0: i64, x1: i64) -> Columns {
        let (left, right) = (
            ctx.backend_coord(&(x0, 0.0)).0,
            ctx.backend_coord(&(x1, 0.0)).0,
        );
        Columns::spanning(x0, x1, left, right - left)
    }

    fn spanning(x0: i64, x1: i64, left: i32, length: i32) -> Columns {
        Columns {
            x0,
            x1,
            left,
            length,
        }
    }

    /// The range, `(x0, x1)`.
    pub fn range(&self) -> (i64, i64) {
        (self.x0, self.x1)
    }

    /// How many columns there are, both ends included.
    pub fn count(&self) -> usize {
        self.length.unsigned_abs() as usize + 1
    }

    /// The column `t` is drawn in: plotters' mapping of a number to pixels (`Ranged::map`),
    /// operation for operation, so both agree to the pixel.
    pub fn at(&self, t: i64) -> i32 {
        if self.x1 == self.x0 {
            return self.length / 2;
        }
        let along = (t as f64 - self.x0 as f64) / (self.x1 as f64 - self.x0 as f64);
        if self.length == 0 || along.is_infinite() {
            return self.left + self.length;
        }
        self.left + (self.length as f64 * along + 1e-3).floor() as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_where_plotters_draws() {
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (900, 300)).into_drawing_area();
        for (x0, x1) in [(0, 300_000_000), (12_345_678, 251_234_567), (-7, 3), (5, 6)] {
            let ctx =
                crate::core::chart::timeseries::plane(&root, (x0, x1), (0.0, 1.0)).expect("plane");
            let cols = Columns::of_chart(900, x0, x1);
            assert_eq!(cols.count(), 828, "{x0}..{x1}");
            let step = ((x1 - x0) / 10_007).max(1);
            for t in (x0..=x1).step_by(step as usize).chain([x1]) {
                assert_eq!(
                    cols.at(t),
                    ctx.backend_coord(&(t, 0.5)).0,
                    "{t} in {x0}..{x1}"
                );
            }
        }
        assert_eq!(Columns::even(0, 100, 10).at(55), 5);
        assert_eq!(Columns::even(0, 100, 10).count(), 11);
    }
}
