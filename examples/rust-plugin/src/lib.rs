//! Example Signpost Wasm plugin, written with the Rust PDK (`pdk/rust`).
//!
//! - `load` reads the plugin's `config`: `deny_usernames` (list), `deny_reason` and
//!   `referral_prefix` (strings).
//! - `on_connect` denies listed usernames, otherwise picks a candidate by an FNV-1a hash of the
//!   client's uuid and sets the referral content to `<prefix>;uuid=<uuid>;backend=<host>:<port>`.
//! - It logs and counts through the host (`signpost.log`, `signpost.counter_add`).
//!
//! `signpost_pdk::plugin!` generates the exports; buffers are reused, so memory stays flat.

use serde::Deserialize;
use signpost_pdk::{counter_add, log, text, Backend, ConnectResponse, Str};

#[derive(Deserialize, Default)]
struct Config {
    #[serde(default)]
    deny_usernames: Vec<String>,
    #[serde(default)]
    deny_reason: Option<String>,
    #[serde(default)]
    referral_prefix: Option<String>,
}

/// The two request fields this plugin reads; serde skips the rest without decoding it.
#[derive(Deserialize)]
struct Request<'a> {
    #[serde(borrow, default)]
    event: Event<'a>,
    #[serde(borrow, default)]
    candidates: Vec<Backend<'a>>,
}

#[derive(Deserialize, Default)]
struct Event<'a> {
    #[serde(borrow, default)]
    uuid: Option<Str<'a>>,
    #[serde(borrow, default)]
    username: Option<Str<'a>>,
}

fn load(config: &str) -> Result<Config, signpost_pdk::ConfigError> {
    let config: Config = signpost_pdk::parse_config(config)?;
    log::info(&format!("loaded; {} denied username(s)", config.deny_usernames.len()));
    Ok(config)
}

fn unload() {
    log::info("unloading");
}

fn on_connect(config: &Config, request: &Request) -> ConnectResponse {
    if let Some(name) = &request.event.username {
        if config.deny_usernames.iter().any(|d| d == name.as_str()) {
            let _ = counter_add("denied", 1);
            let reason = match &config.deny_reason {
                Some(reason) => reason.clone(),
                None => text!("user ", name, " is not allowed"),
            };
            return ConnectResponse::deny(reason);
        }
    }
    let uuid = match &request.event.uuid {
        Some(u) if !request.candidates.is_empty() => u,
        _ => return ConnectResponse::unchanged(),
    };
    let index = (fnv1a(uuid.as_bytes()) % request.candidates.len() as u64) as usize;
    let target = &request.candidates[index];
    let prefix = config.referral_prefix.as_deref().unwrap_or("signpost-rust");
    let content = text!(prefix, ";uuid=", uuid, ";backend=", target.host, ':', target.port);
    let _ = counter_add("routed", 1);
    ConnectResponse::unchanged().select(index).referral_content(content)
}

signpost_pdk::plugin!(on_connect, load = load, unload = unload);

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in bytes {
        hash ^= *b as u64;
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use signpost_pdk::testing::{self, RequestBuilder};
    use signpost_pdk::Level;

    const CONFIG: &str = r#"{"deny_usernames":["mallory","eve"],"referral_prefix":"fleet-a"}"#;

    fn three_candidates() -> RequestBuilder {
        RequestBuilder::new().candidates(&[("10.0.0.1", 5520), ("10.0.0.2", 5520), ("10.0.0.3", 5521)])
    }

    #[test]
    fn load_logs_how_many_names_it_denies() {
        testing::reset();
        testing::load(load, CONFIG).unwrap();
        assert_eq!(testing::logs(), vec![(Level::Info, "loaded; 2 denied username(s)".to_owned())]);
    }

    #[test]
    fn denies_listed_usernames_and_counts_them() {
        testing::reset();
        let plugin = testing::load(load, CONFIG).unwrap();
        let answer = plugin.call(on_connect, &three_candidates().username("mallory").json());
        assert_eq!(answer.json, r#"{"deny":true,"deny_reason":"user mallory is not allowed"}"#);
        assert_eq!(testing::counter("denied"), 1);
    }

    #[test]
    fn the_configured_deny_reason_wins() {
        let plugin = testing::load(load, r#"{"deny_usernames":["eve"],"deny_reason":"closed"}"#).unwrap();
        let answer = plugin.call(on_connect, &RequestBuilder::new().username("eve").json());
        assert_eq!(answer.deny_reason(), Some("closed"));
    }

    #[test]
    fn picks_a_backend_by_uuid_hash_and_sets_referral_content() {
        testing::reset();
        let plugin = testing::load(load, CONFIG).unwrap();
        let uuid = "4f3c2a10-0000-4000-8000-000000000001";
        let answer = plugin.call(on_connect, &three_candidates().username("alice").uuid(uuid).json());
        let index = (fnv1a(uuid.as_bytes()) % 3) as usize;
        let (host, port) = [("10.0.0.1", 5520), ("10.0.0.2", 5520), ("10.0.0.3", 5521)][index];
        assert_eq!(answer.selected_index(), Some(index as u64));
        assert_eq!(
            answer.referral_text().unwrap(),
            format!("fleet-a;uuid={};backend={}:{}", uuid, host, port)
        );
        assert_eq!(testing::counter("routed"), 1);
    }

    #[test]
    fn without_a_uuid_or_candidates_nothing_changes() {
        let plugin = testing::load(load, "null").unwrap();
        let no_uuid = RequestBuilder::new().event("uuid", signpost_pdk::serde_json::Value::Null);
        assert!(plugin.call(on_connect, &no_uuid.json()).is_unchanged());
        let no_candidates = RequestBuilder::new().candidates(&[]);
        assert!(plugin.call(on_connect, &no_candidates.json()).is_unchanged());
    }

    #[test]
    fn the_default_prefix_is_signpost_rust() {
        let plugin = testing::load(load, "null").unwrap();
        let answer = plugin.call(on_connect, &RequestBuilder::new().json());
        assert!(answer.referral_text().unwrap().starts_with("signpost-rust;uuid="));
    }

    #[test]
    fn a_config_of_the_wrong_shape_is_refused() {
        assert!(testing::load(load, r#"{"deny_usernames":"eve"}"#).is_err());
    }
}
