//! The fuzz targets: one per parser of outside data, each with the parser call(s), its seed
//! files (repository paths and `../shared/fixtures/interop/` subfolders), built-in seeds and a
//! generator of structure-aware inputs. `regressions()` holds the inputs that ever failed.

use headroom::core::config::{self, Format};
use headroom::core::slo::{formats, Window};
use headroom::core::{route, selector::Selector, time, tz::Zone, url, yaml};
use headroom::sources::{
    backstage, csv_metrics, delivery_events, exposition, github, http::HttpResponse, kubernetes,
    prometheus::api, registry,
};

use super::{gen, tree, Corpus, Rng};

pub struct Target {
    pub name: &'static str,
    /// Feeds one input to the parser(s); a panic propagates.
    pub run: fn(&[u8]),
    /// Seed files or folders, relative to the repository.
    pub files: &'static [&'static str],
    /// Seed folders under `../shared/fixtures/interop/`.
    pub interop: &'static [&'static str],
    /// Built-in seeds.
    pub literals: &'static [&'static str],
    /// A structure-aware input (the runner mutates it further at times).
    pub generate: fn(&mut Rng, &Corpus) -> Vec<u8>,
}

fn text(b: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(b)
}

/// The whole text, then each of its first lines, to `f` (line parsers see both).
fn whole_and_lines(b: &[u8], f: fn(&str)) {
    let t = text(b);
    f(&t);
    t.lines().take(50).for_each(f);
}

fn json_tree(rng: &mut Rng, c: &Corpus) -> Vec<u8> {
    c.trees
        .mutated(rng)
        .map_or_else(Vec::new, |v| tree::write(&v, false))
}

fn yaml_tree(rng: &mut Rng, c: &Corpus) -> Vec<u8> {
    c.trees
        .mutated(rng)
        .map_or_else(Vec::new, |v| tree::write(&v, true))
}

fn any_tree(rng: &mut Rng, c: &Corpus) -> Vec<u8> {
    let yaml = rng.one_in(2);
    c.trees
        .mutated(rng)
        .map_or_else(Vec::new, |v| tree::write(&v, yaml))
}

