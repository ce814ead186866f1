//! A read node as the `serde_json::Value` serde_yaml_ng's deserializer gives (local tags
//! refused, integers beyond 64 bits refused, `.nan` and `.inf` null, keys as their text),
//! built directly: going through serde would generate code per visitor for nothing.

use serde_json::{Map, Number, Value};

use super::error::{ErrorKind, YamlError};
use super::node::Node;
use super::resolve::{self, Resolved};

impl Node {
    pub(super) fn into_value(self) -> Result<Value, YamlError> {
        let mark = self.mark();
        let at = |kind| YamlError::new(kind, mark);
        if let Some(tag) = self.tag() {
            resolve::local_tag(tag).map_err(at)?;
        }
        Ok(match self {
            Node::Empty => Value::Null,
            Node::Scalar {
                text, style, tag, ..
            } => match resolve::scalar(&text, style, tag.as_deref()).map_err(at)? {
                Resolved::Null => Value::Null,
                Resolved::Bool(b) => Value::Bool(b),
                Resolved::U64(n) => Value::from(n),
                Resolved::I64(n) => Value::from(n),
                Resolved::U128(_) | Resolved::I128(_) => {
                    return Err(at(ErrorKind::Message("number out of range".into())))
                }
                Resolved::F64(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
                Resolved::Str => Value::String(text),
            },
            Node::Seq { items, .. } => Value::Array(
                items
                    .into_iter()
                    .map(Node::into_value)
                    .collect::<Result<_, _>>()?,
            ),
            Node::Map { entries, .. } => {
                let mut map = Map::new();
                for (k, v) in entries {
                    let key = match k {
                        Node::Scalar { text, .. } => text,
                        _ => {
                            let what = if matches!(k, Node::Seq { .. }) {
                                "sequence"
                            } else {
                                "map"
                            };
                            let kind = ErrorKind::Message(format!(
                                "invalid type: {what}, expected a string key"
                            ));
                            return Err(YamlError::new(kind, k.mark()));
                        }
                    };
                    map.insert(key, v.into_value()?);
                }
                Value::Object(map)
            }
        })
    }
}
