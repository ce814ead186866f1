//! Exclusion windows through the whole workspace load: a config with `exclusions` gives the
//! same figures (window SLI, budget, burn rates over every BURN_WINDOWS lookback, report
//! attainment) as the same data served with the excluded samples removed and no exclusions;
//! both loads talk to a fake Prometheus through the real adapter. Occurrences are also summed
//! by hand from the served samples.

use std::rc::Rc;

use headroom::core::config::{parse, Config, Format};
use headroom::core::slo::BURN_WINDOWS;
use headroom::sources::http::{FetchError, Fetcher, HttpRequest, HttpResponse};
use headroom::sources::{block_on, registry, LocalBoxFuture};
use headroom::workspace::export::slo_csv;
use headroom::workspace::fleet::Timeline;
use headroom::workspace::report::{build, ReportInput, ReportSpec};
use headroom::workspace::{load_slos, Loader, Runtime, SloState};

const H: i64 = 3_600_000;
/// 2026-10-01T00:00Z.
const NOW: i64 = 1_790_812_800_000;

/// (name, from, to, slos) of the windows; RFC 3339 in the config.
const WINDOWS: [(&str, &str, &str, &str); 5] = [
    // The incident on "a" only, partly overlapping its first and last hours.
    (
        "incident",
        "2026-09-10T02:30:00Z",
        "2026-09-10T12:15:00Z",
        "[\"a*\"]",
    ),
    // Two overlapping windows over every SLO.
    (
        "maintenance",
        "2026-09-20T00:00:00Z",
        "2026-09-21T00:00:00Z",
        "[]",
    ),
    (
        "migration",
        "2026-09-20T12:00:00Z",
        "2026-09-22T06:00:00Z",
        "[]",
    ),
    // The newest hours: the burn rates change.
    ("late", "2026-09-30T21:30:00Z", "2026-10-01T00:00:00Z", "[]"),
    // Outside the data: nothing changes.
    (
        "future",
        "2027-01-01T00:00:00Z",
        "2027-01-02T00:00:00Z",
        "[]",
    ),
];

fn t(text: &str) -> i64 {
    headroom::core::slo::exclusions::parse_instant(text).unwrap()
}

/// The spans removed from the SLO whose metrics start with `prefix`.
fn spans(prefix: &str) -> Vec<(i64, i64)> {
    WINDOWS
        .iter()
        .filter(|w| w.3 == "[]" || prefix == "a")
        .map(|w| (t(w.1), t(w.2)))
        .collect()
}

/// The served slice samples: (bad, total) of the slice ending at `end`.
fn sample(prefix: &str, end: i64) -> (f64, f64) {
    let hour = end / H;
    let total = 1000.0 + (hour % 7) as f64 * 10.0 + if prefix == "b" { 500.0 } else { 0.0 };
    let incident = (t("2026-09-10T02:00:00Z")..=t("2026-09-10T13:00:00Z")).contains(&end);
    let ratio = if incident || hour % 97 == 0 {
        0.2
    } else {
        0.002
    };
    ((total * ratio).round(), total)
}

/// A Prometheus answering `sum(increase(<p>_errors[1h]))` and `<p>_total` with `sample`, every
/// step of the range; with `removing`, without the samples of the excluded slices.
struct FakeProm {
    removing: bool,
}

fn param(url: &str, key: &str) -> Option<f64> {
    let q = url.split_once('?')?.1;
    q.split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))?
        .parse()
        .ok()
}

impl Fetcher for FakeProm {
    fn fetch<'a>(
        &'a self,
        req: HttpRequest,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
        let url = req.url;
        let body = if url.contains("/rules") {
            r#"{"status":"success","data":{"groups":[]}}"#.to_string()
        } else if let (Some(start), Some(end), Some(step)) = (
            param(&url, "start"),
            param(&url, "end"),
            param(&url, "step"),
        ) {
            let prefix = if url.contains("a_") { "a" } else { "b" };
            let bad = url.contains("_errors");
            let (start, end, step) = (
                (start * 1e3) as i64,
                (end * 1e3) as i64,
                (step * 1e3) as i64,
            );
            let removed = spans(prefix);
            let values: Vec<String> = (0..)
                .map(|k| start + k * step)
                .take_while(|e| *e <= end)
                .filter(|e| !(self.removing && removed.iter().any(|&(f, to)| f < *e && to > e - H)))
                .map(|e| {
                    let (b, tot) = sample(prefix, e);
                    format!("[{},\"{}\"]", e / 1000, if bad { b } else { tot })
                })
                .collect();
            format!(
                r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{}},"values":[{}]}}]}}}}"#,
                values.join(",")
            )
        } else {
            r#"{"status":"error","errorType":"bad_data","error":"not here"}"#.to_string()
        };
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: vec![],
                body: body.into_bytes(),
            })
        })
    }
}

struct Fixed;

