//! Decoding requests as the router writes them.

use signpost_pdk::{Backend, ConnectRequest};

/// A request as `PluginJson.encodeRequest` writes it (field order and all).
const ROUTER_REQUEST: &str = r#"{"event":{"sni":"play.example.com","client_type":0,"uuid":"0b7e3c1a-5d2f-4e8a-9c61-2f0d4b8a7e55","username":"alice","language":"en","identity_token_present":true,"alpn":"hytale/2"},"strategy":"round_robin","candidates":[{"host":"10.0.0.1","port":5520,"weight":0},{"host":"10.0.0.2","port":5520,"weight":3,"meta":{"region":"eu","zone":"b"}}],"selected_index":0,"backend":{"host":"10.0.0.1","port":5520,"weight":0},"referral_content":"aGVsbG8=","referral_data":"aGVsbG8="}"#;

#[test]
fn reads_every_field_of_a_router_request_without_copying_strings() {
    let request = ConnectRequest::from_json(ROUTER_REQUEST).unwrap();
    assert_eq!(request.event.sni, "play.example.com");
    assert_eq!(request.event.username.as_deref(), Some("alice"));
    assert_eq!(request.event.client_type, Some(0));
    assert_eq!(request.event.identity_token_present, Some(true));
    assert_eq!(request.event.alpn.as_deref(), Some("hytale/2"));
    assert_eq!(request.event.client_cert_fingerprint, None);
    assert_eq!(request.strategy.as_deref(), Some("round_robin"));
    assert_eq!(request.candidates.len(), 2);
    assert_eq!(request.candidates[1].weight, 3);
    assert_eq!(request.candidates[1].meta.get("zone"), Some("b"));
    assert_eq!(request.backend, Some(Backend::new("10.0.0.1", 5520)));
    assert_eq!(request.selected_index, 0);
    assert_eq!(request.referral().unwrap(), b"hello");
    assert!(request.event.sni.is_borrowed());
    assert!(request.candidates[1].meta.0[0].1.is_borrowed());
}

#[test]
fn strings_with_escapes_are_unescaped_into_a_copy() {
    let request =
        ConnectRequest::from_json(r#"{"event":{"sni":"a","username":"al\"ice\u00e9"}}"#).unwrap();
    let name = request.event.username.unwrap();
    assert_eq!(name, "al\"iceé");
    assert!(!name.is_borrowed());
}

#[test]
fn either_referral_name_is_read_and_none_is_empty() {
    let data_only = ConnectRequest::from_json(r#"{"referral_data":"eA=="}"#).unwrap();
    assert_eq!(data_only.referral().unwrap(), b"x");
    let none = ConnectRequest::from_json("{}").unwrap();
    assert_eq!(none.referral().unwrap(), b"");
    let bad = ConnectRequest::from_json(r#"{"referral_content":"!!"}"#).unwrap();
    assert!(bad.referral().is_err());
}

#[test]
fn nulls_and_missing_fields_read_as_defaults() {
    let request = ConnectRequest::from_json(
        r#"{"event":null,"candidates":null,"selected_index":null,"backend":null,"strategy":null}"#,
    )
    .unwrap();
    assert_eq!(request, ConnectRequest::default());
    let event_nulls = ConnectRequest::from_json(r#"{"event":{"sni":null,"uuid":null}}"#).unwrap();
    assert_eq!(event_nulls.event.sni, "");
    assert_eq!(event_nulls.event.uuid, None);
}

#[test]
fn unknown_fields_are_ignored_at_every_level() {
    let request = ConnectRequest::from_json(
        r#"{"future":{"x":[1,2]},"event":{"sni":"s","new_field":true},"candidates":[{"host":"h","port":1,"tags":["a"]}]}"#,
    )
    .unwrap();
    assert_eq!(request.event.sni, "s");
    assert_eq!(request.candidates, vec![Backend::new("h", 1)]);
}
