//! A plugin written with `plugin!`, run through `testing` as the router would run it.

use serde::Deserialize;
use signpost_pdk::testing::{self, RequestBuilder};
use signpost_pdk::{counter_add, log, Backend, ConnectRequest, ConnectResponse, CounterError, Level};

#[derive(Deserialize, Default, Debug)]
struct Config {
    #[serde(default)]
    banned: Vec<String>,
    #[serde(borrow, default)]
    overflow: Option<Backend<'static>>,
}

fn load(config: &str) -> Result<Config, signpost_pdk::ConfigError> {
    let config: Config = signpost_pdk::parse_config(config)?;
    log::info(&format!("{} banned", config.banned.len()));
    Ok(config)
}

fn on_connect(config: &Config, request: &ConnectRequest) -> ConnectResponse {
    let name = request.event.username.as_deref().unwrap_or("");
    if config.banned.iter().any(|b| b == name) {
        counter_add("denied", 1).unwrap();
        return ConnectResponse::deny(format!("{} is banned", name));
    }
    if request.candidates.is_empty() {
        if let Some(overflow) = &config.overflow {
            return ConnectResponse::unchanged().backend(overflow.clone());
        }
    }
    let mut content = request.referral().unwrap_or_default();
    content.extend_from_slice(b";seen");
    ConnectResponse::unchanged()
        .select(request.candidates.len().saturating_sub(1))
        .referral_content(content)
}

fn unload() {
    log::info("bye");
}

signpost_pdk::plugin!(on_connect, load = load, unload = unload);

#[test]
fn load_reads_the_config_and_logs() {
    testing::reset();
    let plugin = testing::load(load, r#"{"banned":["eve"]}"#).unwrap();
    assert_eq!(plugin.state().banned, vec!["eve"]);
    assert_eq!(testing::logs(), vec![(Level::Info, "1 banned".to_owned())]);
}

#[test]
fn a_bad_config_is_refused_with_the_reason() {
    let err = testing::load(load, r#"{"banned":"eve"}"#).unwrap_err();
    assert!(err.starts_with("invalid config: invalid type: string"), "{}", err);
}

#[test]
fn denies_and_counts() {
    testing::reset();
    let plugin = testing::load(load, r#"{"banned":["eve"]}"#).unwrap();
    let answer = plugin.call(on_connect, &RequestBuilder::new().username("eve").json());
    assert_eq!(answer.json, r#"{"deny":true,"deny_reason":"eve is banned"}"#);
    assert_eq!(testing::counter("denied"), 1);
    plugin.call(on_connect, &RequestBuilder::new().username("eve").json());
    assert_eq!(testing::counters().get("denied"), Some(&2));
}

#[test]
fn picks_and_rewrites_the_referral() {
    let plugin = testing::load(load, "null").unwrap();
    let request = RequestBuilder::new()
        .candidates(&[("a", 1), ("b", 2), ("c", 3)])
        .referral_content("ticket");
    let answer = plugin.call(on_connect, &request.json());
    assert!(!answer.deny());
    assert_eq!(answer.selected_index(), Some(2));
    assert_eq!(answer.referral_text().as_deref(), Some("ticket;seen"));
}

#[test]
fn a_backend_from_the_config_is_written_back() {
    let plugin = testing::load(load, r#"{"overflow":{"host":"spill.example.com","port":5520}}"#).unwrap();
    let answer = plugin.call(on_connect, &RequestBuilder::new().candidates(&[]).json());
    assert_eq!(answer.json, r#"{"backend":{"host":"spill.example.com","port":5520}}"#);
}

#[test]
fn the_generated_exports_exist_natively() {
    testing::reset();
    __signpost_unload();
    assert_eq!(testing::logs(), vec![(Level::Info, "bye".to_owned())]);
    let config = b"{\"banned\":[]}";
    let ptr = __signpost_alloc(config.len() as u32);
    unsafe {
        std::ptr::copy_nonoverlapping(config.as_ptr(), ptr, config.len());
        assert_eq!(__signpost_load(ptr, config.len() as u32), 0);
        __signpost_dealloc(ptr, config.len() as u32);
    }
}

#[test]
fn counters_answer_as_the_router_does() {
    testing::reset();
    assert_eq!(counter_add("Bad-Name", 1), Err(CounterError::InvalidName));
    assert_eq!(counter_add("ok", -1), Err(CounterError::NegativeDelta));
    for i in 0..64 {
        counter_add(&format!("c{}", i), 1).unwrap();
    }
    assert_eq!(counter_add("one.more", 1), Err(CounterError::TooManyCounters));
    assert_eq!(counter_add("c0", 5), Ok(()));
    assert_eq!(testing::counter("c0"), 6);
}

mod stateless {
    use signpost_pdk::testing;
    use signpost_pdk::{ConnectResponse, Str};

    /// A request type with only the field it reads.
    #[derive(serde::Deserialize)]
    struct Request<'a> {
        #[serde(borrow, default)]
        event: Event<'a>,
    }

    #[derive(serde::Deserialize, Default)]
    struct Event<'a> {
        #[serde(borrow, default)]
        sni: Str<'a>,
    }

    fn on_connect(request: &Request) -> ConnectResponse {
        if request.event.sni.ends_with(".test") {
            ConnectResponse::deny("test hosts are closed")
        } else {
            ConnectResponse::unchanged()
        }
    }

    signpost_pdk::plugin!(on_connect);

    #[test]
    fn a_slim_request_type_works_with_the_macro() {
        assert!(testing::call(on_connect, r#"{"event":{"sni":"a.test"}}"#).deny());
        assert!(testing::call(on_connect, r#"{"event":{"sni":"a.example"}}"#).is_unchanged());
        assert!(testing::call(on_connect, "[]").is_unchanged());
    }
}
