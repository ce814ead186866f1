//! No super-linear blow-up on large inputs: every fuzz target (`fuzz_kit/targets.rs`) reads
//! adversarial inputs of a few shapes — deep nesting, one long line, a long label value, 100k
//! labels on a line, 100k tiny lines, runs of `\`, `{` and `"`, long fields, 100k `Link`
//! entries, 100k route parameters, YAML aliases — at two sizes, 10× apart, and the time must
//! grow well below quadratically.
//!
//! This is a complexity check by ratio, not a speed budget (timed assertions are otherwise not
//! allowed in our tests): each size is timed as the best of 3 runs, taken in turn, and the
//! larger may take at most 30× the smaller (quadratic would be 100×); a smaller time under
//! 2 ms (5 ms in debug builds) counts as that much, so that noise on tiny times cannot fail
//! it. A loaded 2-core machine stays far inside that margin. Sizes are 100 KB and 1 MB in release builds (`make fuzz`), 5 KB and 50 KB in
//! debug (`cargo test`, where the pass stays short); `SUPERLINEAR_KB` sets the larger size.

mod fuzz_kit;

use std::io::Write;
use std::time::{Duration, Instant};

use fuzz_kit::{Target, TARGETS};

/// `unit` repeated until the text reaches `bytes`; `{i}` in it becomes the repetition number.
fn rep(unit: &str, bytes: usize) -> String {
    if !unit.contains("{i}") {
        return unit.repeat(bytes.div_ceil(unit.len()));
    }
    let mut out = String::with_capacity(bytes + unit.len() + 8);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&unit.replace("{i}", &i.to_string()));
        i += 1;
    }
    out
}

