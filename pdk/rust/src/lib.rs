//! Plugin development kit for Signpost Wasm plugins.
//!
//! Write a function from a request to a [`ConnectResponse`]; [`plugin!`] generates the exports
//! the router calls (`alloc`, `dealloc`, `on_connect`, and `signpost_load` / `signpost_unload`
//! when you give hooks for them):
//!
//! ```
//! use signpost_pdk::{log, ConnectRequest, ConnectResponse};
//!
//! fn on_connect(request: &ConnectRequest) -> ConnectResponse {
//!     match request.event.username.as_deref() {
//!         Some("mallory") => {
//!             log::info("denied mallory");
//!             ConnectResponse::deny("not today")
//!         }
//!         _ => ConnectResponse::unchanged(),
//!     }
//! }
//!
//! signpost_pdk::plugin!(on_connect);
//! # fn main() {}
//! ```
//!
//! # Configuration and state
//!
//! With `load = f`, `signpost_load` calls `f(config)` with the plugin's `config` as JSON text
//! (`"null"` when there is none). What `f` returns becomes the plugin's state, handed to every
//! call; an `Err` refuses the instance, and the router logs the message. [`parse_config`] reads
//! the text into your type, with its `Default` for `null`:
//!
//! ```
//! use serde::Deserialize;
//! use signpost_pdk::{ConnectRequest, ConnectResponse};
//!
//! #[derive(Deserialize, Default)]
//! struct Config {
//!     #[serde(default)]
//!     banned: Vec<String>,
//! }
//!
//! fn load(config: &str) -> Result<Config, signpost_pdk::ConfigError> {
//!     signpost_pdk::parse_config(config)
//! }
//!
//! fn on_connect(config: &Config, request: &ConnectRequest) -> ConnectResponse {
//!     let name = request.event.username.as_deref().unwrap_or("");
//!     if config.banned.iter().any(|b| b == name) {
//!         return ConnectResponse::deny("banned");
//!     }
//!     ConnectResponse::unchanged()
//! }
//!
//! fn unload() {}
//!
//! signpost_pdk::plugin!(on_connect, load = load, unload = unload);
//! # fn main() {}
//! ```
//!
//! A host that never calls `signpost_load` (Hyrouter) gets `load("null")` on the first call.
//!
//! # Speed: read only what you use
//!
//! [`ConnectRequest`] reads every field (without copying strings: [`Str`] borrows from the
//! request buffer). A plugin that needs two fields is faster with a request type that names only
//! those; serde skips the rest without decoding it:
//!
//! ```
//! use serde::Deserialize;
//! use signpost_pdk::{ConnectResponse, Str};
//!
//! #[derive(Deserialize)]
//! struct Request<'a> {
//!     #[serde(borrow, default)]
//!     event: Event<'a>,
//! }
//!
//! #[derive(Deserialize, Default)]
//! struct Event<'a> {
//!     #[serde(borrow, default)]
//!     username: Option<Str<'a>>,
//! }
//!
//! fn on_connect(request: &Request) -> ConnectResponse {
//!     if request.event.username.as_deref() == Some("mallory") {
//!         return ConnectResponse::deny("no");
//!     }
//!     ConnectResponse::unchanged()
//! }
//!
//! signpost_pdk::plugin!(on_connect);
//! # fn main() {}
//! ```
//!
//! Request types must take their lifetime as a parameter (`Request<'a>`), never `'static`: the
//! request buffer is reused after the call. Buffers are reused between calls and the response
//! is encoded straight into the output buffer, so a call allocates only what the handler does.
//!
//! # Host functions and tests
//!
//! [`log`] and [`counter_add`] call the router's `signpost.log` and `signpost.counter_add`. Built
//! for anything but `wasm32` they record instead, so `cargo test` runs the plugin natively; the
//! [`testing`] module calls it the way the router does and reads the records.

pub mod base64;
mod host;
pub mod json;
mod request;
mod response;
mod text;

#[doc(hidden)]
pub mod rt;

#[cfg(not(target_arch = "wasm32"))]
pub mod testing;

pub use host::{counter_add, CounterError, Level};
pub use request::{null_is_default, referral, Backend, ConnectRequest, Event, Meta};
pub use response::ConnectResponse;
pub use text::{Str, TextPiece};

/// Re-exported so that plugins can use the same serde as the PDK.
pub use serde;
pub use serde_json;

