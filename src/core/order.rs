//! Stable sorting through one compiled sort.
//!
//! Every `slice::sort_by` call site with its own closure compiles its own copy of the standard
//! library's stable sort (about 3.5 KB of Wasm each). The lists sorted here are short (SLOs,
//! alerts, repositories, versions, incidents), so they share one sort of indices instead, and
//! each caller keeps only a small closure and the final move. Hot paths over many rows (the
//! entity table's columns, samples by time) keep their own specialised sorts.

use std::cmp::Ordering;

/// The stable order of `n` items under `cmp` over their indices: position `k` of the answer is
/// the index of the item that goes to position `k`. Not generic: one sort for every caller.
fn stable_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// The swaps that put each item where `order` says, following each cycle of the permutation
/// once. Not generic either: the caller only runs the swaps.
fn swaps(mut order: Vec<usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for start in 0..order.len() {
        let mut at = start;
        // Each position is read once: a visited one reads as `usize::MAX`.
        while let Some(from) = order.get_mut(at).map(|o| std::mem::replace(o, usize::MAX)) {
            if from == usize::MAX || from == start {
                break;
            }
            out.push((at, from));
            at = from;
        }
    }
    out
}

/// Sorts `v` stably by `cmp`, as `v.sort_by(cmp)` would.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = v;
        stable_order(
            items.len(),
            &mut |a, b| match (items.get(a), items.get(b)) {
                (Some(x), Some(y)) => cmp(x, y),
                _ => Ordering::Equal,
            },
        )
    };
    for (a, b) in swaps(order) {
        v.swap(a, b);
    }
}

/// Sorts `v` stably by `key`, as `v.sort_by_key(key)` would.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the cases need no dependency.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn equals_the_standard_stable_sort_on_ties_and_all_lengths() {
        let mut seed = 7;
        for n in [0usize, 1, 2, 3, 10, 21, 64, 257, 1000] {
            // Few distinct keys, so most comparisons tie and stability shows.
            let v: Vec<(u64, usize)> = (0..n).map(|i| (lcg(&mut seed) % 5, i)).collect();
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v.clone();
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "length {n}");
            let mut by_key = v.clone();
            sort_by_key(&mut by_key, |x| std::cmp::Reverse(x.0));
            let mut std_key = v;
            std_key.sort_by_key(|x| std::cmp::Reverse(x.0));
            assert_eq!(by_key, std_key, "length {n}, by key");
        }
    }

    #[test]
    fn moves_owned_values_without_losing_or_cloning_any() {
        let mut v: Vec<String> = ["pear", "fig", "apple", "fig", "kiwi"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort_by(&mut v, |a, b| a.len().cmp(&b.len()));
        assert_eq!(v, ["fig", "fig", "pear", "kiwi", "apple"]);
    }
}
