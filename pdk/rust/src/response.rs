//! The answer a plugin gives: [`ConnectResponse`], and its JSON encoding.

use crate::base64;
use crate::request::{Backend, Meta};
use crate::text::Str;

/// A `ConnectResponse`. Every field is optional; the default (`{}`) changes nothing.
///
/// ```
/// use signpost_pdk::ConnectResponse;
///
/// let keep = ConnectResponse::unchanged();
/// let no = ConnectResponse::deny("banned");
/// let pick = ConnectResponse::unchanged().select(2).referral_content("fleet-a");
/// assert_eq!(pick.to_json(), r#"{"selected_index":2,"referral_content":"ZmxlZXQtYQ=="}"#);
/// # let _ = (keep, no);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectResponse {
    /// Refuse the connection; the chain stops here.
    pub deny: bool,
    /// The reason shown to the client (a default is used when blank).
    pub deny_reason: Option<Str<'static>>,
    /// Replaces the candidate list when non-empty.
    pub candidates: Option<Vec<Backend<'static>>>,
    /// Picks from the (possibly replaced) candidates when in range.
    pub selected_index: Option<usize>,
    /// Becomes the target when usable (non-blank host, port 1..65535).
    pub backend: Option<Backend<'static>>,
    /// Replaces the referral content, even when empty; sent base64-encoded.
    pub referral_content: Option<Vec<u8>>,
}

impl ConnectResponse {
    /// The answer that changes nothing: `{}`.
    pub fn unchanged() -> Self {
        ConnectResponse::default()
    }

    /// Refuses the connection with a reason for the client.
    pub fn deny(reason: impl Into<Str<'static>>) -> Self {
        ConnectResponse {
            deny: true,
            deny_reason: Some(reason.into()),
            ..ConnectResponse::default()
        }
    }

    /// Picks candidate `index`.
    pub fn select(mut self, index: usize) -> Self {
        self.selected_index = Some(index);
        self
    }

    /// Sends the client to `backend`, whether or not it is a candidate.
    pub fn backend(mut self, backend: Backend<'static>) -> Self {
        self.backend = Some(backend);
        self
    }

    /// Replaces the candidate list.
    pub fn candidates(mut self, candidates: Vec<Backend<'static>>) -> Self {
        self.candidates = Some(candidates);
        self
    }

    /// Replaces the referral content (the bytes, not base64: the encoding is done for you).
    pub fn referral_content(mut self, content: impl Into<Vec<u8>>) -> Self {
        self.referral_content = Some(content.into());
        self
    }

    /// The JSON the host receives.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out);
        String::from_utf8(out).expect("the encoder writes UTF-8")
    }

    /// Appends the JSON the host receives to `out`; fields that are not set are left out.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let mut obj = Object::start(out);
        if self.deny {
            obj.key(b"deny").extend_from_slice(b"true");
        }
        if let Some(reason) = &self.deny_reason {
            write_string(obj.key(b"deny_reason"), reason);
        }
        if let Some(candidates) = &self.candidates {
            let out = obj.key(b"candidates");
            out.push(b'[');
            for (i, backend) in candidates.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_backend(out, backend);
            }
            out.push(b']');
        }
        if let Some(index) = self.selected_index {
            write_u64(obj.key(b"selected_index"), index as u64);
        }
        if let Some(backend) = &self.backend {
            write_backend(obj.key(b"backend"), backend);
        }
        if let Some(content) = &self.referral_content {
            let out = obj.key(b"referral_content");
            out.push(b'"');
            base64::encode_into(content, out);
            out.push(b'"');
        }
        obj.end();
    }
}

/// Writes `{"k":v,...}` with commas where they belong.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl<'o> Object<'o> {
    fn start(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        Object { out, first: true }
    }

    /// Writes the key (plain ASCII, no escapes needed) and returns the buffer for its value.
    fn key(&mut self, name: &[u8]) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(name);
        self.out.extend_from_slice(b"\":");
        self.out
    }

    fn end(self) {
        self.out.push(b'}');
    }
}

fn write_backend(out: &mut Vec<u8>, backend: &Backend<'_>) {
    let mut obj = Object::start(out);
    write_string(obj.key(b"host"), &backend.host);
    write_u64(obj.key(b"port"), backend.port as u64);
    if backend.weight != 0 {
        write_i64(obj.key(b"weight"), backend.weight as i64);
    }
    if !backend.meta.is_empty() {
        write_meta(obj.key(b"meta"), &backend.meta);
    }
    obj.end();
}

fn write_meta(out: &mut Vec<u8>, meta: &Meta<'_>) {
    out.push(b'{');
    for (i, (k, v)) in meta.0.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_string(out, k);
        out.push(b':');
        write_string(out, v);
    }
    out.push(b'}');
}

/// Writes `s` as a JSON string: `"` and `\` escaped, control characters as `\uXXXX`.
pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => &[],
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

fn write_i64(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    write_u64(out, n.unsigned_abs());
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn parsed(response: &ConnectResponse) -> Value {
        serde_json::from_str(&response.to_json()).expect("valid JSON")
    }

    #[test]
    fn the_default_answer_is_an_empty_object() {
        assert_eq!(ConnectResponse::unchanged().to_json(), "{}");
    }

    #[test]
    fn writes_every_field_it_has() {
        let mut meta = Meta::default();
        meta.insert("region", "eu");
        let response = ConnectResponse {
            deny: true,
            deny_reason: Some("no".into()),
            candidates: Some(vec![
                Backend::new("10.0.0.1", 5520),
                Backend {
                    host: "10.0.0.2".into(),
                    port: 5521,
                    weight: -3,
                    meta,
                },
            ]),
            selected_index: Some(1),
            backend: Some(Backend::new("play.example.com", 443)),
            referral_content: Some(b"hi".to_vec()),
        };
        assert_eq!(
            parsed(&response),
            json!({
                "deny": true,
                "deny_reason": "no",
                "candidates": [
                    {"host": "10.0.0.1", "port": 5520},
                    {"host": "10.0.0.2", "port": 5521, "weight": -3, "meta": {"region": "eu"}}
                ],
                "selected_index": 1,
                "backend": {"host": "play.example.com", "port": 443},
                "referral_content": "aGk="
            })
        );
    }

    #[test]
    fn escapes_strings_so_that_any_text_round_trips() {
        let nasty = "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} unit \u{1f} é ✓ 😀";
        let json = ConnectResponse::deny(nasty.to_string()).to_json();
        assert_eq!(parsed(&ConnectResponse::deny(nasty.to_string()))["deny_reason"], nasty);
        assert!(json.is_ascii() || json.contains('é'), "non-ASCII is written as UTF-8");
    }

    #[test]
    fn writes_integers_at_their_limits() {
        for n in [0, 9, 10, 65535, u32::MAX as usize] {
            assert_eq!(parsed(&ConnectResponse::unchanged().select(n))["selected_index"], n as u64);
        }
        let mut out = Vec::new();
        write_i64(&mut out, i64::MIN);
        assert_eq!(out, i64::MIN.to_string().as_bytes());
    }

    #[test]
    fn an_empty_referral_content_is_written_and_clears_the_content() {
        assert_eq!(
            ConnectResponse::unchanged().referral_content(Vec::new()).to_json(),
            r#"{"referral_content":""}"#
        );
    }
}