/// `signpost.log` at each level.
pub mod log {
    pub use crate::host::Level;

    /// Logs `message` at `level`.
    pub fn log(level: Level, message: &str) {
        crate::host::log(level, message);
    }

    pub fn trace(message: &str) {
        crate::host::log(Level::Trace, message);
    }

    pub fn debug(message: &str) {
        crate::host::log(Level::Debug, message);
    }

    pub fn info(message: &str) {
        crate::host::log(Level::Info, message);
    }

    pub fn warn(message: &str) {
        crate::host::log(Level::Warn, message);
    }

    pub fn error(message: &str) {
        crate::host::log(Level::Error, message);
    }
}

/// Why a plugin's `config` did not parse.
#[derive(Debug)]
pub struct ConfigError(serde_json::Error);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid config: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Reads the plugin's `config` text into `T`: `null` (or nothing) gives `T::default()`.
///
/// The text is kept for the life of the instance (`signpost_load` runs once per instance), so
/// `T` may borrow from it: fields of type `&'static str`, `Str<'static>` or `Backend<'static>`
/// need no copy.
pub fn parse_config<T>(config: &str) -> Result<T, ConfigError>
where
    T: serde::Deserialize<'static> + Default,
{
    let trimmed = config.trim();
    if trimmed.is_empty() || trimmed == "null" {
        return Ok(T::default());
    }
    let kept: &'static str = Box::leak(trimmed.to_owned().into_boxed_str());
    serde_json::from_str(kept).map_err(ConfigError)
}

/// Generates the module's exports from your functions.
///
/// | Form | Your functions |
/// |---|---|
/// | `plugin!(on_connect)` | `fn on_connect(request: &R) -> ConnectResponse` |
/// | `plugin!(on_connect, load = load)` | `fn load(config: &str) -> Result<S, E>`, `fn on_connect(state: &S, request: &R) -> ConnectResponse` |
///
/// Either form takes `, unload = unload` last, with `fn unload()`, for `signpost_unload`. `R` is
/// [`ConnectRequest`] or any request type of yours that implements `Deserialize`; `E` is any
/// error that implements `Display`.
///
/// A request that does not decode as `R` is answered `{}` and logged at WARN. A panic aborts
/// the module: the router fails the call (its `on_error` policy applies) and replaces the
/// instance.
#[macro_export]
macro_rules! plugin {
    ($on_connect:path, load = $load:path $(, unload = $unload:path)? $(,)?) => {
        $crate::__plugin_buffers!();

        #[doc(hidden)]
        #[cfg_attr(target_arch = "wasm32", export_name = "signpost_load")]
        pub unsafe extern "C" fn __signpost_load(ptr: *const u8, len: u32) -> i32 {
            $crate::rt::load(ptr, len, $load)
        }

        #[doc(hidden)]
        #[cfg_attr(target_arch = "wasm32", export_name = "on_connect")]
        pub unsafe extern "C" fn __signpost_on_connect(ptr: *const u8, len: u32) -> u64 {
            $crate::rt::on_connect_with(ptr, len, $load, $on_connect)
        }

        $( $crate::__plugin_unload!($unload); )?
    };
    ($on_connect:path $(, unload = $unload:path)? $(,)?) => {
        $crate::__plugin_buffers!();

        #[doc(hidden)]
        #[cfg_attr(target_arch = "wasm32", export_name = "on_connect")]
        pub unsafe extern "C" fn __signpost_on_connect(ptr: *const u8, len: u32) -> u64 {
            $crate::rt::on_connect(ptr, len, $on_connect)
        }

        $( $crate::__plugin_unload!($unload); )?
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __plugin_buffers {
    () => {
        #[doc(hidden)]
        #[cfg_attr(target_arch = "wasm32", export_name = "alloc")]
        pub extern "C" fn __signpost_alloc(len: u32) -> *mut u8 {
            $crate::rt::alloc(len)
        }

        #[doc(hidden)]
        #[cfg_attr(target_arch = "wasm32", export_name = "dealloc")]
        pub unsafe extern "C" fn __signpost_dealloc(ptr: *mut u8, len: u32) {
            $crate::rt::dealloc(ptr, len)
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __plugin_unload {
    ($unload:path) => {
        #[doc(hidden)]
        #[cfg_attr(target_arch = "wasm32", export_name = "signpost_unload")]
        pub extern "C" fn __signpost_unload() {
            $crate::rt::unload($unload)
        }
    };
}
