//! Running a plugin natively, in `cargo test` (not available on `wasm32`).
//!
//! [`call`] and [`Loaded::call`] go through the same decoding, handler call and encoding as the
//! generated `on_connect`, and return what the router would receive. Host functions record into
//! the current thread: [`logs`], [`counters`]; cargo runs each test on its own thread, so tests do
//! not see each other's records.
//!
//! ```
//! use signpost_pdk::testing::{self, RequestBuilder};
//! use signpost_pdk::{counter_add, ConnectRequest, ConnectResponse};
//!
//! fn on_connect(request: &ConnectRequest) -> ConnectResponse {
//!     if request.event.username.as_deref() == Some("eve") {
//!         let _ = counter_add("denied", 1);
//!         return ConnectResponse::deny("no");
//!     }
//!     ConnectResponse::unchanged()
//! }
//!
//! let answer = testing::call(on_connect, &RequestBuilder::new().username("eve").json());
//! assert!(answer.deny());
//! assert_eq!(testing::counter("denied"), 1);
//! ```

use crate::host::imp::RECORDED;
use crate::host::Level;
use crate::response::ConnectResponse;
use crate::rt;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Display;

/// Calls a plugin without state on `request_json`, as the router would.
pub fn call<'a, Req, H>(handler: H, request_json: &'a str) -> Answer
where
    Req: Deserialize<'a>,
    H: FnOnce(&Req) -> ConnectResponse,
{
    rt::respond(request_json.as_bytes(), handler);
    Answer::from_output()
}

/// Runs a plugin's `load` hook on `config_json` (`"null"` for no config) as the generated
/// `signpost_load` does. An `Err` is the message the router would log when refusing the plugin.
pub fn load<S, E, L>(load: L, config_json: &str) -> Result<Loaded<S>, String>
where
    E: Display,
    L: FnOnce(&str) -> Result<S, E>,
{
    rt::run_load(config_json.as_bytes(), load).map(|state| Loaded { state })
}

/// A plugin's state after its `load` hook ran; see [`load`].
#[derive(Debug)]
pub struct Loaded<S> {
    state: S,
}

impl<S> Loaded<S> {
    /// Calls the plugin's handler with this state on `request_json`.
    pub fn call<'a, Req, H>(&self, handler: H, request_json: &'a str) -> Answer
    where
        Req: Deserialize<'a>,
        H: FnOnce(&S, &Req) -> ConnectResponse,
    {
        rt::respond(request_json.as_bytes(), |request| handler(&self.state, request));
        Answer::from_output()
    }

    /// What `load` returned.
    pub fn state(&self) -> &S {
        &self.state
    }
}

/// The JSON a plugin answered, with accessors for its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The bytes the router would receive, as text.
    pub json: String,
    /// The same, parsed.
    pub value: Value,
}

impl Answer {
    fn from_output() -> Answer {
        let json = String::from_utf8(rt::last_output()).expect("the encoder writes UTF-8");
        let value = serde_json::from_str(&json).expect("the encoder writes valid JSON");
        Answer { json, value }
    }

    /// Whether the answer is `{}`, changing nothing.
    pub fn is_unchanged(&self) -> bool {
        self.value.as_object().map_or(false, |o| o.is_empty())
    }

    pub fn deny(&self) -> bool {
        self.value["deny"].as_bool().unwrap_or(false)
    }

    pub fn deny_reason(&self) -> Option<&str> {
        self.value["deny_reason"].as_str()
    }

    pub fn selected_index(&self) -> Option<u64> {
        self.value["selected_index"].as_u64()
    }

    /// The referral content, decoded from base64.
    pub fn referral_content(&self) -> Option<Vec<u8>> {
        let text = self.value["referral_content"].as_str()?;
        Some(crate::base64::decode(text.as_bytes()).expect("the encoder writes valid base64"))
    }