/// An input shape: its name, the targets it is for (`*`: every target) and its builder.
type Shape = (&'static str, &'static [&'static str], fn(usize) -> String);

const ALL: &[&str] = &["*"];
const YAML: &[&str] = &["yaml", "config", "slo_definitions", "backstage", "detect"];
const JSON: &[&str] = &[
    "prometheus_json",
    "config",
    "kubernetes",
    "backstage",
    "github",
    "delivery_csv",
    "detect",
];
const CSV: &[&str] = &["delivery_csv", "metrics_csv", "detect"];
const LINES: &[&str] = &["quantity", "time", "selector", "url", "exposition", "route"];

const SHAPES: &[Shape] = &[
    ("nesting [[[[", ALL, |n| rep("[", n)),
    ("nesting {{{{", ALL, |n| rep("{", n)),
    ("nesting - - -", YAML, |n| rep("- ", n)),
    ("nested maps", YAML, |n| rep("a: {", n)),
    ("one long line", ALL, |n| rep("a", n)),
    ("100k tiny lines", ALL, |n| rep("a\n", n)),
    ("blank lines", ALL, |n| rep("\r\n", n)),
    ("backslashes", ALL, |n| rep("\\", n)),
    ("quoted string", ALL, |n| format!("\"{}\"", rep("a", n))),
    ("unterminated quote", ALL, |n| format!("\"{}", rep("é", n))),
    ("digits", ALL, |n| rep("9", n)),
    ("long label value", LINES, |n| {
        format!("m{{l=\"{}\"}} 1\n", rep("x", n))
    }),
    ("escaped label value", LINES, |n| {
        format!("m{{l=\"{}\"}} 1\n", rep("\\\\\\\"", n))
    }),
    ("100k labels on a line", LINES, |n| {
        format!("m{{{}}} 1\n", rep("l{i}=\"v\",", n))
    }),
    ("100k samples", &["exposition"], |n| {
        rep("m{a=\"b\"} 1 1700000000\n", n)
    }),
    ("100k families", &["exposition"], |n| {
        rep("# TYPE m{i} counter\nm{i}_total 1\n", n)
    }),
    ("long HELP", &["exposition"], |n| {
        format!("# HELP m {}\nm 1\n", rep("\\n", n))
    }),
    ("exemplars", &["exposition"], |n| {
        format!(
            "{}# EOF\n",
            rep("m_bucket{le=\"1\"} 1 # {a=\"{i}\"} 1 1.5\n", n)
        )
    }),
    ("long JSON string", JSON, |n| {
        format!("{{\"a\":\"{}\"}}", rep("\\u00e9", n))
    }),
    ("100k JSON keys", JSON, |n| {
        format!("{{{}\"z\":1}}", rep("\"k{i}\":[1],", n))
    }),
    ("100k series", &["prometheus_json"], |n| {
        let r = rep(
            "{\"metric\":{\"i\":\"{i}\"},\"values\":[[1,\"1\"],[2,\"NaN\"]]},",
            n,
        );
        format!("{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{}{{\"metric\":{{}},\"values\":[]}}]}}}}", r)
    }),
    ("100k items", &["kubernetes"], |n| {
        let item = "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d{i}\",\"namespace\":\"n\",\"labels\":{\"app\":\"a{i}\"}},\"spec\":{\"replicas\":1,\"template\":{\"spec\":{\"containers\":[{\"image\":\"i:{i}\",\"resources\":{\"limits\":{\"cpu\":\"250m\"}}}]}}}},";
        format!("{{\"kind\":\"List\",\"items\":[{}{{}}]}}", rep(item, n))
    }),
    ("100k runs", &["github"], |n| {
        let run = "{\"id\":{i},\"name\":\"ci\",\"status\":\"completed\",\"conclusion\":\"success\",\"head_branch\":\"main\",\"created_at\":\"2024-01-01T00:00:00Z\",\"updated_at\":\"2024-01-01T00:10:00Z\",\"repository\":{\"full_name\":\"o/r\"}},";
        format!(
            "{{\"total_count\":1,\"workflow_runs\":[{}{{}}]}}",
            rep(run, n)
        )
    }),
    ("100k Link entries", &["github"], |n| {
        format!(
            "{}<https://a/x?page=9>; rel=\"next\"",
            rep("<https://a/x?page={i}>; rel=\"prev\", ", n)
        )
    }),
    ("100k YAML documents", YAML, |n| {
        rep("---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: c{i}}\nspec: {owner: t, type: service}\n", n)
    }),
    ("100k sources", &["config"], |n| {
        format!(
            "sources:\n{}",
            rep("- {name: s{i}, kind: prometheus, url: 'http://h{i}'}\n", n)
        )
    }),
    ("100k SLOs", &["config", "slo_definitions"], |n| {
        format!("sources: [{{name: p, kind: prometheus, url: 'http://a'}}]\nslos:\n{}", rep("- {name: s{i}, service: a, objective: 99.9, source: p, sli: {ratio: {errors: e, total: t}}}\n", n))
    }),
    ("100k Sloth SLOs", &["slo_definitions"], |n| {
        format!("version: prometheus/v1\nservice: s\nslos:\n{}", rep("- {name: s{i}, objective: 99.9, sli: {events: {error_query: e, total_query: t}}}\n", n))
    }),
    ("YAML alias fan-out", YAML, |n| {
        format!("a: &a [{}]\nb: [{}]\n", rep("x,", n / 2), rep("*a,", n / 2))
    }),
    ("YAML many anchors", YAML, |n| {
        rep("a{i}: &a{i} [x, *a0]\n", n).replacen(", *a0", "", 1)
    }),
    ("1 MB CSV field", CSV, |n| {
        format!(
            "timestamp,value,__name__,type,service\n1,1,\"{}\",deployment,a\n",
            rep("x", n)
        )
    }),
    ("CSV doubled quotes", CSV, |n| {
        format!("type,service\n\"{}\"\n", rep("\"\"", n))
    }),
    ("100k CSV rows", CSV, |n| {
        format!("timestamp,value,__name__,code\n{}", rep("{i},1,m,200\n", n))
    }),
    ("100k CSV columns", CSV, |n| {
        format!("{}type,service\n", rep("c{i},", n))
    }),
    ("100k delivery rows", CSV, |n| {
        format!(
            "type,service,finished_at,status\n{}",
            rep("deployment,s{i},2024-01-01T00:00:00Z,success\n", n)
        )
    }),
    ("100k route params", &["route"], |n| {
        format!("#/slos/x?{}", rep("k{i}=v%20{i}&", n))
    }),
    ("100k route segments", &["route"], |n| {
        format!("#/{}", rep("a%2F/", n))
    }),
    ("100k selector matchers", &["selector"], |n| {
        format!("m{{{}}}", rep("l{i}=\"v\",", n))
    }),
    ("long regex", &["selector"], |n| {
        format!("m{{l=~\"{}\"}}", rep("a|", n))
    }),
    ("100k duration parts", &["time"], |n| rep("1h", n)),
    ("long fraction", &["time"], |n| {
        format!("2024-01-01T00:00:00.{}Z", rep("1", n))
    }),
    ("long TZ name", &["time"], |n| {
        format!("<{}>-1", rep("a", n))
    }),
    ("long quantity", &["quantity"], |n| {
        format!("{}Ki", rep("1", n))
    }),
    ("long URL", &["url"], |n| {
        format!("https://{}.example:443/", rep("a.", n))
    }),
];

/// The best of 3 runs of `f` on each input, small and large runs taken in turn (so that a
/// change of load on the machine weighs on both).
fn best_of_3(f: fn(&[u8]), small: &[u8], large: &[u8]) -> (Duration, Duration) {
    let time = |input: &[u8]| {
        let t = Instant::now();
        f(input);
        t.elapsed()
    };
    (0..3)
        .map(|_| (time(small), time(large)))
        .fold((Duration::MAX, Duration::MAX), |(s, l), (a, b)| {
            (s.min(a), l.min(b))
        })
}

fn large_kb() -> usize {
    let default = if cfg!(debug_assertions) { 50 } else { 1024 };
    std::env::var("SUPERLINEAR_KB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

#[test]
fn parsers_stay_linear_on_large_inputs() {
    let large = large_kb() * 1024;
    let floor = Duration::from_millis(if cfg!(debug_assertions) { 5 } else { 2 });
    let mut failures = Vec::new();
    let only = std::env::var("SUPERLINEAR_TARGET").unwrap_or_default();
    let verbose = std::env::var("SUPERLINEAR_VERBOSE").is_ok();
    let (mut pairs, mut worst) = (0, (0.0, String::new()));
    for (shape, targets, build) in SHAPES {
        let (small_in, large_in) = (build(large / 10), build(large));
        let applies = |t: &&Target| {
            (only.is_empty() || t.name == only)
                && (targets.contains(&"*") || targets.contains(&t.name))
        };
        for t in TARGETS.iter().filter(applies) {
            let (small, big) = best_of_3(t.run, small_in.as_bytes(), large_in.as_bytes());
            let ratio = big.as_secs_f64() / small.max(floor).as_secs_f64();
            if verbose || ratio >= 30.0 {
                eprintln!(
                    "{:<16} {shape:<24} {:>8.2} ms → {:>8.2} ms: ×{ratio:.1}",
                    t.name,
                    small.as_secs_f64() * 1e3,
                    big.as_secs_f64() * 1e3
                );
            }
            pairs += 1;
            if ratio > worst.0 {
                worst = (ratio, format!("{} on {shape}", t.name));
            }
            if ratio >= 30.0 {
                failures.push(format!("{} on {shape}: ×{ratio:.0}", t.name));
            }
        }
    }
    // Straight to stderr (libtest captures eprintln! of passing tests): `make fuzz` shows it.
    let _ = writeln!(
        std::io::stderr().lock(),
        "superlinear: {pairs} target × shape pairs at {} KB and {} KB, worst ×{:.1} ({})",
        large / 10 / 1024,
        large / 1024,
        worst.0,
        worst.1
    );
    assert!(failures.is_empty(), "super-linear: {failures:?}");
}

/// Billion laughs (aliases of aliases) and one alias of a long list repeated: every YAML
/// reader refuses them with a clear error instead of expanding them (which took minutes and
/// gigabytes for the second one at 100 KB).
#[test]
fn yaml_alias_bombs_are_refused() {
    let mut laughs = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        laughs.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    let fan = format!(
        "a: &a [{}]\nb: [{}]\n",
        "x,".repeat(20_000),
        "*a,".repeat(20_000)
    );
    type Reader = fn(&str) -> String;
    let readers: [(&str, Reader); 4] = [
        ("yaml", |t| {
            headroom::core::yaml::documents(t)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        }),
        ("config", |t| {
            let kinds = headroom::sources::registry::kinds();
            let r = headroom::core::config::parse(t, headroom::core::config::Format::Yaml, &kinds);
            r.err().map(|e| e.to_string()).unwrap_or_default()
        }),
        ("slo_definitions", |t| {
            headroom::core::slo::formats::import_any(t, "p")
                .err()
                .unwrap_or_default()
        }),
        ("backstage", |t| {
            headroom::sources::backstage::parse(t, "b")
                .err()
                .unwrap_or_default()
        }),
    ];
    for (name, read) in readers {
        for bomb in [&laughs, &fan] {
            let err = read(bomb);
            assert!(err.contains("YAML aliases expand"), "{name}: {err}");
        }
    }
}
