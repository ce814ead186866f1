//! What `tests/fuzz.rs` and `tests/superlinear.rs` share: the fuzz targets (one per parser of
//! outside data, each with its own seed files and generator), a small reproducible random
//! generator, byte-level mutations and the seed corpus of each target.

#![allow(dead_code)]

pub mod gen;
pub mod mutate;
pub mod targets;
pub mod tree;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Once;

pub use targets::{Target, TARGETS};

/// xorshift64*: small, fast, reproducible.
pub struct Rng(pub u64);

impl Rng {
    /// A generator for one target: the same `seed` gives each target its own sequence, and
    /// that sequence does not depend on which other targets run.
    pub fn for_target(seed: u64, name: &str) -> Rng {
        let h = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        Rng((seed ^ h) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True once in `n` times.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    pub fn pick<'a, T: ?Sized>(&mut self, xs: &[&'a T]) -> &'a T {
        xs[self.below(xs.len())]
    }
}

/// The seeds of a target and the JSON/YAML values found in them (for tree mutations).
pub struct Corpus {
    pub seeds: Vec<Vec<u8>>,
    pub trees: tree::Pool,
}

impl Corpus {
    /// Reads `target`'s seed files (from the repository and the interop fixtures) and adds its
    /// built-in seeds and regressions.
    pub fn of(target: &Target) -> Corpus {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seeds = Vec::new();
        for f in target.files {
            files(&root.join(f), &mut seeds);
        }
        if !target.interop.is_empty() {
            if let Some(dir) = interop() {
                for sub in target.interop {
                    files(&dir.join(sub), &mut seeds);
                }
            }
        }
        seeds.extend(target.literals.iter().map(|s| s.as_bytes().to_vec()));
        seeds.extend(
            targets::regressions()
                .iter()
                .filter(|(t, _)| *t == target.name)
                .map(|(_, s)| s.as_bytes().to_vec()),
        );
        let trees = tree::Pool::of(&seeds);
        Corpus { seeds, trees }
    }
}

/// Every file under `path` (or `path` itself), in name order; files over 2 MB are left out.
fn files(path: &Path, out: &mut Vec<Vec<u8>>) {
    if path.is_file() {
        if let Ok(b) = std::fs::read(path) {
            if b.len() < 2_000_000 {
                out.push(b);
            }
        }
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        files(&p, out);
    }
}

/// `../shared/fixtures/interop/`, or `None` when it is missing outside CI: said once on stderr
/// (as `src/test_support.rs` does for the unit tests); with `CI=true` a missing folder fails.
pub fn interop() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/interop");
    if root.is_dir() {
        return Some(root);
    }
    let shown = root.display().to_string();
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{shown} is missing; CI must have the shared fixtures beside the repository"
    );
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Written to stderr directly: libtest captures eprintln! of passing tests.
        let _ = writeln!(
            std::io::stderr(),
            "note: {shown} is missing: the interop fixture seeds are skipped (CI=true fails instead)"
        );
    });
    None
}
