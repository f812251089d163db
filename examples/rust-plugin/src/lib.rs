//! Example Signpost Wasm plugin.
//!
//! - `signpost_load` reads the plugin's `config`: `deny_usernames` (list), `deny_reason` and
//!   `referral_prefix` (strings).
//! - `on_connect` denies listed usernames, otherwise picks a candidate by an FNV-1a hash of the
//!   client's uuid and sets the referral content to `<prefix>;uuid=<uuid>;backend=<host>:<port>`.
//! - Buffers are handed back with `dealloc`, so an instance's memory stays flat.
//! - Uses the host's `signpost.log` and `signpost.counter_add` functions.

use serde::{Deserialize, Serialize};
use std::cell::RefCell;

#[link(wasm_import_module = "signpost")]
extern "C" {
    fn log(level: i32, ptr: *const u8, len: usize);
    fn counter_add(name_ptr: *const u8, name_len: usize, delta: i64) -> i32;
}

const LOG_INFO: i32 = 2;

fn host_log(level: i32, message: &str) {
    unsafe { log(level, message.as_ptr(), message.len()) }
}

fn count(name: &str) {
    unsafe {
        counter_add(name.as_ptr(), name.len(), 1);
    }
}

#[derive(Deserialize, Default)]
struct Config {
    #[serde(default)]
    deny_usernames: Vec<String>,
    #[serde(default)]
    deny_reason: Option<String>,
    #[serde(default)]
    referral_prefix: Option<String>,
}

#[derive(Deserialize, Default)]
struct Event {
    #[serde(default)]
    uuid: Option<String>,
    #[serde(default)]
    username: Option<String>,
}

#[derive(Deserialize, Serialize, Clone)]
struct Backend {
    host: String,
    port: u16,
}

#[derive(Deserialize)]
struct Request {
    #[serde(default)]
    event: Event,
    #[serde(default)]
    candidates: Vec<Backend>,
}

#[derive(Serialize, Default)]
struct Response {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deny: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    deny_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    selected_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    referral_content: Option<String>,
}

thread_local! {
    static CONFIG: RefCell<Config> = RefCell::new(Config::default());
}

#[no_mangle]
pub extern "C" fn alloc(len: u32) -> *mut u8 {
    let mut buf: Vec<u8> = Vec::with_capacity(len as usize);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

#[no_mangle]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, len: u32) {
    drop(Vec::from_raw_parts(ptr, 0, len as usize));
}

#[no_mangle]
pub unsafe extern "C" fn signpost_load(ptr: *const u8, len: u32) -> i32 {
    let bytes = std::slice::from_raw_parts(ptr, len as usize);
    let config: Config = if bytes.is_empty() || bytes == b"null" {
        Config::default()
    } else {
        match serde_json::from_slice(bytes) {
            Ok(c) => c,
            Err(_) => return 1,
        }
    };
    host_log(
        LOG_INFO,
        &format!("loaded; {} denied username(s)", config.deny_usernames.len()),
    );
    CONFIG.with(|c| *c.borrow_mut() = config);
    0
}

#[no_mangle]
pub extern "C" fn signpost_unload() {
    host_log(LOG_INFO, "unloading");
}

#[no_mangle]
pub unsafe extern "C" fn on_connect(ptr: *const u8, len: u32) -> u64 {
    let input = std::slice::from_raw_parts(ptr, len as usize);
    let response = match serde_json::from_slice::<Request>(input) {
        Ok(request) => CONFIG.with(|c| decide(&c.borrow(), &request)),
        Err(_) => Response::default(),
    };
    let out = serde_json::to_vec(&response).unwrap_or_else(|_| b"{}".to_vec());
    let out = out.into_boxed_slice();
    let out_len = out.len() as u64;
    let out_ptr = Box::into_raw(out) as *mut u8 as u64;
    (out_ptr << 32) | out_len
}

fn decide(config: &Config, request: &Request) -> Response {
    if let Some(name) = &request.event.username {
        if config.deny_usernames.iter().any(|d| d == name) {
            count("denied");
            return Response {
                deny: true,
                deny_reason: Some(
                    config
                        .deny_reason
                        .clone()
                        .unwrap_or_else(|| format!("user {} is not allowed", name)),
                ),
                ..Response::default()
            };
        }
    }
    let uuid = match &request.event.uuid {
        Some(u) if !request.candidates.is_empty() => u,
        _ => return Response::default(),
    };
    let index = (fnv1a(uuid.as_bytes()) % request.candidates.len() as u64) as usize;
    let target = &request.candidates[index];
    let prefix = config.referral_prefix.as_deref().unwrap_or("signpost-rust");
    let content = format!("{};uuid={};backend={}:{}", prefix, uuid, target.host, target.port);
    count("routed");
    Response {
        selected_index: Some(index),
        referral_content: Some(base64(content.as_bytes())),
        ..Response::default()
    }
}

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in bytes {
        hash ^= *b as u64;
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash
}

fn base64(input: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity((input.len() + 2) / 3 * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = ((b[0] as u32) << 16) | ((b[1] as u32) << 8) | b[2] as u32;
        out.push(TABLE[(n >> 18) as usize & 63] as char);
        out.push(TABLE[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 { TABLE[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if chunk.len() > 2 { TABLE[n as usize & 63] as char } else { '=' });
    }
    out
}