/// One to four lines of a line generator, as a table entry.
macro_rules! lines_of {
    ($g:path) => {{
        fn g(rng: &mut Rng, _: &Corpus) -> Vec<u8> {
            let n = 1 + rng.below(4);
            (0..n)
                .map(|_| $g(rng) + "\n")
                .collect::<String>()
                .into_bytes()
        }
        g
    }};
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "prometheus_json",
        run: |b| {
            for status in [200, 503] {
                let resp = HttpResponse { status, headers: vec![], body: b.to_vec() };
                let _ = api::decode_query("u", &resp);
            }
        },
        files: &["public/demo/prometheus"],
        interop: &[],
        literals: &[
            r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]}]}}"#,
            r#"{"status":"success","data":{"resultType":"scalar","result":[1e400,"+Inf"]},"warnings":["w"]}"#,
            r#"{"status":"error","errorType":"bad_data","error":"parse error"}"#,
        ],
        generate: json_tree,
    },
    Target {
        name: "exposition",
        run: |b| {
            let t = text(b);
            for om in [None, Some(true), Some(false)] {
                let _ = exposition::parse::parse(&t, om);
            }
        },
        files: &["public/demo/metrics", "tests/prometheus/ksm.prom"],
        interop: &["exposition"],
        literals: &["# TYPE a histogram\na_bucket{le=\"+Inf\"} 1 # {id=\"x\"} 1 1.5\n# EOF\n"],
        generate: |rng, _| gen::exposition(rng).into_bytes(),
    },
    Target {
        name: "slo_definitions",
        run: |b| {
 let _ = formats::import_any(&text(b), "p");
},
        files: &["tests/prometheus/rules.yml"],
        interop: &["openslo", "sloth", "pyrra"],
        literals: &["- name: a\n  objective: 99.9\n  sli: {ratio: {errors: e, total: t}}\n"],
        generate: yaml_tree,
    },
    Target {
        name: "yaml",
        run: |b| {
            let t = text(b);
            // Whatever reads, our writer writes back to the same values.
            for v in yaml::documents(&t).unwrap_or_default() {
                let again = yaml::documents(&yaml::to_string(&v));
                assert_eq!(again.ok(), Some(vec![v.clone()]), "written and read back: {v}");
            }
            let _ = yaml::read(&t, yaml::Duplicates::Refuse);
        },
        files: &["public/demo/backstage", "tests/prometheus/rules.yml", "tests/prometheus/prometheus.yml"],
        interop: &["openslo", "sloth", "pyrra", "backstage"],
        literals: &[
            "a: &x [1, {b: *x}]\n? [k]\n: v\n--- |2-\n   x\n...\n",
            "\"\\U0001F600\\x41\\\n  b\": [a: b, ? c]\n%TAG !e! tag:e.com,2000:\n--- !e!x y\n",
            "- >+\n  folded\n\n- !!int 0x1F\n- !!str 1\n- .nan\n- '0012'\n",
        ],
        generate: yaml_tree,
    },
    Target {
        name: "config",
        run: |b| {
            let t = text(b);
            let kinds = registry::kinds();
            for format in [Format::Json, Format::Yaml] {
                // The quick reader (the app's) agrees with the one that records paths.
                let detailed = config::parse(&t, format, &kinds);
                match config::parse_quick(&t, format, &kinds) {
                    Some(quick) => assert_eq!(quick, detailed, "parse_quick differs"),
                    None => assert!(detailed.is_err(), "parse read what parse_quick did not"),
                }
            }
        },
        files: &["public/headroom.json"],
        interop: &[],
        literals: &["sources: [{name: p, kind: prometheus, url: 'http://a', timeout: 0s}]\n"],
        generate: any_tree,
    },
    Target {
        name: "kubernetes",
        run: |b| {
 let _ = kubernetes::parse_list(b, "c");
},
        files: &["public/demo/k8s"],
        interop: &[],
        literals: &[r#"{"kind":"List","items":[{"kind":"Deployment","metadata":{}}]}"#],
        generate: json_tree,
    },
    Target {
        name: "quantity",
        run: |b| {
 whole_and_lines(b, |s| {
 let _ = kubernetes::quantity::parse(s);
 })
 },
        files: &[],
        interop: &[],
        literals: &["250m\n4\n16241620Ki\n1Gi\n1e3\n1.5G\n1Ei\n-1\n.5\n1E\n0.1n"],
        generate: lines_of!(gen::quantity),
    },
    Target {
        name: "backstage",
        run: |b| {
            let _ = backstage::parse(&text(b), "b");
            let _ = backstage::parse_facets(b);
        },
        files: &["public/demo/backstage"],
        interop: &["backstage"],
        literals: &[r#"{"facets":{"kind":[{"value":"Component","count":3}]}}"#],
        generate: any_tree,
    },
    Target {
        name: "github",
        run: |b| {
            let _ = github::parse(b);
            let _ = github::next_link(&text(b));
        },
        files: &["public/demo/ci"],
        interop: &[],
        literals: &[
            r#"<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=9>; rel="last""#,
        ],
        generate: |rng, c| match rng.below(2) {
            0 => gen::link_header(rng).into_bytes(),
            _ => json_tree(rng, c),
        },
    },
    Target {
        name: "delivery_csv",
        run: |b| {
 let _ = delivery_events::parse(&text(b));
},
        files: &["public/demo/delivery"],
        interop: &[],
        literals: &[r#"[{"type":"deployment","service":"cart","finished_at":"2024-01-01T00:00:00Z"}]"#],
        generate: |rng, _| {
            const HEADER: &[&str] = &[
                "type", "service", "repo", "environment", "commit", "commit_time", "started_at",
                "finished_at", "status", "severity",
            ];
            gen::csv(rng, HEADER, gen::csv_cell).into_bytes()
        },
    },
    Target {
        name: "metrics_csv",
        run: |b| {
 let _ = csv_metrics::parse(&text(b));
},
        files: &[],
        interop: &[],
        literals: &[
            "timestamp,value,__name__,code\n1700000000,1,http_requests_total,200\n2023-11-14T22:13:20Z,NaN,up,\n",
            "\u{feff}metric,timestamp,value\nup,1700000000000,\"1\"\r\n",
        ],
        generate: |rng, _| {
            const HEADER: &[&str] = &["timestamp", "value", "__name__", "metric", "code", "le"];
            gen::csv(rng, HEADER, gen::csv_cell).into_bytes()
        },
    },
    Target {
        name: "time",
        run: |b| {
            whole_and_lines(b, |s| {
                let _ = time::parse_rfc3339(s);
                let _ = time::parse_time(s);
                let _ = time::parse_duration(s);
                let _ = Window::parse(s, Some(s));
                let _ = Zone::parse(s);
            })
        },
        files: &[],
        interop: &[],
        literals: &[
            "2026-10-31T12:34:56Z\n2026-10-31T12:34:56.123456+05:30\n1700000000\n1.7e12\n30d\n1h30m\n250ms\nweek\nCET-1CEST,M3.5.0,M10.5.0/3\nEurope/Paris",
        ],
        generate: |rng, _| {
            let n = 1 + rng.below(4);
            let lines: String = (0..n)
                .map(|_| match rng.below(3) {
                    0 => gen::duration(rng),
                    1 => gen::rfc3339(rng),
                    _ => gen::value(rng),
                } + "\n")
                .collect();
            lines.into_bytes()
        },
    },
    Target {
        name: "route",
        run: |b| {
 let _ = route::parse_hash(&text(b));
},
        files: &[],
        interop: &[],
        literals: &["#/slos/checkout%20latency?team=a+b&window=30d", "#/inventory/c++-build?q="],
        generate: |rng, _| gen::route(rng).into_bytes(),
    },
    Target {
        name: "selector",
        run: |b| {
 whole_and_lines(b, |s| {
 let _ = Selector::parse(s);
 })
 },
        files: &[],
        interop: &[],
        literals: &["http_requests_total{code=~\"5..\", job!=\"x\"}\nup\n{a!~\"b|c\"}"],
        generate: lines_of!(gen::selector),
    },
    Target {
        name: "url",
        run: |b| {
            whole_and_lines(b, |s| {
                let base = "https://headroom.example/team/";
                let _ = url::origin(s);
                let _ = url::origin_on_page(s, base);
                let _ = url::config_is_trusted(s, base, &[]);
            })
        },
        files: &[],
        interop: &[],
        literals: &["https://prom.example.com:9090/api\n//cdn.example/x\n../a.json\nHTTP://[::1]:80/"],
        generate: lines_of!(gen::url),
    },
    Target {
        name: "detect",
        run: |b| {
            let t = text(b);
            let _ = registry::detect_kind(&t);
            let _ = Format::guess("f", &t);
        },
        files: &["public/demo/backstage", "public/demo/delivery", "public/demo/metrics"],
        interop: &["openslo"],
        literals: &["type,service\n"],
        generate: any_tree,
    },
];

/// Inputs that once crashed or misled a parser, by target. They are seeds of their target and
/// run on their own in `tests/fuzz.rs`.
pub fn regressions() -> Vec<(&'static str, &'static str)> {
    vec![
        ("time", "2023-11-14T22:13:20+0é00"),
        ("github", "x>y<z; rel=\"next\""),
        ("quantity", "NaN"),
        ("time", "NaN"),
        ("quantity", "1Ei"),
        ("exposition", "# HELP m a\\\\nb\nm 1\n"),
        (
            "delivery_csv",
            "\u{feff}type,service,finished_at\ndeployment,cart,NaN\n",
        ),
        ("route", "#/slos/c++?q=a+b"),
        // A POSIX TZ offset of 2818552148148 hours overflowed (`core/tz.rs`).
        ("time", "<268-11-19 05:50:61.1808>2818552148148+00:00"),
        // A month of `-3` overflowed the day count (`core/time.rs`).
        ("time", "2026--3--1T12:34:56.123456+05:30"),
    ]
}

/// The target called `name`.
pub fn target(name: &str) -> &'static Target {
    TARGETS
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no fuzz target {name}"))
}
