#!/bin/sh
# Rebuilds examples/rust-plugin/plugin.wasm with Debian's Rust toolchain:
#   apt-get install -y rustc cargo libstd-rust-dev-wasm32 librust-serde-json-dev librust-serde-derive-dev
set -eu
cd "$(dirname "$0")"
RUSTC="${RUSTC:-/usr/bin/rustc}"
CARGO="${CARGO:-/usr/bin/cargo}"
TARGET="${TARGET:-wasm32-wasi}"
export RUSTC
"$CARGO" build --release --offline --target "$TARGET"
cp "target/$TARGET/release/signpost_rust_plugin.wasm" plugin.wasm
echo "built $(pwd)/plugin.wasm ($(wc -c < plugin.wasm) bytes, target $TARGET)"
