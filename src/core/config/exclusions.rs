//! `exclusions:` in the config: windows of time (maintenance, known-bad data) removed from the
//! figures of the SLOs they name (all when `slos` and `services` are left out). See
//! `core::slo::exclusions` for what removal means.

use serde::{Deserialize, Serialize};

use super::{err, ConfigError};
use crate::core::slo::exclusions::{Exclusion, ExclusionError};

/// One exclusion window as written in the config.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusionConfig {
    pub name: String,
    /// RFC 3339 (`2026-10-03T02:00:00Z`).
    pub from: String,
    /// RFC 3339, after `from`.
    pub to: String,
    /// SLO names or globs (`checkout-*`); empty: every SLO.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slos: Vec<String>,
    /// Service names or globs; empty: every service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
}

impl ExclusionConfig {
    /// The window, or what is wrong with it.
    pub fn to_exclusion(&self) -> Result<Exclusion, ExclusionError> {
        let mut x = Exclusion::parse(&self.name, &self.from, &self.to)?;
        for (list, patterns) in [("slos", &self.slos), ("services", &self.services)] {
            if let Some(index) = patterns.iter().position(|p| p.trim().is_empty()) {
                return Err(ExclusionError::EmptyPattern { list, index });
            }
        }
        x.slos = self.slos.clone();
        x.services = self.services.clone();
        Ok(x)
    }
}

/// Every window valid, or the first problem with its path (`exclusions[0].to`).
pub(super) fn check(list: &[ExclusionConfig]) -> Result<(), ConfigError> {
    for (i, c) in list.iter().enumerate() {
        c.to_exclusion().map_err(|e| {
            let message = match &e {
                // The path names the field already.
                ExclusionError::BadTime { text, .. } => {
                    format!("\"{text}\" is not a time; give RFC 3339, e.g. 2026-10-03T02:00:00Z")
                }
                _ => e.to_string(),
            };
            err(format!("exclusions[{i}].{}", e.field()), message)
        })?;
    }
    Ok(())
}

impl super::Config {
    /// The config's exclusion windows (those that validate; a parsed config has no others).
    pub fn exclusion_windows(&self) -> Vec<Exclusion> {
        self.exclusions
            .iter()
            .filter_map(|c| c.to_exclusion().ok())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::core::config::{parse, Format};

    fn check(exclusions: &str) -> Result<(), String> {
        let text = format!(r#"{{"exclusions":{exclusions}}}"#);
        parse(&text, Format::Json, &[])
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn windows_are_validated_with_their_path() {
        let ok = r#"[{"name":"db migration","from":"2026-10-03T02:00:00Z","to":"2026-10-03T05:00:00+02:00","slos":["checkout-*"]}]"#;
        assert_eq!(check(ok), Ok(()));
        let c = parse(&format!(r#"{{"exclusions":{ok}}}"#), Format::Json, &[]).unwrap();
        assert_eq!(
            c.exclusion_windows()[0].slos,
            vec!["checkout-*".to_string()]
        );
        let cases = [
            (
                r#"[{"name":"a","from":"2026-10-03T05:00:00Z","to":"2026-10-03T02:00:00Z"}]"#,
                "exclusions[0].to: the end",
            ),
            (
                r#"[{"name":"a","from":"2026-10-03T05:00:00Z","to":"2026-10-03T05:00:00Z"}]"#,
                "exclusions[0].to: the end",
            ),
            (
                r#"[{"name":"a","from":"yesterday","to":"2026-10-03T02:00:00Z"}]"#,
                "exclusions[0].from: \"yesterday\" is not a time",
            ),
            (
                r#"[{"name":"a","from":"2026-10-03T02:00:00Z","to":"2026-10-32T02:00:00Z"}]"#,
                "exclusions[0].to: \"2026-10-32",
            ),
            (
                r#"[{"name":" ","from":"2026-10-03T02:00:00Z","to":"2026-10-03T03:00:00Z"}]"#,
                "exclusions[0].name: a name is needed",
            ),
            (
                r#"[{"name":"a","from":"2026-10-03T02:00:00Z","to":"2026-10-03T03:00:00Z","services":["x",""]}]"#,
                "exclusions[0].services[1]: an empty pattern",
            ),
            (
                r#"[{"name":"a","from":"2026-10-03T02:00:00Z"}]"#,
                "exclusions[0]: missing field \"to\"",
            ),
            (
                r#"[{"name":"a","from":"2026-10-03T02:00:00Z","to":"2026-10-03T03:00:00Z","slo":["x"]}]"#,
                "exclusions[0].slo: unknown field",
            ),
        ];
        for (json, want) in cases {
            let got = check(json).unwrap_err();
            assert!(got.starts_with(want), "{json}: {got}");
        }
    }
}
