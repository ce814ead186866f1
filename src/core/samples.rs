//! Samples as sources send them are not always in order: files concatenated by hand, exports
//! of several shards, a recording rule evaluated twice. Every series is put in time order with
//! one sample per timestamp (the last one sent wins, as in a Prometheus remote-write replay)
//! before any figure is computed from it, and the fix is counted so the user is told.

use super::model::Sample;

/// What [`tidy`] changed in one series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tidied {
    /// Samples that came after a later one.
    pub out_of_order: usize,
    /// Samples dropped because a later-sent sample had the same timestamp.
    pub duplicates: usize,
}

impl Tidied {
    pub fn changed(&self) -> bool {
        self.out_of_order > 0 || self.duplicates > 0
    }

    pub fn add(&mut self, other: Tidied) {
        self.out_of_order += other.out_of_order;
        self.duplicates += other.duplicates;
    }

    /// "3 samples out of time order were sorted; 2 repeated timestamps kept their last value".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.out_of_order > 0 {
            parts.push(format!(
                "{} sample{} out of time order {} sorted",
                self.out_of_order,
                plural(self.out_of_order),
                if self.out_of_order == 1 {
                    "was"
                } else {
                    "were"
                }
            ));
        }
        if self.duplicates > 0 {
            parts.push(format!(
                "{} repeated timestamp{} kept the last value sent",
                self.duplicates,
                plural(self.duplicates)
            ));
        }
        parts.join("; ")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Sorts samples by time, stably (equal timestamps keep their order). Every reader sorts through
/// this one function, so the sort is compiled once.
pub fn by_time(samples: &mut [Sample]) {
    samples.sort_by_key(|s| s.t_ms);
}

/// Sorts `samples` by time (stable) and keeps the last-sent sample of each timestamp.
pub fn tidy(samples: &mut Vec<Sample>) -> Tidied {
    let out_of_order = samples
        .windows(2)
        .filter(|w| matches!(w, [a, b] if b.t_ms < a.t_ms))
        .count();
    if out_of_order > 0 {
        by_time(samples);
    }
    let before = samples.len();
    // `dedup_by` keeps the first of a run and hands (later, kept): copy the later value over.
    samples.dedup_by(|later, kept| {
        if later.t_ms == kept.t_ms {
            kept.v = later.v;
            true
        } else {
            false
        }
    });
    Tidied {
        out_of_order,
        duplicates: before - samples.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t_ms: i64, v: f64) -> Sample {
        Sample { t_ms, v }
    }

    #[test]
    fn descending_and_repeated_samples_become_one_per_time_in_order() {
        let mut v = vec![s(3, 30.0), s(2, 20.0), s(2, 21.0), s(1, 10.0), s(3, 31.0)];
        let t = tidy(&mut v);
        assert_eq!(v, vec![s(1, 10.0), s(2, 21.0), s(3, 31.0)]);
        assert_eq!(
            t,
            Tidied {
                out_of_order: 2,
                duplicates: 2
            }
        );
        assert_eq!(
            t.describe(),
            "2 samples out of time order were sorted; 2 repeated timestamps kept the last value sent"
        );
    }

    #[test]
    fn ordered_samples_are_left_alone() {
        let mut v = vec![s(1, 1.0), s(2, 2.0)];
        let t = tidy(&mut v);
        assert!(!t.changed());
        assert_eq!(v, vec![s(1, 1.0), s(2, 2.0)]);
        assert_eq!(tidy(&mut vec![]), Tidied::default());
    }
}
