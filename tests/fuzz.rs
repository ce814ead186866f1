//! A fuzz pass over every parser that reads data from outside: random mutations (bit flips,
//! byte and slice insertions, truncations, splices, hostile tokens) of real inputs — the demo
//! workspace's files and, when present, `../shared/fixtures/interop/` — must never panic.
//! `make test` runs a short pass; `make fuzz` runs each target for `FUZZ_SECONDS` (default
//! 60). Deterministic per seed (`FUZZ_SEED`), so a failure reproduces; inputs that ever
//! failed belong in `regressions()`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use headroom::core::config::{self, Format};
use headroom::core::slo::formats;
use headroom::core::{route, selector::Selector, time};
use headroom::sources::{
    backstage, csv_metrics, delivery_events, exposition, github, http::HttpResponse, kubernetes,
    prometheus::api, registry,
};

/// xorshift64*: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that break parsers: escapes, numbers at the edges, multi-byte text, brackets.
const TOKENS: &[&str] = &[
    "\\",
    "\"",
    "\u{feff}",
    "é",
    "💥",
    "\0",
    "NaN",
    "-Inf",
    "+Inf",
    "1e400",
    "-1",
    "99999999999999999999",
    "\n",
    "\r\n",
    "{",
    "}",
    "[",
    "]",
    "<",
    ">",
    ":",
    ",",
    "=",
    "#",
    "---",
    "- ",
    "  ",
    "\t",
    "{{.window}}",
    "%",
    "%zz",
    "+0é00",
    "2023-11-14T22:13:20+0é00",
    "1Ei",
    "rel=\"next\"",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut b = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => b
                .splice(at..at, TOKENS[rng.below(TOKENS.len())].bytes())
                .for_each(drop),
            2 => b.truncate(at),
            3 if !b.is_empty() => {
                let (s, len) = (rng.below(b.len()), rng.below(64));
                let piece: Vec<u8> = b[s..(s + len).min(b.len())].to_vec();
                b.splice(at..at, piece).for_each(drop);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let s = rng.below(other.len() + 1);
                b.splice(at..at, other[s..].iter().take(256).copied())
                    .for_each(drop);
            }
            _ => b.insert(at.min(b.len()), rng.next() as u8),
        }
    }
    b
}

fn files(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if let Ok(b) = std::fs::read(&p) {
            if b.len() < 2_000_000 {
                out.push(b);
            }
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    files(&root.join("public"), &mut out);
    files(&root.join("tests/prometheus"), &mut out);
    files(&root.join("../shared/fixtures/interop"), &mut out);
    out.extend(regressions().iter().map(|s| s.as_bytes().to_vec()));
    out
}

/// Inputs that once crashed or misled a parser.
fn regressions() -> Vec<&'static str> {
    vec![
        "2023-11-14T22:13:20+0é00",
        "x>y<z; rel=\"next\"",
        "NaN",
        "1Ei",
        "# HELP m a\\\\nb\nm 1\n",
        "\u{feff}type,service,finished_at\ndeployment,cart,NaN\n",
        "#/slos/c++?q=a+b",
    ]
}

/// Every parser that reads outside data, on one input. Panics propagate.
fn every_parser(b: &[u8]) {
    let text = String::from_utf8_lossy(b);
    let resp = HttpResponse {
        status: 200,
        headers: vec![],
        body: b.to_vec(),
    };
    let _ = api::decode_query("u", &resp);
    let _ = exposition::parse::parse(&text, None);
    let _ = exposition::parse::parse(&text, Some(true));
    let _ = kubernetes::parse_list(b, "c");
    let _ = backstage::parse(&text, "b");
    let _ = github::parse(b);
    let _ = github::next_link(&text);
    let _ = delivery_events::parse(&text);
    let _ = csv_metrics::parse(&text);
    let _ = config::parse(&text, Format::Json, &registry::kinds());
    let _ = config::parse(&text, Format::Yaml, &registry::kinds());
    let _ = formats::import_any(&text, "p");
    let _ = Selector::parse(&text);
    let _ = route::parse_hash(&text);
    for line in text.lines().take(50) {
        let _ = time::parse_rfc3339(line);
        let _ = time::parse_time(line);
        let _ = time::parse_duration(line);
        let _ = kubernetes::quantity::parse(line);
    }
}

#[test]
fn no_parser_panics_on_mutated_inputs() {
    let budget = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3u64);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64);
    let seeds = seeds();
    assert!(seeds.len() > 10, "the demo files are the seed corpus");
    for s in &seeds {
        every_parser(s);
    }
    let mut rng = Rng(seed | 1);
    let until = Instant::now() + Duration::from_secs(budget);
    let mut runs = 0u64;
    while Instant::now() < until {
        let input = mutate(&mut rng, &seeds);
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| every_parser(&input))) {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-crash.bin");
            let _ = std::fs::write(&path, &input);
            panic!(
                "a parser panicked after {runs} inputs (seed {seed}); the input is in {}: {e:?}",
                path.display()
            );
        }
        runs += 1;
    }
    eprintln!("fuzz: {runs} mutated inputs in {budget} s, no panic");
}
