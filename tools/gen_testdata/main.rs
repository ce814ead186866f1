//! Deterministic test data for the integration and browser tests: OpenMetrics with timestamps
//! for several services over 31 days, scraped every 2 minutes, with error bursts, a counter
//! reset, a scrape gap and a low-traffic service. The test harness backfills it into a real
//! Prometheus with `promtool tsdb create-blocks-from openmetrics`.
//!
//! Usage: `cargo run --bin gen-testdata -- OUT_FILE`. The series are described in
//! `tests/README.md` so tests can name what they check.

use std::fmt::Write as _;
use std::io::Write as _;

/// Last sample time: 2026-10-01T00:00:00Z (in the past, so the data sits in persistent blocks).
pub const END_S: i64 = 1_790_812_800;
pub const DAYS: i64 = 31;
pub const INTERVAL_S: i64 = 120;

struct Svc {
    name: &'static str,
    rps: f64,
    error_ratio: f64,
    /// (start day offset from the first sample, hours, error ratio)
    bursts: &'static [(f64, f64, f64)],
    /// Day offset at which the process restarts (counters drop to zero).
    reset_at_day: Option<f64>,
    /// (start day, hours) with no samples at all.
    gap: Option<(f64, f64)>,
}

const SERVICES: [Svc; 4] = [
    Svc {
        name: "api",
        rps: 40.0,
        error_ratio: 0.001,
        bursts: &[(10.5, 2.0, 0.2)],
        reset_at_day: None,
        gap: None,
    },
    Svc {
        name: "checkout",
        rps: 12.0,
        error_ratio: 0.002,
        bursts: &[(3.25, 1.0, 0.5), (22.0, 3.0, 0.1)],
        reset_at_day: Some(15.5),
        gap: None,
    },
    Svc {
        name: "search",
        rps: 25.0,
        error_ratio: 0.0005,
        bursts: &[],
        reset_at_day: None,
        gap: Some((20.0, 6.0)),
    },
    Svc {
        name: "batch",
        rps: 0.01,
        error_ratio: 0.05,
        bursts: &[],
        reset_at_day: None,
        gap: None,
    },
];

/// SplitMix64, so every run writes the same bytes.
struct Rng(u64);
impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Per-service cumulative counters at each scrape.
struct Point {
    t: i64,
    ok: u64,
    err: u64,
    le: [u64; 3],
    sum: f64,
    up: u8,
    p99: f64,
}

fn simulate(s: &Svc, seed: u64) -> Vec<Point> {
    let mut rng = Rng(seed);
    let start = END_S - DAYS * 86_400;
    let (mut ok, mut err, mut le, mut sum) = (0u64, 0u64, [0u64; 3], 0.0f64);
    let mut out = Vec::new();
    let mut carry = 0.0;
    let mut t = start;
    while t <= END_S {
        let day = (t - start) as f64 / 86_400.0;
        if s.reset_at_day
            .is_some_and(|r| day >= r && day < r + INTERVAL_S as f64 / 86_400.0)
        {
            (ok, err, le, sum) = (0, 0, [0; 3], 0.0);
        }
        let in_gap = s.gap.is_some_and(|(d, h)| day >= d && day < d + h / 24.0);
        let burst = s
            .bursts
            .iter()
            .find(|(d, h, _)| day >= *d && day < d + h / 24.0)
            .map(|b| b.2);
        let ratio = burst.unwrap_or(s.error_ratio);
        let expected = s.rps * INTERVAL_S as f64 * (0.7 + 0.6 * rng.unit()) + carry;
        let n = expected.floor() as u64;
        carry = expected - n as f64;
        // Stochastic rounding, so that even the low-traffic service sees its rare errors.
        let want = (n as f64) * ratio * (0.5 + rng.unit());
        let e = ((want.floor() + f64::from(u8::from(rng.unit() < want.fract()))) as u64).min(n);
        let slow = if burst.is_some() { 0.3 } else { 0.02 };
        let fast = ((n as f64) * (1.0 - slow)).round() as u64;
        let mid = (n - fast) / 2;
        ok += n - e;
        err += e;
        le[0] += fast.saturating_sub(mid);
        le[1] += fast;
        le[2] += fast + mid;
        sum += n as f64 * (0.08 + 0.4 * slow);
        if !in_gap {
            let up = u8::from(burst.is_none() || rng.unit() > 0.5);
            out.push(Point {
                t,
                ok,
                err,
                le,
                sum,
                up,
                p99: if burst.is_some() {
                    1.2
                } else {
                    0.25 + 0.1 * rng.unit()
                },
            });
        }
        t += INTERVAL_S;
    }
    out
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: gen-testdata OUT_FILE");
    let sims: Vec<(&Svc, Vec<Point>)> = SERVICES
        .iter()
        .enumerate()
        .map(|(i, s)| (s, simulate(s, 77 + i as u64)))
        .collect();
    let mut out = String::with_capacity(64 << 20);
    let family = |out: &mut String, name: &str, kind: &str, help: &str| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
    };
    family(
        &mut out,
        "http_requests",
        "counter",
        "Requests served, by outcome.",
    );
    for (s, pts) in &sims {
        for (code, pick) in [("200", 0usize), ("500", 1)] {
            for p in pts {
                let v = if pick == 0 { p.ok } else { p.err };
                let _ = writeln!(
                    out,
                    "http_requests_total{{service=\"{}\",code=\"{code}\"}} {v} {}",
                    s.name, p.t
                );
            }
        }
    }
    family(
        &mut out,
        "http_request_duration_seconds",
        "histogram",
        "Request latency.",
    );
    for (s, pts) in &sims {
        for (i, le) in ["0.1", "0.3", "1"].iter().enumerate() {
            for p in pts {
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_bucket{{service=\"{}\",le=\"{le}\"}} {} {}",
                    s.name, p.le[i], p.t
                );
            }
        }
        for p in pts {
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{service=\"{}\",le=\"+Inf\"}} {} {}",
                s.name,
                p.ok + p.err,
                p.t
            );
        }
        for p in pts {
            let _ = writeln!(
                out,
                "http_request_duration_seconds_count{{service=\"{}\"}} {} {}",
                s.name,
                p.ok + p.err,
                p.t
            );
        }
        for p in pts {
            let _ = writeln!(
                out,
                "http_request_duration_seconds_sum{{service=\"{}\"}} {:.3} {}",
                s.name, p.sum, p.t
            );
        }
    }
    family(
        &mut out,
        "probe_success",
        "gauge",
        "Whether the synthetic probe succeeded.",
    );
    for (s, pts) in &sims {
        for p in pts {
            let _ = writeln!(
                out,
                "probe_success{{service=\"{}\"}} {} {}",
                s.name, p.up, p.t
            );
        }
    }
    family(
        &mut out,
        "http_request_p99_seconds",
        "gauge",
        "99th percentile latency over the last scrape interval.",
    );
    for (s, pts) in &sims {
        for p in pts {
            let _ = writeln!(
                out,
                "http_request_p99_seconds{{service=\"{}\"}} {:.4} {}",
                s.name, p.p99, p.t
            );
        }
    }
    out.push_str("# EOF\n");
    let mut f = std::fs::File::create(&path).unwrap_or_else(|e| panic!("create {path}: {e}"));
    f.write_all(out.as_bytes()).expect("write test data");
    eprintln!("wrote {} bytes of OpenMetrics to {path}", out.len());
}
