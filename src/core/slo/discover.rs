//! Discovery: SLOs that Sloth or Pyrra already defined, recognised in a Prometheus server's
//! recording rules, so they appear with nothing but the server configured. Their event
//! queries are recovered from the rules' own expressions.

use crate::core::config::{SliConfig, SloConfig};
use crate::core::rules::{Rule, RuleGroup};

use super::formats::{rates_to_counts, Imported};

/// Splits `a / b` at the top-level division.
fn split_ratio(expr: &str) -> Option<(String, String)> {
    let mut depth = 0i32;
    for (i, c) in expr.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '/' if depth == 0 => {
                let (a, b) = (expr.get(..i)?, expr.get(i + 1..)?);
                return Some((a.trim().to_string(), b.trim().to_string()));
            }
            _ => {}
        }
    }
    None
}

/// `vector(0.999)` → 0.999.
fn vector_value(expr: &str) -> Option<f64> {
    expr.trim()
        .strip_prefix("vector(")?
        .strip_suffix(')')?
        .trim()
        .parse()
        .ok()
}

/// The event queries of a `bad / total` rule, with its window replaced by `{{.window}}`.
fn events(expr: &str, window: &str) -> Option<SliConfig> {
    let (bad, total) = split_ratio(expr)?;
    let w = |q: String| rates_to_counts(&q.replace(&format!("[{window}]"), "[{{.window}}]"));
    Some(SliConfig::Events {
        good: None,
        bad: Some(w(bad)),
        total: w(total),
    })
}

/// What one tool's rules say about an SLO.
struct Found<'a> {
    tool: &'static str,
    id: &'a str,
    service: String,
    team: Option<String>,
    objective: Option<f64>,
    window: String,
    /// The rule that should carry the objective, for the message when it does not.
    objective_rule: &'static str,
}

fn import_found(f: Found, r: &Rule, source: &str) -> Imported {
    let result = match (events(&r.query, "5m"), f.objective) {
        (Some(sli), Some(o)) => Ok(SloConfig {
            name: f.id.to_string(),
            service: f.service,
            team: f.team,
            description: Some(format!("Discovered from {}'s recording rules", f.tool)),
            objective: (o * 1e12).round() / 1e12,
            window: f.window,
            timezone: None,
            method: None,
            timeslice_target: None,
            slice: None,
            labels: [("discovered".to_string(), f.tool.to_lowercase())].into(),
            group_by: vec![],
            source: source.to_string(),
            sli,
        }),
        (None, _) => Err(format!(
            "rule {} ({}): its expression is not an error ratio a / b",
            r.name, f.id
        )),
        (_, None) => Err(format!(
            "rule {} for {} is missing or not vector(x)",
            f.objective_rule, f.id
        )),
    };
    Imported {
        name: f.id.to_string(),
        result,
        notes: vec![format!(
            "discovered in recording rule {} of {source}",
            r.name
        )],
    }
}

pub fn discover(groups: &[RuleGroup], source: &str) -> Vec<Imported> {
    let rules: Vec<_> = groups
        .iter()
        .flat_map(|g| &g.rules)
        .filter(|r| r.kind == "recording")
        .collect();
    let mut out = Vec::new();
    // Sloth: slo:sli_error:ratio_rate5m{sloth_id, sloth_service, sloth_slo} + slo:objective:ratio.
    for r in rules
        .iter()
        .filter(|r| r.name == "slo:sli_error:ratio_rate5m")
    {
        let Some(id) = r.labels.get("sloth_id") else {
            continue;
        };
        let same = |name: &str| {
            rules
                .iter()
                .find(|x| x.name == name && x.labels.get("sloth_id") == Some(id))
        };
        let days = same("slo:time_period:days")
            .and_then(|x| vector_value(&x.query))
            .unwrap_or(30.0);
        let found = Found {
            tool: "Sloth",
            id,
            service: r.labels.get("sloth_service").cloned().unwrap_or_default(),
            team: r
                .labels
                .get("owner")
                .or_else(|| r.labels.get("team"))
                .cloned(),
            objective: same("slo:objective:ratio").and_then(|x| vector_value(&x.query)),
            window: format!("{days}d"),
            objective_rule: "slo:objective:ratio",
        };
        out.push(import_found(found, r, source));
    }
    // Pyrra: <metric>:burnrate5m{slo} + pyrra_objective{slo} (+ pyrra_window{slo}, seconds).
    for r in rules.iter().filter(|r| r.name.ends_with(":burnrate5m")) {
        let Some(slo) = r.labels.get("slo") else {
            continue;
        };
        let same = |name: &str| {
            rules
                .iter()
                .find(|x| x.name == name && x.labels.get("slo") == Some(slo))
        };
        let window_s = same("pyrra_window")
            .and_then(|x| vector_value(&x.query))
            .unwrap_or(28.0 * 86_400.0);
        let found = Found {
            tool: "Pyrra",
            id: slo,
            service: r
                .labels
                .get("service")
                .or_else(|| r.labels.get("job"))
                .cloned()
                .unwrap_or_else(|| slo.clone()),
            team: r.labels.get("team").cloned(),
            objective: same("pyrra_objective").and_then(|x| vector_value(&x.query)),
            window: crate::core::time::format_duration((window_s * 1000.0) as i64),
            objective_rule: "pyrra_objective",
        };
        out.push(import_found(found, r, source));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, query: &str, labels: &[(&str, &str)]) -> Rule {
        Rule {
            kind: "recording".into(),
            name: name.into(),
            query: query.into(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn finds_sloth_and_pyrra_slos() {
        let sloth = [
            ("sloth_id", "svc-avail"),
            ("sloth_service", "svc"),
            ("sloth_slo", "avail"),
        ];
        let groups = vec![RuleGroup {
            name: "g".into(),
            rules: vec![
                rule("slo:sli_error:ratio_rate5m", "(sum(rate(http_requests_total{code=~\"5..\"}[5m])))\n/\n(sum(rate(http_requests_total[5m])))", &sloth),
                rule("slo:objective:ratio", "vector(0.9990000000000001)", &sloth),
                rule("slo:time_period:days", "vector(30)", &sloth),
                rule("http_requests:burnrate5m", "sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))", &[("slo", "api-errors")]),
                rule("pyrra_objective", "vector(0.99)", &[("slo", "api-errors")]),
                rule("pyrra_window", "vector(2419200)", &[("slo", "api-errors")]),
            ],
            ..Default::default()
        }];
        let d = discover(&groups, "prom");
        assert_eq!(d.len(), 2);
        let s = d[0].result.as_ref().unwrap();
        assert_eq!(
            (s.name.as_str(), s.objective, s.window.as_str()),
            ("svc-avail", 0.999, "30d")
        );
        assert_eq!(
            s.sli,
            SliConfig::Events {
                good: None,
                bad: Some(
                    "(sum(increase(http_requests_total{code=~\"5..\"}[{{.window}}])))".into()
                ),
                total: "(sum(increase(http_requests_total[{{.window}}])))".into()
            }
        );
        let p = d[1].result.as_ref().unwrap();
        assert_eq!(
            (p.name.as_str(), p.objective, p.window.as_str()),
            ("api-errors", 0.99, "28d")
        );
        assert_eq!(
            split_ratio("a / (b / c)"),
            Some(("a".into(), "(b / c)".into()))
        );
    }
}
