//! Semantic checks serde cannot do: kinds, names, URLs, durations, objectives, references.
//! Each failure names the field path (`sources[1].url`) and what to do.

use super::{err, Config, ConfigError};
use crate::core::time::parse_duration;

impl Config {
    /// Semantic checks serde cannot do: kinds, names, URLs, durations, objectives, references.
    pub fn validate(&self, known_kinds: &[&str]) -> Result<(), ConfigError> {
        let mut names = std::collections::BTreeSet::new();
        for (i, s) in self.sources.iter().enumerate() {
            let at = |f: &str| format!("sources[{i}].{f}");
            if s.name.trim().is_empty() {
                return Err(err(at("name"), "must not be empty"));
            }
            if !names.insert(s.name.as_str()) {
                return Err(err(
                    at("name"),
                    format!(
                        "\"{}\" is used by another source; names must be unique",
                        s.name
                    ),
                ));
            }
            if !known_kinds.contains(&s.kind.as_str()) {
                return Err(err(
                    at("kind"),
                    format!(
                        "unknown kind \"{}\" (expected one of: {})",
                        s.kind,
                        known_kinds.join(", ")
                    ),
                ));
            }
            check_url(&s.url).map_err(|m| err(at("url"), m))?;
            if let Some(t) = &s.timeout {
                parse_duration(t).map_err(|m| err(at("timeout"), m))?;
            }
            for k in s.headers.keys() {
                let lower = k.to_ascii_lowercase();
                if lower == "authorization" || lower == "cookie" {
                    return Err(err(at(&format!("headers.{k}")), "secrets do not belong in the config file: set auth.mode and enter the credential in the Sources page"));
                }
                if k.is_empty()
                    || !k
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                {
                    return Err(err(
                        at("headers"),
                        format!("\"{k}\" is not a valid header name"),
                    ));
                }
            }
        }
        let mut slo_names = std::collections::BTreeSet::new();
        for (i, slo) in self.slos.iter().enumerate() {
            let at = |f: &str| format!("slos[{i}].{f}");
            if slo.name.trim().is_empty() {
                return Err(err(at("name"), "must not be empty"));
            }
            if !slo_names.insert(slo.name.as_str()) {
                return Err(err(
                    at("name"),
                    format!(
                        "\"{}\" is used by another SLO; names must be unique",
                        slo.name
                    ),
                ));
            }
            objective_ratio(slo.objective).map_err(|m| err(at("objective"), m))?;
            if !self.sources.iter().any(|s| s.name == slo.source) {
                return Err(err(
                    at("source"),
                    format!("no source is named \"{}\"", slo.source),
                ));
            }
            crate::core::slo::Slo::from_config(slo).map_err(|(field, m)| err(at(field), m))?;
        }
        for (i, f) in self.slo_files.iter().enumerate() {
            check_url(&f.url).map_err(|m| err(format!("slo_files[{i}].url"), m))?;
            if !self.sources.iter().any(|s| s.name == f.source) {
                return Err(err(
                    format!("slo_files[{i}].source"),
                    format!("no source is named \"{}\"", f.source),
                ));
            }
        }
        parse_duration(&self.delivery.failure_window)
            .map_err(|m| err("delivery.failure_window", m))?;
        if let Some(b) = &self.delivery.bands {
            for (i, t) in b.lead_time.iter().enumerate() {
                parse_duration(t).map_err(|m| err(format!("delivery.bands.lead_time[{i}]"), m))?;
            }
            for (i, t) in b.time_to_restore.iter().enumerate() {
                parse_duration(t)
                    .map_err(|m| err(format!("delivery.bands.time_to_restore[{i}]"), m))?;
            }
        }
        if !["week", "month", "quarter"].contains(&self.reports.period.as_str()) {
            return Err(err(
                "reports.period",
                format!(
                    "\"{}\" is not one of week, month, quarter",
                    self.reports.period
                ),
            ));
        }
        if let Some(tz) = &self.reports.timezone {
            crate::core::tz::Zone::parse(tz).map_err(|m| err("reports.timezone", m))?;
        }
        super::exclusions::check(&self.exclusions)
    }
}

