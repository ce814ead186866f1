//! A read document as a tree (aliases expanded, scalars as written), and the serde
//! `Deserializer` over it that gives typed values as serde_yaml_ng gave them: a string
//! field takes any scalar's text (`team: 2024` is `"2024"`), an empty value is an empty
//! map or sequence, `~`/`null`/empty is `None`; other values resolve by the core schema
//! (`resolve.rs`). Errors name the line and column of the node they are about.

use serde::de::{self, Unexpected, Visitor};

use super::access::{Enum, Map, Seq};

use super::error::{ErrorKind, YamlError};
use super::input::Mark;
use super::resolve::{self, Resolved};
use super::scanner::Style;

/// A node of a read document.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Node {
    Scalar {
        text: String,
        style: Style,
        tag: Option<Vec<u8>>,
        mark: Mark,
    },
    Seq {
        items: Vec<Node>,
        tag: Option<Vec<u8>>,
        mark: Mark,
    },
    Map {
        entries: Vec<(Node, Node)>,
        tag: Option<Vec<u8>>,
        mark: Mark,
    },
    /// An empty text: no document at all.
    Empty,
}

impl Node {
    pub(super) fn mark(&self) -> Mark {
        match self {
            Node::Scalar { mark, .. } | Node::Seq { mark, .. } | Node::Map { mark, .. } => *mark,
            Node::Empty => Mark::default(),
        }
    }

    pub(super) fn tag(&self) -> Option<&[u8]> {
        match self {
            Node::Scalar { tag, .. } | Node::Seq { tag, .. } | Node::Map { tag, .. } => {
                tag.as_deref()
            }
            Node::Empty => None,
        }
    }

    /// An empty plain scalar, or no document: read as an empty map or sequence.
    fn is_empty_value(&self) -> bool {
        match self {
            Node::Scalar { text, style, .. } => text.is_empty() && *style == Style::Plain,
            Node::Empty => true,
            _ => false,
        }
    }
}

/// The deserializer over one node. `untagged`: its tag was read as an enum variant already.
#[derive(Clone, Copy)]
pub(super) struct De<'a> {
    pub node: &'a Node,
    pub untagged: bool,
}

type Result<T> = std::result::Result<T, YamlError>;

impl<'a> De<'a> {
    pub fn new(node: &'a Node) -> De<'a> {
        De {
            node,
            untagged: false,
        }
    }

    fn tag(&self) -> Option<&'a [u8]> {
        if self.untagged {
            None
        } else {
            self.node.tag()
        }
    }

    /// Gives an error without a position the position of this node.
    fn at<T>(&self, r: Result<T>) -> Result<T> {
        r.map_err(|mut e| {
            if e.line == 0 {
                let m = self.node.mark();
                (e.line, e.column) = (m.line + 1, m.column + 1);
            }
            e
        })
    }

    fn invalid<T>(&self, exp: &dyn de::Expected) -> Result<T> {
        let unexpected = match self.node {
            Node::Seq { .. } => Unexpected::Seq,
            Node::Map { .. } => Unexpected::Map,
            Node::Scalar { text, .. } => Unexpected::Str(text),
            Node::Empty => return Err(de::Error::custom("EOF while parsing a value")),
        };
        Err(de::Error::invalid_type(unexpected, exp))
    }

    fn any<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        if let Some(tag) = self.tag() {
            resolve::local_tag(tag).map_err(|k| YamlError::new(k, self.node.mark()))?;
        }
        match self.node {
            Node::Scalar { text, style, .. } => {
                match resolve::scalar(text, *style, self.tag())
                    .map_err(|k| YamlError::new(k, self.node.mark()))?
                {
                    Resolved::Null => v.visit_unit(),
                    Resolved::Bool(b) => v.visit_bool(b),
                    Resolved::U64(n) => v.visit_u64(n),
                    Resolved::I64(n) => v.visit_i64(n),
                    Resolved::U128(n) => v.visit_u128(n),
                    Resolved::I128(n) => v.visit_i128(n),
                    Resolved::F64(f) => v.visit_f64(f),
                    Resolved::Str => v.visit_borrowed_str(text),
                }
            }
            Node::Seq { items, .. } => v.visit_seq(Seq(items.iter())),
            Node::Map { entries, .. } => v.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
            Node::Empty => v.visit_none(),
        }
    }

    /// `~`, `null`, an empty plain scalar (or `!!null` ones): serde_yaml_ng's `None`.
    fn is_null(&self) -> Result<bool> {
        let Node::Scalar { text, style, .. } = self.node else {
            return Ok(matches!(self.node, Node::Empty));
        };
        if *style != Style::Plain {
            return Ok(false);
        }
        match self.tag() {
            Some(t) if resolve::is_null_tag(t) => match resolve::scalar(text, *style, Some(t)) {
                Ok(_) => Ok(true),
                Err(k) => Err(YamlError::new(k, self.node.mark())),
            },
            Some(_) => Ok(false),
            None => Ok(text.is_empty() || resolve::is_null(text)),
        }
    }
}

impl<'a> de::Deserializer<'a> for De<'a> {
    type Error = YamlError;

    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        self.at(self.any(v))
    }

    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        self.at(match self.node {
            Node::Scalar { text, .. } => v.visit_borrowed_str(text),
            _ => self.invalid(&v),
        })
    }

    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        let none = self.at(self.is_null())?;
        self.at(if none {
            v.visit_none()
        } else {
            v.visit_some(self)
        })
    }

    fn deserialize_unit<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        let null = matches!(self.node, Node::Scalar { .. } | Node::Empty)
            && self.is_null().unwrap_or(false);
        self.at(match self.node {
            _ if null => v.visit_unit(),
            Node::Scalar { text, .. } => {
                Err(de::Error::invalid_value(Unexpected::Str(text), &"null"))
            }
            _ => self.invalid(&v),
        })
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        self.at(match self.node {
            Node::Seq { items, .. } => v.visit_seq(Seq(items.iter())),
            n if n.is_empty_value() => v.visit_seq(Seq([].iter())),
            _ => self.invalid(&v),
        })
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, v: V) -> Result<V::Value> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        self.at(match self.node {
            Node::Map { entries, .. } => v.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
            n if n.is_empty_value() => v.visit_map(Map {
                entries: [].iter(),
                value: None,
            }),
            _ => self.invalid(&v),
        })
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        self.deserialize_map(v)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        let variant = self.tag().and_then(resolve::enum_tag);
        self.at(match (self.node, variant) {
            (_, Some(tag)) => v.visit_enum(Enum {
                de: self,
                variant: Some(tag),
            }),
            (Node::Scalar { .. }, None) => v.visit_enum(Enum {
                de: self,
                variant: None,
            }),
            (Node::Empty, None) => self.invalid(&v),
            _ => self.invalid(&"a YAML tag starting with '!'"),
        })
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        v.visit_unit()
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, _v: V) -> Result<V::Value> {
        Err(de::Error::custom("bytes are not supported in YAML"))
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, v: V) -> Result<V::Value> {
        self.deserialize_bytes(v)
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
    }
}

impl de::Error for YamlError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        YamlError {
            kind: ErrorKind::Message(msg.to_string()),
            line: 0,
            column: 0,
        }
    }
}
