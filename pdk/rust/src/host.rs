//! The host functions of the `signpost` import module, and their stand-ins outside Wasm.
//!
//! On `wasm32` these call the router. Anywhere else (`cargo test`) they record what they were
//! given in the current thread, for [`crate::testing`] to read, and answer as the router would.

use std::fmt;

/// A log level of `signpost.log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
}

/// Why `counter_add` left a counter unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterError {
    /// The name does not match `[a-z][a-z0-9_.]{0,63}` (status 1).
    InvalidName,
    /// The plugin already has 64 counters (status 2).
    TooManyCounters,
    /// The delta was negative: counters only go up (status 3).
    NegativeDelta,
    /// A status this version of the PDK does not know.
    Other(i32),
}

impl CounterError {
    fn from_status(status: i32) -> Result<(), CounterError> {
        match status {
            0 => Ok(()),
            1 => Err(CounterError::InvalidName),
            2 => Err(CounterError::TooManyCounters),
            3 => Err(CounterError::NegativeDelta),
            other => Err(CounterError::Other(other)),
        }
    }
}

impl fmt::Display for CounterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CounterError::InvalidName => f.write_str("invalid counter name (expected: [a-z][a-z0-9_.]{0,63})"),
            CounterError::TooManyCounters => f.write_str("too many counters (the limit is 64 per plugin)"),
            CounterError::NegativeDelta => f.write_str("negative delta (counters only go up)"),
            CounterError::Other(status) => write!(f, "counter_add returned status {}", status),
        }
    }
}

impl std::error::Error for CounterError {}

/// Logs `message` under the router's logger `signpost.plugin.<name>`. The router cuts messages
/// at 8 KiB and rate-limits each plugin's lines (50 a second, bursts of 4 s).
pub fn log(level: Level, message: &str) {
    imp::log(level as i32, message);
}

/// Adds `delta` (≥ 0) to the plugin's counter `name`, exported by the router as
/// `signpost_plugin_custom_total{plugin="…",counter="<name>"}`.
pub fn counter_add(name: &str, delta: i64) -> Result<(), CounterError> {
    CounterError::from_status(imp::counter_add(name, delta))
}

#[cfg(target_arch = "wasm32")]
mod imp {
    #[link(wasm_import_module = "signpost")]
    extern "C" {
        #[link_name = "log"]
        fn signpost_log(level: i32, ptr: *const u8, len: usize);
        #[link_name = "counter_add"]
        fn signpost_counter_add(name_ptr: *const u8, name_len: usize, delta: i64) -> i32;
    }

    pub(super) fn log(level: i32, message: &str) {
        // SAFETY: the host reads `len` bytes at `ptr` during the call and keeps nothing.
        unsafe { signpost_log(level, message.as_ptr(), message.len()) }
    }

    pub(super) fn counter_add(name: &str, delta: i64) -> i32 {
        // SAFETY: as for `log`.
        unsafe { signpost_counter_add(name.as_ptr(), name.len(), delta) }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod imp {
    use super::Level;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    /// The router's limit on counters per plugin.
    const MAX_COUNTERS: usize = 64;

    #[derive(Default)]
    pub(crate) struct Recorded {
        pub(crate) logs: Vec<(Level, String)>,
        pub(crate) counters: BTreeMap<String, i64>,
    }

    thread_local! {
        pub(crate) static RECORDED: RefCell<Recorded> = RefCell::new(Recorded::default());
    }

    pub(super) fn log(level: i32, message: &str) {
        let level = match level {
            0 => Level::Trace,
            1 => Level::Debug,
            2 => Level::Info,
            3 => Level::Warn,
            _ => Level::Error,
        };
        RECORDED.with(|r| r.borrow_mut().logs.push((level, message.to_owned())));
    }

    fn valid_name(name: &str) -> bool {
        let bytes = name.as_bytes();
        matches!(bytes.first(), Some(b'a'..=b'z'))
            && bytes.len() <= 64
            && bytes
                .iter()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.'))
    }

    /// The router's answers, checked in its order: 3 negative delta, 1 invalid name, 2 over 64
    /// counters.
    pub(super) fn counter_add(name: &str, delta: i64) -> i32 {
        if delta < 0 {
            return 3;
        }
        RECORDED.with(|r| {
            let counters = &mut r.borrow_mut().counters;
            if let Some(value) = counters.get_mut(name) {
                *value = value.saturating_add(delta);
                return 0;
            }
            if !valid_name(name) {
                return 1;
            }
            if counters.len() >= MAX_COUNTERS {
                return 2;
            }
            counters.insert(name.to_owned(), delta);
            0
        })
    }
}
