//! {{name}}: a Signpost Wasm plugin written with the Rust PDK.
//!
//! - `load` reads the plugin's `config`: `deny_usernames` (list) and `referral_prefix` (string).
//! - `on_connect` denies listed usernames and otherwise sets the referral content to
//!   `<prefix>;user=<username>`.

use serde::Deserialize;
use signpost_pdk::{counter_add, log, text, ConnectResponse, Str};

#[derive(Deserialize, Default)]
struct Config {
    #[serde(default)]
    deny_usernames: Vec<String>,
    #[serde(default)]
    referral_prefix: Option<String>,
}

/// The request fields this plugin reads; the rest is skipped without being decoded. Use
/// `signpost_pdk::ConnectRequest` to get every field.
#[derive(Deserialize)]
struct Request<'a> {
    #[serde(borrow, default)]
    event: Event<'a>,
}

#[derive(Deserialize, Default)]
struct Event<'a> {
    #[serde(borrow, default)]
    username: Option<Str<'a>>,
}

fn load(config: &str) -> Result<Config, signpost_pdk::ConfigError> {
    let config: Config = signpost_pdk::parse_config(config)?;
    log::info(&text!("loaded; ", config.deny_usernames.len(), " denied username(s)"));
    Ok(config)
}

fn on_connect(config: &Config, request: &Request) -> ConnectResponse {
    let username = request.event.username.as_deref().unwrap_or("");
    if config.deny_usernames.iter().any(|d| d == username) {
        let _ = counter_add("denied", 1);
        return ConnectResponse::deny(text!("user ", username, " is not allowed"));
    }
    let prefix = config.referral_prefix.as_deref().unwrap_or("{{name}}");
    ConnectResponse::unchanged().referral_content(text!(prefix, ";user=", username))
}

signpost_pdk::plugin!(on_connect, load = load);

#[cfg(test)]
mod tests {
    use super::*;
    use signpost_pdk::testing::{self, RequestBuilder};

    const CONFIG: &str = r#"{"deny_usernames":["mallory"],"referral_prefix":"fleet-a"}"#;

    #[test]
    fn denies_listed_usernames_and_counts_them() {
        testing::reset();
        let plugin = testing::load(load, CONFIG).unwrap();
        let answer = plugin.call(on_connect, &RequestBuilder::new().username("mallory").json());
        assert!(answer.deny());
        assert_eq!(answer.deny_reason(), Some("user mallory is not allowed"));
        assert_eq!(testing::counter("denied"), 1);
    }

    #[test]
    fn sets_the_referral_content_for_everyone_else() {
        let plugin = testing::load(load, CONFIG).unwrap();
        let answer = plugin.call(on_connect, &RequestBuilder::new().username("alice").json());
        assert!(!answer.deny());
        assert_eq!(answer.referral_text().as_deref(), Some("fleet-a;user=alice"));
    }

    #[test]
    fn a_config_of_the_wrong_shape_is_refused() {
        assert!(testing::load(load, r#"{"deny_usernames":"mallory"}"#).is_err());
    }
}
