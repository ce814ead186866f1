//! The sequence, mapping and enum accesses of the deserializer over read nodes
//! (`node.rs`): items and entries in their written order; an enum as serde_yaml_ng reads
//! one, from a tag (`!Variant value`) or a scalar (`Variant`).

use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};

use super::error::YamlError;
use super::node::{De, Node};

type Result<T> = std::result::Result<T, YamlError>;

pub(super) struct Seq<'a>(pub std::slice::Iter<'a, Node>);

impl<'a> de::SeqAccess<'a> for Seq<'a> {
    type Error = YamlError;
    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        self.0
            .next()
            .map(|n| seed.deserialize(De::new(n)))
            .transpose()
    }
}

pub(super) struct Map<'a> {
    pub entries: std::slice::Iter<'a, (Node, Node)>,
    pub value: Option<&'a Node>,
}

impl<'a> de::MapAccess<'a> for Map<'a> {
    type Error = YamlError;
    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((k, v)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(v);
        seed.deserialize(De::new(k)).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        match self.value.take() {
            Some(v) => seed.deserialize(De::new(v)),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}

/// An enum written as a tagged node (`!Variant value`) or a scalar (`Variant`).
pub(super) struct Enum<'a> {
    pub de: De<'a>,
    pub variant: Option<&'a str>,
}

impl<'a> de::EnumAccess<'a> for Enum<'a> {
    type Error = YamlError;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self)> {
        let v = match self.variant {
            Some(tag) => seed.deserialize(tag.into_deserializer())?,
            None => seed.deserialize(self.de)?,
        };
        Ok((v, self))
    }
}

impl<'a> de::VariantAccess<'a> for Enum<'a> {
    type Error = YamlError;
    fn unit_variant(self) -> Result<()> {
        match self.variant {
            Some(_) => de::Deserialize::deserialize(De {
                untagged: true,
                ..self.de
            }),
            None => Ok(()),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, seed: T) -> Result<T::Value> {
        match self.variant {
            Some(_) => seed.deserialize(De {
                untagged: true,
                ..self.de
            }),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }
    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, v: V) -> Result<V::Value> {
        match self.variant {
            Some(_) => de::Deserializer::deserialize_seq(
                De {
                    untagged: true,
                    ..self.de
                },
                v,
            ),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            )),
        }
    }
    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        match self.variant {
            Some(_) => de::Deserializer::deserialize_map(
                De {
                    untagged: true,
                    ..self.de
                },
                v,
            ),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            )),
        }
    }
}