/// Accepts a ratio in (0, 1) or a percentage in (1, 100); returns the ratio.
pub fn objective_ratio(objective: f64) -> Result<f64, String> {
    // A percentage divided by 100 picks up binary noise (99.9 / 100 = 0.9990000000000001):
    // rounded to 15 significant digits, the ratio is the one the user wrote (0.999).
    let r = if objective > 1.0 {
        format!("{:.14e}", objective / 100.0)
            .parse()
            .unwrap_or(objective / 100.0)
    } else {
        objective
    };
    if objective.is_finite() && r > 0.0 && r < 1.0 {
        Ok(r)
    } else {
        Err(format!("{objective} is not an objective: give a ratio below 1 (0.999) or a percentage below 100 (99.9)"))
    }
}

fn check_url(url: &str) -> Result<(), String> {
    let u = url.trim();
    if u.is_empty() {
        return Err("must not be empty".into());
    }
    if let Some(name) = u.strip_prefix("local:") {
        return if name.is_empty() {
            Err("local: needs a file name".into())
        } else {
            Ok(())
        };
    }
    if u.chars().any(|c| c.is_whitespace()) {
        return Err(format!("\"{u}\" contains white space"));
    }
    if let Some((scheme, rest)) = u.split_once("://") {
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "scheme \"{scheme}\" is not supported (use http or https)"
            ));
        }
        if rest.is_empty() || rest.starts_with('/') {
            return Err(format!("\"{u}\" has no host"));
        }
        if rest.split('/').next().is_some_and(|h| h.contains('@')) {
            return Err(
                "credentials in the URL would leak into logs and links: use auth instead".into(),
            );
        }
        if let Some(name) = secret_parameter(u) {
            return Err(format!(
                "the query parameter \"{name}\" looks like a credential, which would leak into logs, links and exports: use auth instead"
            ));
        }
    } else if u.contains(':') && !u.starts_with('/') && !u.starts_with('.') {
        return Err(format!(
            "\"{u}\" is neither an http(s) URL nor a relative path"
        ));
    }
    Ok(())
}

/// Query parameter names that carry credentials (`?access_token=`, `?api_key=` …).
const SECRET_PARAMETERS: [&str; 12] = [
    "access_token",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "key",
    "password",
    "passwd",
    "secret",
    "client_secret",
    "auth",
    "sig",
];

/// The first query parameter of `url` whose name says it is a credential.
fn secret_parameter(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next().unwrap_or("");
    query
        .split('&')
        .map(|p| p.split('=').next().unwrap_or(""))
        .find(|name| {
            let n = name.to_ascii_lowercase();
            SECRET_PARAMETERS.contains(&n.as_str()) || n.ends_with("_token") || n.ends_with("_key")
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::check_url;

    #[test]
    fn percentages_become_the_ratio_written() {
        for (pct, ratio) in [
            (99.9, 0.999),
            (99.95, 0.9995),
            (99.99, 0.9999),
            (90.0, 0.9),
            (99.0, 0.99),
        ] {
            assert_eq!(super::objective_ratio(pct), Ok(ratio), "{pct}");
            assert_eq!(
                super::objective_ratio(pct).unwrap().to_string(),
                ratio.to_string()
            );
        }
        assert_eq!(super::objective_ratio(0.999), Ok(0.999));
        assert!(
            super::objective_ratio(100.0).is_err() && super::objective_ratio(f64::NAN).is_err()
        );
    }

    #[test]
    fn urls_with_credentials_are_refused() {
        for u in [
            "https://u:p@prom.example",
            "https://prom.example/api?access_token=x",
            "https://h/x?a=1&API_KEY=2",
            "https://h/x?private_token=3",
            "https://h/x?sig=4#f",
        ] {
            assert!(check_url(u).is_err(), "{u}");
        }
        let e = check_url("https://h/x?a=1&api_key=2").unwrap_err();
        assert!(e.contains("\"api_key\" looks like a credential"), "{e}");
        for u in [
            "https://prom.example/api/v1?tenant=a",
            "https://h/x?monkey=1",
            "demo/prom",
            "local:x.txt",
        ] {
            assert_eq!(check_url(u), Ok(()), "{u}");
        }
    }
}
