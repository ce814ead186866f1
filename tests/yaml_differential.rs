//! Our YAML reader (`core/yaml`) against serde_yaml_ng, which it replaced in the app: every
//! text must be read to the same `serde_json::Value`s, or refused by both. The texts: the
//! interop fixtures (`../shared/fixtures/interop/`), every YAML file of the repository, a
//! table of tricky cases, thousands of texts generated from the grammar the reader covers,
//! and byte mutations of all of these. Every value read is also written by our writer and
//! must read back the same through both readers. `YAML_DIFF_CASES` sets how many generated
//! texts (default 10,000; each is also mutated four times).

mod yaml_kit;

use std::io::Write;
use std::path::{Path, PathBuf};

use yaml_kit::{cases, compare, gen, Outcome, Rng};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() && !matches!(name, "target" | "node_modules" | ".git" | "dist") {
            yaml_files(&p, out);
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(p);
        }
    }
}

/// Compares every text; fails listing the first disagreements. Returns (same values, both
/// refused, reference panicked).
fn run(what: &str, texts: impl IntoIterator<Item = String>) -> (usize, usize, usize) {
    let (mut same, mut refused, mut panicked, mut failures) = (0, 0, 0, Vec::new());
    let mut numbering = 0;
    for t in texts {
        match compare(&t) {
            Ok(Outcome::SameValues) => same += 1,
            Ok(Outcome::AnchorNumbering) => numbering += 1,
            Ok(Outcome::BothRefused) => refused += 1,
            Ok(Outcome::ReferencePanicked) => panicked += 1,
            Err(e) => failures.push(e),
        }
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "yaml differential, {what}: {} texts, {same} read alike, {refused} refused by both, \
         {numbering} alike but for serde_yaml_ng's anchor numbering, {panicked} skipped (serde_yaml_ng panicked), {} disagreements",
        same + refused + numbering + panicked + failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{what}: {} disagreements:\n{}",
        failures.len(),
        failures
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    (same, refused, panicked)
}

fn files() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    yaml_files(root, &mut paths);
    yaml_files(&root.join("../shared/fixtures/interop"), &mut paths);
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

#[test]
fn files_read_alike() {
    let texts = files();
    assert!(texts.len() >= 3, "YAML files found: {}", texts.len());
    let (same, _, _) = run("files", texts);
    assert!(same >= 3);
}

#[test]
fn tricky_cases_read_alike() {
    let mut texts: Vec<String> = cases::CASES.iter().map(|s| s.to_string()).collect();
    texts.extend(cases::nesting());
    run("tricky cases", texts);
}

#[test]
fn generated_texts_read_alike() {
    let n: usize = std::env::var("YAML_DIFF_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let texts: Vec<String> = (0..n).map(|_| gen::Gen::new(&mut rng).text()).collect();
    let (same, refused, _) = run("generated", texts.clone());
    // The generator must write much YAML both accept, or the comparison says little.
    assert!(same > n * 2 / 5, "{same} of {n} generated texts read");
    assert!(refused > 0);
    let mut seeds = texts;
    seeds.extend(files());
    seeds.extend(cases::CASES.iter().map(|s| s.to_string()));
    let mutated: Vec<String> = seeds
        .iter()
        .flat_map(|t| (0..4).map(|_| gen::mutate(&mut rng, t)).collect::<Vec<_>>())
        .collect();
    run("mutated", mutated);
}

/// A config read into its types (`yaml::from_str`) as serde_yaml_ng read it: the same
/// `Config`, or both refuse. Typed reading differs from reading a `Value`: a string field
/// takes any scalar's text (`team: 2024`), an empty value is an empty map (`reports:`).
#[test]
fn configs_read_into_types_alike() {
    use headroom::core::config::Config;
    use headroom::core::yaml::{self, Duplicates};
    let demo: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("public/headroom.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut texts: Vec<String> = vec![
        yaml::to_string(&demo),
        serde_yaml_ng::to_string(&demo).unwrap(),
    ];
    texts.extend(CONFIGS.iter().map(|s| s.to_string()));
    let mut rng = Rng(0x5eed_c0f1);
    let seeds = texts.clone();
    for t in &seeds {
        texts.extend((0..300).map(|_| gen::mutate(&mut rng, t)));
    }
    let (mut same, mut refused, mut failures) = (0, 0, Vec::new());
    for t in &texts {
        let ours = yaml::from_str::<Config>(t, Duplicates::LastWins).map(|c| format!("{c:?}"));
        let theirs =
            serde_path_to_error::deserialize::<_, Config>(serde_yaml_ng::Deserializer::from_str(t))
                .map(|c| format!("{c:?}"));
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) if a == b => same += 1,
            (Err(_), Err(_)) => refused += 1,
            _ => failures.push(format!(
                "{t:?}\n  ours: {ours:?}\n  serde_yaml_ng: {:?}",
                theirs.map_err(|e| e.to_string())
            )),
        }
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "yaml differential, configs into types: {} texts, {same} read alike, {refused} refused by both, {} disagreements",
        texts.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{}",
        failures
            .iter()
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(same > 100, "{same} configs read");
}

const CONFIGS: &[&str] = &[
    "", "---\n", "# nothing\n", "~\n", "title: 2024\n", "title: ~\n", "title:\n", "title: true\n", "title: 0x1F\n",
    "title: .nan\n", "title: !!str 5\n", "title: !!int 5\n", "title: [a]\n", "title: {a: 1}\n", "title: 'x'\n",
    "sources:\n", "sources: ~\n", "sources: []\n", "reports:\n", "reports: {}\n", "reports: ''\n", "reports: []\n",
    "title: a\ntitle: b\n", "tiemout: 1\n", "title: !x y\n", "inventory: !x {}\n", "demo: true\n", "demo: yes\n",
    "sources:\n- name: 1\n  kind: prometheus\n  url: http://p\n  timeout: 10\n  headers: {X-Org: 42, X-Null: ~}\n",
    "slos:\n- name: 404\n  service: 2\n  team: 3\n  objective: 99.9\n  source: p\n  labels: {tier: 1, on: yes}\n  sli: {ratio: {errors: e, total: t}}\n",
    "slos:\n- name: a\n  service: s\n  objective: '99.9'\n  source: p\n  sli: {ratio: {errors: e, total: t}}\n",
    "slos:\n- name: a\n  service: s\n  objective: 99\n  window: 7d\n  source: p\n  sli:\n    ratio:\n      errors: 1\n      total: 2\n",
    "slos:\n- name: a\n  service: s\n  objective: .inf\n  source: p\n  sli: {ratio: {errors: e, total: t}}\n",
    "slos:\n- &s {name: a, service: s, objective: 99.9, source: p, sli: {ratio: {errors: e, total: t}}}\n- *s\n",
];
