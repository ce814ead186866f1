//! Structure-aware mutations of JSON and YAML seeds: a seed is parsed into a value, a few of
//! its nodes are replaced, deleted, duplicated or grafted from other seeds, and the result is
//! written back as JSON or YAML, so the parser sees well-formed documents with odd content.

use serde_json::{Map, Value};

use super::Rng;

/// Parsed seed documents and a sample of their subtrees and keys.
#[derive(Default)]
pub struct Pool {
    pub docs: Vec<Value>,
    pub nodes: Vec<Value>,
    pub keys: Vec<String>,
}

/// Leaves that sit at the edges of what parsers accept.
const LEAVES: &[&str] = &[
    "",
    "NaN",
    "+Inf",
    "-1",
    "1e400",
    "0",
    "99.9",
    "1.5Gi",
    "250m",
    "30d",
    "1h30m",
    "0s",
    "2023-11-14T22:13:20Z",
    "2023-11-14T22:13:20+0é00",
    "http://[::1]:9090/a?b=c",
    "javascript:alert(1)",
    "{{.window}}",
    "rate(x[{{.window}}])",
    "sum(rate(http_requests_total{code=~\"5..\"}[5m]))",
    "é💥\u{feff}",
    "a\\\"b",
];

/// Up to this many subtrees are kept (reservoir sampling over every node of every seed).
const NODES: usize = 400;

impl Pool {
    /// Parses every seed that is JSON or YAML (each YAML document on its own).
    pub fn of(seeds: &[Vec<u8>]) -> Pool {
        let mut pool = Pool::default();
        let mut rng = Rng(0x7ee5);
        let mut seen = 0usize;
        for s in seeds {
            let text = String::from_utf8_lossy(s);
            let docs: Vec<Value> = match serde_json::from_str::<Value>(&text) {
                Ok(v) => vec![v],
                Err(_) => serde_yaml_ng::Deserializer::from_str(&text)
                    .map_while(|d| serde::Deserialize::deserialize(d).ok())
                    .filter(|v: &Value| v.is_object() || v.is_array())
                    .collect(),
            };
            for d in &docs {
                pool.sample(d, &mut rng, &mut seen);
            }
            pool.docs.extend(docs);
        }
        pool.keys.sort();
        pool.keys.dedup();
        pool
    }

    fn sample(&mut self, v: &Value, rng: &mut Rng, seen: &mut usize) {
        *seen += 1;
        if self.nodes.len() < NODES {
            self.nodes.push(v.clone());
        } else if rng.below(*seen) < NODES {
            self.nodes[rng.below(NODES)] = v.clone();
        }
        match v {
            Value::Array(a) => a.iter().for_each(|x| self.sample(x, rng, seen)),
            Value::Object(o) => {
                for (k, x) in o {
                    if self.keys.len() < 4 * NODES {
                        self.keys.push(k.clone());
                    }
                    self.sample(x, rng, seen);
                }
            }
            _ => {}
        }
    }

    /// A seed document with one to four structural mutations, or `None` without documents.
    pub fn mutated(&self, rng: &mut Rng) -> Option<Value> {
        let mut v = self.docs.get(rng.below(self.docs.len()))?.clone();
        for _ in 0..1 + rng.below(4) {
            self.mutate_at(rng, &mut v, 0);
        }
        Some(v)
    }

    /// Walks down to a random node and changes it.
    fn mutate_at(&self, rng: &mut Rng, v: &mut Value, depth: usize) {
        let len = match v {
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            _ => 0,
        };
        if len > 0 && depth < 40 && !rng.one_in(3) {
            let i = rng.below(len);
            match v {
                Value::Array(a) => return self.mutate_at(rng, &mut a[i], depth + 1),
                Value::Object(o) => {
                    if let Some(child) = o.values_mut().nth(i) {
                        return self.mutate_at(rng, child, depth + 1);
                    }
                }
                _ => {}
            }
        }
        match (rng.below(5), v) {
            (0, Value::Array(a)) if !a.is_empty() => drop(a.remove(rng.below(a.len()))),
            (0, Value::Object(o)) if !o.is_empty() => {
                let k = o
                    .keys()
                    .nth(rng.below(o.len()))
                    .cloned()
                    .unwrap_or_default();
                o.remove(&k);
            }
            (1, Value::Array(a)) => a.push(self.node(rng)),
            (1, Value::Object(o)) => drop(o.insert(self.key(rng), self.node(rng))),
            (2, Value::Array(a)) if !a.is_empty() => {
                let x = a[rng.below(a.len())].clone();
                a.extend(std::iter::repeat_n(x, 1 + rng.below(3)));
            }
            (3, v) => *v = self.node(rng),
            (_, v) => *v = self.leaf(rng),
        }
    }

    fn node(&self, rng: &mut Rng) -> Value {
        match self.nodes.get(rng.below(self.nodes.len())) {
            Some(n) if !rng.one_in(4) => n.clone(),
            _ => self.leaf(rng),
        }
    }

    fn key(&self, rng: &mut Rng) -> String {
        match self.keys.get(rng.below(self.keys.len())) {
            Some(k) if !rng.one_in(5) => k.clone(),
            _ => rng.pick(LEAVES).to_string(),
        }
    }

    fn leaf(&self, rng: &mut Rng) -> Value {
        match rng.below(7) {
            0 => Value::Null,
            1 => Value::Bool(rng.one_in(2)),
            2 => Value::from(rng.next() as i64 >> rng.below(64)),
            3 => Value::from(f64::from_bits(rng.next()).clamp(-1e300, 1e300)),
            4 => Value::Array(vec![]),
            5 => Value::Object(Map::new()),
            _ => Value::String(rng.pick(LEAVES).to_string()),
        }
    }
}

/// `v` as JSON or YAML, as the target reads.
pub fn write(v: &Value, yaml: bool) -> Vec<u8> {
    if yaml {
        serde_yaml_ng::to_string(v).unwrap_or_default().into_bytes()
    } else {
        serde_json::to_vec(v).unwrap_or_default()
    }
}
