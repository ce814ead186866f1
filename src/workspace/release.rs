//! Large answers freed in pieces. An SLO over every counter of a 100,000-series file dropped
//! its 80,000 series (each with its labels) at once: 130–150 ms of one task, after the figures
//! were already computed. They are freed a few thousand at a time, the page running between.

use super::job::Job;
use crate::core::model::Series;

/// How many series are freed before the page runs again (~10 ms on a slow machine).
const PIECE: usize = 5_000;

/// Frees every list, pausing after each piece of [`PIECE`] series.
pub(super) async fn in_pieces(job: &Job<'_>, lists: Vec<Vec<Series>>) {
    for mut list in lists {
        while list.len() > PIECE {
            list.truncate(list.len() - PIECE);
            job.loader.runtime.pause().await;
        }
    }
}
