//! Fuzzing on the stable toolchain, one target per parser of outside data (see
//! `fuzz_kit/targets.rs`): each target feeds its parser its seeds — the demo workspace's
//! files, the test Prometheus files and, when present, `../shared/fixtures/interop/` — then
//! byte-level mutations of them, structure-aware inputs (random label sets, durations, routes,
//! JSON/YAML trees grafted from the seeds…) and mutations of those. No input may panic.
//!
//! `cargo test` runs a short pass of each target (`FUZZ_SECONDS`, default 0.25 s each);
//! `make fuzz` runs each for `FUZZ_SECONDS` (default 60; `FUZZ_TARGETS=a,b` picks targets),
//! and every target prints one line: inputs tried, time, seed. Deterministic per `FUZZ_SEED` (each target has its own sequence),
//! so a failure reproduces; a crashing input is written to `target/fuzz-crash-<target>.bin`,
//! and inputs that ever failed belong in `regressions()` (`fuzz_kit/targets.rs`).

mod fuzz_kit;

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fuzz_kit::mutate::mutate;
use fuzz_kit::targets::{regressions, target};
use fuzz_kit::{Corpus, Rng, Target, TARGETS};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Runs `input` through the target; on a panic, writes the input to
/// `target/fuzz-crash-<name>.bin` and fails naming it.
fn check(t: &Target, input: &[u8], what: &str) {
    if let Err(e) = catch_unwind(AssertUnwindSafe(|| (t.run)(input))) {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/fuzz-crash-{}.bin", t.name));
        let _ = std::fs::write(&path, input);
        let msg = e
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| e.downcast_ref::<&str>().copied())
            .unwrap_or("?");
        panic!(
            "fuzz {}: the parser panicked on {what}; the input is in {}: {msg}",
            t.name,
            path.display()
        );
    }
}

/// The next input: a mutated seed, a generated input, or a mutated generated one.
fn next_input(rng: &mut Rng, t: &Target, corpus: &Corpus) -> Vec<u8> {
    match rng.below(4) {
        0 | 1 if !corpus.seeds.is_empty() => {
            let seed = &corpus.seeds[rng.below(corpus.seeds.len())];
            mutate(rng, seed, &corpus.seeds)
        }
        2 => (t.generate)(rng, corpus),
        _ => {
            let g = (t.generate)(rng, corpus);
            mutate(rng, &g, &corpus.seeds)
        }
    }
}

/// Fuzzes one target for `FUZZ_SECONDS` and prints what it did.
fn fuzz(t: &Target) {
    let name = t.name;
    let seconds: f64 = env("FUZZ_SECONDS", 0.25);
    let seed: u64 = env("FUZZ_SEED", 0x5eed);
    let corpus = Corpus::of(t);
    for (i, s) in corpus.seeds.iter().enumerate() {
        check(t, s, &format!("seed {i}"));
    }
    let mut rng = Rng::for_target(seed, name);
    let start = Instant::now();
    let until = start + Duration::from_secs_f64(seconds);
    let mut runs = 0u64;
    while Instant::now() < until {
        let input = next_input(&mut rng, t, &corpus);
        check(t, &input, &format!("input {runs} (FUZZ_SEED={seed})"));
        runs += 1;
    }
    let took = start.elapsed().as_secs_f64();
    // Straight to stderr: one line per target even when libtest captures output.
    let _ = writeln!(
        std::io::stderr().lock(),
        "fuzz {name:<16} {runs:>9} inputs in {took:>5.1} s ({:>6.0}/s) after {:>2} seeds, FUZZ_SEED={seed}: no panic",
        runs as f64 / took.max(1e-9),
        corpus.seeds.len(),
    );
}

/// Every target (or those in `FUZZ_TARGETS`, comma-separated), on as many threads as there
/// are cores. One test, so that libtest prints nothing between the targets' lines.
#[test]
fn fuzz_targets() {
    let wanted = std::env::var("FUZZ_TARGETS").unwrap_or_default();
    let names: Vec<&str> = wanted
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    for n in &names {
        assert!(
            TARGETS.iter().any(|t| t.name == *n),
            "FUZZ_TARGETS: no target {n}; they are {:?}",
            TARGETS.iter().map(|t| t.name).collect::<Vec<_>>()
        );
    }
    let list: Vec<&Target> = TARGETS
        .iter()
        .filter(|t| names.is_empty() || names.contains(&t.name))
        .collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads.min(list.len()) {
            s.spawn(|| {
                while let Some(t) = list.get(next.fetch_add(1, Ordering::Relaxed)) {
                    fuzz(t);
                }
            });
        }
    });
}

#[test]
fn regressions_do_not_panic() {
    for (name, input) in regressions() {
        check(target(name), input.as_bytes(), "a regression input");
    }
}
