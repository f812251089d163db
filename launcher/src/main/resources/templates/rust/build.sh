#!/bin/sh
# Builds plugin.wasm with Debian's Rust toolchain, offline:
#   apt-get install -y rustc cargo libstd-rust-dev-wasm32 lld-14 librust-serde-json-dev librust-serde-derive-dev
# With rustup: CARGO=cargo RUSTC=rustc TARGET=wasm32-wasip1 ./build.sh (and delete the [source]
# tables in .cargo/config.toml to use crates.io).
set -eu
cd "$(dirname "$0")"
RUSTC="${RUSTC:-/usr/bin/rustc}"
CARGO="${CARGO:-/usr/bin/cargo}"
TARGET="${TARGET:-wasm32-wasi}"
export RUSTC

missing=""
need() { # need <what is missing> <package>
  echo "build.sh: missing $1 (Debian package: $2)" >&2
  missing="$missing $2"
}
[ -x "$RUSTC" ] || need "$RUSTC" rustc
[ -x "$CARGO" ] || need "$CARGO" cargo
if [ -x "$RUSTC" ]; then
  sysroot="$("$RUSTC" --print sysroot)"
  [ -d "$sysroot/lib/rustlib/$TARGET" ] || need "the $TARGET standard library" libstd-rust-dev-wasm32
fi
command -v rust-lld >/dev/null 2>&1 || need "the linker rust-lld" lld-14
if [ -n "$missing" ]; then
  echo "build.sh: install them with: apt-get install -y$missing" >&2
  exit 1
fi

# RUSTFLAGS replaces .cargo/config.toml's flags: bulk memory again, and this directory remapped so
# that the module does not depend on where the project is checked out.
export RUSTFLAGS="-C target-feature=+bulk-memory --remap-path-prefix=$(pwd)={{name}}"
"$CARGO" build --release --offline --target "$TARGET"
cp "${CARGO_TARGET_DIR:-target}/$TARGET/release/{{crate_name}}.wasm" plugin.wasm
echo "built $(pwd)/plugin.wasm ($(wc -c < plugin.wasm) bytes, target $TARGET)"
