//! The request a plugin receives: [`ConnectRequest`] and its parts, read without copying.

use crate::base64;
use crate::text::Str;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;

/// A `ConnectRequest`, every field of it, borrowed from the request buffer.
///
/// Unknown fields are ignored, so the type keeps working when the router adds fields. A plugin
/// that reads only a field or two is faster with its own request type that names only those
/// (see the crate documentation); the parts below ([`Event`], [`Backend`]) fit in such a type.
#[derive(serde::Deserialize, Debug, Clone, Default, PartialEq)]
pub struct ConnectRequest<'a> {
    /// What is known about the client.
    #[serde(borrow, default, deserialize_with = "null_is_default")]
    pub event: Event<'a>,
    /// The pool's selection strategy (`round_robin`, `random`, `weighted`).
    #[serde(borrow, default)]
    pub strategy: Option<Str<'a>>,
    /// The pool's backends after filters, sort and limit.
    #[serde(borrow, default, deserialize_with = "null_is_default")]
    pub candidates: Vec<Backend<'a>>,
    /// Index of `backend` in `candidates`, or -1 when an earlier plugin chose a backend outside
    /// the list.
    #[serde(default, deserialize_with = "null_is_default")]
    pub selected_index: i32,
    /// The currently selected backend.
    #[serde(borrow, default)]
    pub backend: Option<Backend<'a>>,
    /// The current referral content, base64 (Hyrouter's current name).
    #[serde(borrow, default)]
    pub referral_content: Option<Str<'a>>,
    /// The same content under the seed's name; the router sends both.
    #[serde(borrow, default)]
    pub referral_data: Option<Str<'a>>,
}

impl<'a> ConnectRequest<'a> {
    /// Reads a request from JSON, as the generated `on_connect` does.
    pub fn from_json(json: &'a str) -> Result<Self, crate::json::Error> {
        crate::json::from_str(json)
    }

    /// The current referral content, decoded: `referral_content`, else `referral_data`, else
    /// empty.
    pub fn referral(&self) -> Result<Vec<u8>, base64::DecodeError> {
        referral(&self.referral_content, &self.referral_data)
    }
}

/// The decoded referral content of a request type's two referral fields: the first one present
/// wins, none gives an empty content. For request types of your own that carry both fields.
pub fn referral(
    referral_content: &Option<Str<'_>>,
    referral_data: &Option<Str<'_>>,
) -> Result<Vec<u8>, base64::DecodeError> {
    match referral_content.as_ref().or(referral_data.as_ref()) {
        Some(text) => base64::decode(text.as_bytes()),
        None => Ok(Vec::new()),
    }
}

/// What is known about the client; every field but `sni` may be absent.
#[derive(serde::Deserialize, Debug, Clone, Default, PartialEq)]
pub struct Event<'a> {
    /// The host name the client dialled (TLS SNI).
    #[serde(borrow, default, deserialize_with = "null_is_default")]
    pub sni: Str<'a>,
    #[serde(borrow, default)]
    pub client_cert_fingerprint: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub protocol_hash: Option<Str<'a>>,
    #[serde(default)]
    pub client_type: Option<i32>,
    #[serde(borrow, default)]
    pub uuid: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub username: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub language: Option<Str<'a>>,
    #[serde(default)]
    pub identity_token_present: Option<bool>,
    /// The negotiated ALPN protocol, e.g. `hytale/2`.
    #[serde(borrow, default)]
    pub alpn: Option<Str<'a>>,
}

/// A backend: a candidate of the pool, the selected backend, or one a response names.
#[derive(serde::Deserialize, Debug, Clone, Default, PartialEq, Eq)]
pub struct Backend<'a> {
    #[serde(borrow)]
    pub host: Str<'a>,
    pub port: u16,
    #[serde(default, deserialize_with = "null_is_default")]
    pub weight: i32,
    #[serde(borrow, default, deserialize_with = "null_is_default")]
    pub meta: Meta<'a>,
}

impl<'a> Backend<'a> {
    /// A backend with no weight and no metadata.
    pub fn new(host: impl Into<Str<'a>>, port: u16) -> Self {
        Backend {
            host: host.into(),
            port,
            weight: 0,
            meta: Meta::default(),
        }
    }

    /// A copy that outlives the request, to put in a response.
    pub fn into_owned(self) -> Backend<'static> {
        Backend {
            host: self.host.into_owned(),
            port: self.port,
            weight: self.weight,
            meta: self.meta.into_owned(),
        }
    }
}

/// A backend's metadata (`meta`), in the order the JSON gave it. Reading it allocates only when
/// the backend has metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta<'a>(pub Vec<(Str<'a>, Str<'a>)>);

impl<'a> Meta<'a> {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds an entry (for responses).
    pub fn insert(&mut self, key: impl Into<Str<'a>>, value: impl Into<Str<'a>>) {
        self.0.push((key.into(), value.into()));
    }

    /// A copy that outlives the request.
    pub fn into_owned(self) -> Meta<'static> {
        Meta(
            self.0
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Meta<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MetaVisitor;

        impl<'de> Visitor<'de> for MetaVisitor {
            type Value = Meta<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Str<'de>, Str<'de>>()? {
                    entries.push(entry);
                }
                Ok(Meta(entries))
            }
        }

        deserializer.deserialize_map(MetaVisitor)
    }
}

/// Reads `null` as the type's default, as the router's own JSON reader does.
pub fn null_is_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
