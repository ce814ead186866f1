//! The fields of a List item that Headroom reads, as typed serde structs; every other field is
//! skipped by serde without being built. Each field reads the way a lookup in a JSON tree
//! did (`reference.rs`): a value of another type than the one read counts as absent (a `spec`
//! that is a string has no `replicas`, a label whose value is a number is no label), so every
//! item a tree lookup could read reads the same here.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{value::MapAccessDeserializer, Deserializer, IgnoredAny, MapAccess, SeqAccess};
use serde::de::{Error, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::core::model::Labels;

/// `Visitor` methods for the values a field does not read: they read as the default (absent).
/// Arrays and objects are still consumed, as the deserializer requires.
macro_rules! absent_otherwise {
    () => {
        fn visit_bool<E: Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_i64<E: Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_u64<E: Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_f64<E: Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
    };
}

macro_rules! absent_if_str {
    () => {
        fn visit_str<E: Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
    };
}

macro_rules! absent_if_seq {
    () => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Default::default())
        }
    };
}

macro_rules! absent_if_map {
    () => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Default::default())
        }
    };
}

/// An object's fields, or all of them absent when the value is not an object.
#[derive(Default)]
pub(super) struct Obj<T>(pub T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Obj)
            }
            absent_otherwise!();
            absent_if_str!();
            absent_if_seq!();
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A string, or absent when the value is not a string.
#[derive(Default)]
pub(super) struct Text(pub Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text(Some(s.to_string())))
            }
            fn visit_string<E: Error>(self, s: String) -> Result<Text, E> {
                Ok(Text(Some(s)))
            }
            absent_otherwise!();
            absent_if_seq!();
            absent_if_map!();
        }
        d.deserialize_any(V)
    }
}

/// A count as sent (any JSON value, `null` included), so that one that is not a count can be
/// quoted; absent when the field is.
#[derive(Default)]
pub(super) struct Count(pub Option<Value>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(|v| Count(Some(v)))
    }
}

/// `metadata.labels`: the entries whose value is a string (the last of repeated keys counts).
#[derive(Default)]
pub(super) struct LabelMap(pub Labels);

impl<'de> Deserialize<'de> for LabelMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LabelMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LabelMap, A::Error> {
                let mut out = Labels::new();
                while let Some((k, Text(v))) = map.next_entry::<String, Text>()? {
                    match v {
                        Some(v) => out.insert(k, v),
                        None => out.remove(&k),
                    };
                }
                Ok(LabelMap(out))
            }
            absent_otherwise!();
            absent_if_str!();
            absent_if_seq!();
        }
        d.deserialize_any(V)
    }
}

/// The first container's image: `containers/0/image` as a JSON pointer reads it (element 0 of
/// an array, or the member named `0` of an object).
#[derive(Default)]
pub(super) struct FirstImage(pub Option<String>);

#[derive(Deserialize, Default)]
#[serde(default)]
struct Container {
    image: Text,
}

impl<'de> Deserialize<'de> for FirstImage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FirstImage;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FirstImage, A::Error> {
                let first = seq.next_element::<Obj<Container>>()?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FirstImage(first.and_then(|c| c.0.image.0)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FirstImage, A::Error> {
                let mut image = None;
                while let Some(k) = map.next_key::<String>()? {
                    if k == "0" {
                        image = map.next_value::<Obj<Container>>()?.0.image.0;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(FirstImage(image))
            }
            absent_otherwise!();
            absent_if_str!();
        }
        d.deserialize_any(V)
    }
}

/// `status.conditions`: the status of the first condition whose type is `Ready`, when that
/// status is a string.
#[derive(Default)]
pub(super) struct ReadyCondition(pub Option<String>);

#[derive(Deserialize, Default)]
#[serde(default)]
struct Condition {
    #[serde(rename = "type")]
    kind: Text,
    status: Text,
}

impl<'de> Deserialize<'de> for ReadyCondition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ReadyCondition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut ready: Option<Option<String>> = None;
                while let Some(Obj(c)) = seq.next_element::<Obj<Condition>>()? {
                    if ready.is_none() && c.kind.0.as_deref() == Some("Ready") {
                        ready = Some(c.status.0);
                    }
                }
                Ok(ReadyCondition(ready.flatten()))
            }
            absent_otherwise!();
            absent_if_str!();
            absent_if_map!();
        }
        d.deserialize_any(V)
    }
}

/// One List item: what every kind reads, then what each kind reads of `spec` and `status`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Item {
    pub kind: Text,
    pub metadata: Obj<Metadata>,
    pub spec: Obj<Spec>,
    pub status: Obj<Status>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Metadata {
    pub name: Text,
    pub namespace: Text,
    pub labels: LabelMap,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Spec {
    pub replicas: Count,
    pub template: Obj<Template>,
    /// A Pod's own containers.
    pub containers: FirstImage,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Template {
    pub spec: Obj<PodSpec>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PodSpec {
    pub containers: FirstImage,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Status {
    pub available_replicas: Count,
    pub ready_replicas: Count,
    pub desired_number_scheduled: Count,
    pub number_available: Count,
    pub phase: Text,
    pub conditions: ReadyCondition,
    pub node_info: Obj<NodeInfo>,
    pub capacity: Obj<Capacity>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct NodeInfo {
    pub kubelet_version: Text,
    pub container_runtime_version: Text,
    pub os_image: Text,
    pub kernel_version: Text,
    pub architecture: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Capacity {
    pub cpu: Text,
    pub memory: Text,
}