impl Runtime for Fixed {
    fn now_ms(&self) -> i64 {
        NOW
    }
    fn sleep(&self, _ms: i64) -> LocalBoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

fn config(with_exclusions: bool) -> Config {
    let slo = |p: &str, method: &str| {
        format!(
            r#"{{"name":"{p}-avail","service":"{p}","objective":99,"method":"{method}","source":"prom",
                "sli":{{"ratio":{{"errors":"{p}_errors","total":"{p}_total"}}}}}}"#
        )
    };
    let windows: Vec<String> = WINDOWS
        .iter()
        .map(|(n, f, to, slos)| {
            format!(r#"{{"name":"{n}","from":"{f}","to":"{to}","slos":{slos}}}"#)
        })
        .collect();
    let exclusions = if with_exclusions {
        format!(r#","exclusions":[{}]"#, windows.join(","))
    } else {
        String::new()
    };
    let text = format!(
        r#"{{"sources":[{{"name":"prom","kind":"prometheus","url":"https://prom.example"}}],
            "slos":[{},{},{}]{exclusions}}}"#,
        slo("a", "occurrences"),
        slo("b", "timeslices"),
        slo("ab", "ratio_timeslices")
            .replace("ab_", "a_")
            .replace("\"ab\"", "\"a2\""),
    );
    parse(&text, Format::Json, &registry::kinds()).expect("a valid config")
}

fn load(removing: bool) -> SloState {
    let cfg = config(!removing);
    let loader = Loader::new(
        Rc::new(FakeProm { removing }),
        Rc::new(Fixed),
        "https://app/",
    );
    let state = block_on(load_slos(&loader.job(&cfg)));
    state
}

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-12
}

#[test]
fn excluded_windows_equal_the_samples_removed_through_the_load_and_the_report() {
    let (excluded, removed) = (load(false), load(true));
    assert_eq!(excluded.entries.len(), 3);
    for (x, r) in excluded.entries.iter().zip(&removed.entries) {
        let (sx, sr) = (x.summary.as_ref().unwrap(), r.summary.as_ref().unwrap());
        let (wx, wr) = (sx.window, sr.window);
        for (a, b) in [
            (wx.sli, wr.sli),
            (wx.good, wr.good),
            (wx.total, wr.total),
            (wx.budget_remaining, wr.budget_remaining),
        ] {
            assert!(close(a, b), "{}: {wx:?} vs {wr:?}", x.name);
        }
        for (k, (name, _)) in BURN_WINDOWS.iter().enumerate() {
            assert!(close(sx.burns[k], sr.burns[k]), "{} burn {name}", x.name);
        }
        assert!(
            !x.flags.contains(&"gaps".to_string()),
            "{}: {:?}",
            x.name,
            x.flags
        );
    }
    // The late window reaches the 1h lookback: no data there, not 0.
    assert!(excluded.entries[0].summary.as_ref().unwrap().burns[0].is_nan());

    // Occurrences by hand from the samples the fake serves, over the 30-day window.
    let (mut bad, mut total) = (0.0, 0.0);
    for end in (NOW - 30 * 24 * H + H..=NOW).step_by(H as usize) {
        if !spans("a").iter().any(|&(f, to)| f < end && to > end - H) {
            let (b, t) = sample("a", end);
            bad += b;
            total += t;
        }
    }
    let a = excluded.entries[0].summary.as_ref().unwrap().window;
    assert!(
        (a.sli - (1.0 - bad / total)).abs() < 1e-12,
        "{} vs {}",
        a.sli,
        1.0 - bad / total
    );

    // Labelled: which windows applied to which SLO (not the future one).
    let names = |i: usize| -> Vec<&str> {
        let e = &excluded.entries[i];
        excluded
            .exclusions_for(e)
            .iter()
            .map(|x| x.name.as_str())
            .collect()
    };
    assert_eq!(names(0), ["incident", "maintenance", "migration", "late"]);
    assert_eq!(names(1), ["maintenance", "migration", "late"]);
    let csv = slo_csv(
        &excluded.entries,
        &Timeline::default(),
        NOW,
        &excluded.exclusions,
    );
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0].last(), Some(&"excluded"));
    assert_eq!(rows[1][17], "incident;maintenance;migration;late");

    // The September report: the same attainment, and the windows named under the summary.
    let report = |state: &SloState| {
        let input = ReportInput {
            title: "t",
            state,
            timeline: &Timeline::default(),
            inventory: None,
            runs: None,
            delivery: &Default::default(),
            generated_ms: NOW,
        };
        let spec = ReportSpec {
            kind: "month".into(),
            key: Some("2026-09".into()),
            timezone: None,
        };
        build(&spec, &input).expect("a report")
    };
    let (rx, rr) = (report(&excluded), report(&removed));
    for (x, r) in rx.rows.iter().zip(&rr.rows) {
        assert!(close(x.current.sli, r.current.sli), "{}", x.slo);
        assert!(close(x.current.budget_consumed, r.current.budget_consumed));
    }
    let note = rx.exclusions_note().unwrap();
    assert!(note.starts_with("Excluded from the figures: incident (2026-09-10 02:30 UTC – 2026-09-10 12:15 UTC); maintenance"), "{note}");
    assert!(!note.contains("future") && rr.exclusions_note().is_none());
    // Without exclusions, the same data gives a lower attainment for "a" (the incident).
    let plain = block_on(load_slos(
        &Loader::new(
            Rc::new(FakeProm { removing: false }),
            Rc::new(Fixed),
            "https://app/",
        )
        .job(&config(false)),
    ));
    let sli = |s: &SloState| s.entries[0].summary.as_ref().unwrap().window.sli;
    assert!(sli(&plain) < sli(&excluded));
}
