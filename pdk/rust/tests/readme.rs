//! The plugin and the test shown in README.md, kept compiling and passing.

use serde::Deserialize;
use signpost_pdk::{counter_add, log, text, ConnectRequest, ConnectResponse};

#[derive(Deserialize, Default)]
struct Config {
    #[serde(default)]
    banned: Vec<String>,
}

fn load(config: &str) -> Result<Config, signpost_pdk::ConfigError> {
    let config: Config = signpost_pdk::parse_config(config)?; // `null` gives Config::default()
    log::info(&text!("banning ", config.banned.len(), " name(s)"));
    Ok(config)
}

fn on_connect(config: &Config, request: &ConnectRequest) -> ConnectResponse {
    let name = request.event.username.as_deref().unwrap_or("");
    if config.banned.iter().any(|b| b == name) {
        let _ = counter_add("banned", 1);
        return ConnectResponse::deny(text!(name, " is banned"));
    }
    ConnectResponse::unchanged()
}

signpost_pdk::plugin!(on_connect, load = load);

#[cfg(test)]
mod tests {
    use super::*;
    use signpost_pdk::testing::{self, RequestBuilder};

    #[test]
    fn bans() {
        let plugin = testing::load(load, r#"{"banned":["eve"]}"#).unwrap();
        let answer = plugin.call(on_connect, &RequestBuilder::new().username("eve").json());
        assert_eq!(answer.deny_reason(), Some("eve is banned"));
        assert_eq!(testing::counter("banned"), 1);
        assert!(testing::logs().iter().any(|(_, line)| line == "banning 1 name(s)"));
    }
}