    /// The referral content as UTF-8 text.
    pub fn referral_text(&self) -> Option<String> {
        self.referral_content()
            .map(|bytes| String::from_utf8(bytes).expect("referral content is UTF-8"))
    }
}

/// What the plugin logged on this thread, in order.
pub fn logs() -> Vec<(Level, String)> {
    RECORDED.with(|r| r.borrow().logs.clone())
}

/// The plugin's counters on this thread.
pub fn counters() -> BTreeMap<String, i64> {
    RECORDED.with(|r| r.borrow().counters.clone())
}

/// The value of one counter on this thread (0 when never added to).
pub fn counter(name: &str) -> i64 {
    RECORDED.with(|r| r.borrow().counters.get(name).copied().unwrap_or(0))
}

/// Forgets this thread's logs and counters.
pub fn reset() {
    RECORDED.with(|r| {
        let mut r = r.borrow_mut();
        r.logs.clear();
        r.counters.clear();
    });
}

/// Builds request JSON shaped like the router's: an event, candidates, the selected backend.
///
/// The default is the request `signpost plugin call --sample` prints: SNI `play.example.com`,
/// user `alice`, two candidates.
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    event: Value,
    candidates: Vec<Value>,
    selected_index: i64,
    referral: Option<Vec<u8>>,
}

impl Default for RequestBuilder {
    fn default() -> Self {
        RequestBuilder::new()
    }
}

impl RequestBuilder {
    pub fn new() -> Self {
        RequestBuilder {
            event: json!({
                "sni": "play.example.com",
                "client_type": 0,
                "uuid": "5f0e1a52-3c5d-4b8e-9a8c-7d1c4a6b2e10",
                "username": "alice",
                "language": "en-US",
                "identity_token_present": true,
                "alpn": "hytale/2"
            }),
            candidates: vec![
                json!({"host": "10.0.0.1", "port": 5520, "weight": 1}),
                json!({"host": "10.0.0.2", "port": 5520, "weight": 1}),
            ],
            selected_index: 0,
            referral: None,
        }
    }

    /// Sets (or, with `Value::Null`, removes) a field of `event`.
    pub fn event(mut self, field: &str, value: impl Into<Value>) -> Self {
        let value = value.into();
        let event = self.event.as_object_mut().expect("event is an object");
        if value.is_null() {
            event.remove(field);
        } else {
            event.insert(field.to_owned(), value);
        }
        self
    }

    pub fn sni(self, sni: &str) -> Self {
        self.event("sni", sni)
    }

    pub fn username(self, username: &str) -> Self {
        self.event("username", username)
    }

    pub fn uuid(self, uuid: &str) -> Self {
        self.event("uuid", uuid)
    }

    /// Replaces the candidates.
    pub fn candidates(mut self, candidates: &[(&str, u16)]) -> Self {
        self.candidates = candidates
            .iter()
            .map(|(host, port)| json!({"host": host, "port": port}))
            .collect();
        self
    }

    pub fn selected_index(mut self, index: i64) -> Self {
        self.selected_index = index;
        self
    }

    /// Sets the current referral content (sent base64-encoded under both names).
    pub fn referral_content(mut self, content: impl Into<Vec<u8>>) -> Self {
        self.referral = Some(content.into());
        self
    }

    /// The request as a JSON value.
    pub fn value(&self) -> Value {
        let mut request = json!({
            "event": self.event,
            "strategy": "round_robin",
            "candidates": self.candidates,
            "selected_index": self.selected_index,
        });
        if let Some(backend) = usize::try_from(self.selected_index)
            .ok()
            .and_then(|i| self.candidates.get(i))
        {
            request["backend"] = backend.clone();
        }
        if let Some(content) = self.referral.as_ref().filter(|c| !c.is_empty()) {
            let encoded = crate::base64::encode(content);
            request["referral_content"] = Value::from(encoded.clone());
            request["referral_data"] = Value::from(encoded);
        }
        request
    }

    /// The request as JSON text.
    pub fn json(&self) -> String {
        self.value().to_string()
    }
}
