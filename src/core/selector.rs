//! PromQL series selectors (`name{a="x", b=~"5..", c!="y"}`) evaluated in the browser on data
//! Headroom holds itself (exposition files). Regexes are fully anchored, as in Prometheus.

use super::model::Labels;
use super::text::split_while;

#[derive(Clone, Debug)]
pub enum Op {
    Eq(String),
    Ne(String),
    Re(regex_lite::Regex),
    Nre(regex_lite::Regex),
}

#[derive(Clone, Debug)]
pub struct Selector {
    pub name: Option<String>,
    pub matchers: Vec<(String, Op)>,
}

fn anchored(re: &str) -> Result<regex_lite::Regex, String> {
    regex_lite::Regex::new(&format!("^(?:{re})$"))
        .map_err(|e| format!("invalid regex \"{re}\": {e}"))
}

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, String> {
        let t = text.trim();
        let (name, body) = match t.split_once('{') {
            Some((name, body)) => (
                name.trim(),
                Some(
                    body.strip_suffix('}')
                        .ok_or_else(|| format!("\"{t}\": missing '}}'"))?,
                ),
            ),
            None => (t, None),
        };
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        {
            return Err(format!("\"{t}\" is not a plain selector like name{{label=\"value\"}} (functions and operators need a Prometheus source)"));
        }
        let mut matchers = Vec::new();
        let mut rest = body.unwrap_or("").trim();
        while !rest.is_empty() {
            let (key, after) = split_while(rest, |c| c.is_ascii_alphanumeric() || c == '_');
            if after.is_empty() {
                return Err(format!("\"{t}\": matcher without operator"));
            }
            let (key, after) = (key.to_string(), after.trim_start());
            let (op, after) = ["=~", "!~", "!=", "="]
                .iter()
                .find_map(|op| after.strip_prefix(op).map(|a| (*op, a.trim_start())))
                .ok_or_else(|| format!("\"{t}\": expected =, !=, =~ or !~ after {key}"))?;
            let after = after
                .strip_prefix('"')
                .ok_or_else(|| format!("\"{t}\": the value of {key} must be quoted"))?;
            let mut value = String::new();
            let mut chars = after.chars();
            let mut tail = None;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            value.push(match n {
                                'n' => '\n',
                                other => other,
                            });
                        }
                    }
                    '"' => {
                        tail = Some(chars.as_str());
                        break;
                    }
                    c => value.push(c),
                }
            }
            let tail = tail.ok_or_else(|| format!("\"{t}\": unterminated value of {key}"))?;
            let m = match op {
                "=" => Op::Eq(value),
                "!=" => Op::Ne(value),
                "=~" => Op::Re(anchored(&value)?),
                _ => Op::Nre(anchored(&value)?),
            };
            matchers.push((key, m));
            rest = tail.trim_start().trim_start_matches(',').trim_start();
        }
        Ok(Selector {
            name: (!name.is_empty()).then(|| name.to_string()),
            matchers,
        })
    }

    pub fn matches(&self, name: &str, labels: &Labels) -> bool {
        if self.name.as_deref().is_some_and(|n| n != name) {
            return false;
        }
        self.matchers.iter().all(|(k, op)| {
            let v = if k == "__name__" {
                name
            } else {
                labels.get(k).map(String::as_str).unwrap_or("")
            };
            match op {
                Op::Eq(x) => v == x,
                Op::Ne(x) => v != x,
                Op::Re(r) => r.is_match(v),
                Op::Nre(r) => !r.is_match(v),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn matchers() {
        let s = Selector::parse("http_requests_total{service=\"api\", code=~\"5..\"}").unwrap();
        assert!(s.matches(
            "http_requests_total",
            &l(&[("service", "api"), ("code", "500")])
        ));
        assert!(
            !s.matches(
                "http_requests_total",
                &l(&[("service", "api"), ("code", "5000")])
            ),
            "anchored"
        );
        assert!(!s.matches("other", &l(&[("service", "api"), ("code", "500")])));
        let n = Selector::parse("x{a!=\"1\",b!~\"x|y\",c=\"q\\\"uote\"}").unwrap();
        assert!(n.matches("x", &l(&[("a", "2"), ("b", "z"), ("c", "q\"uote")])));
        assert!(!n.matches("x", &l(&[("a", "2"), ("b", "y"), ("c", "q\"uote")])));
        assert!(Selector::parse("sum(rate(x[5m]))")
            .unwrap_err()
            .contains("plain selector"));
        assert!(Selector::parse("x{a=~\"(\"}")
            .unwrap_err()
            .contains("invalid regex"));
        assert!(Selector::parse("{__name__=\"up\"}")
            .unwrap()
            .matches("up", &Labels::new()));
    }
}
