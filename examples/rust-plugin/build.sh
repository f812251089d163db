#!/bin/sh
# Rebuilds examples/rust-plugin/plugin.wasm with Debian's Rust toolchain, offline:
#   apt-get install -y rustc cargo libstd-rust-dev-wasm32 lld-14 librust-serde-json-dev librust-serde-derive-dev
# Each missing piece is named with the Debian package that provides it before cargo runs.
set -eu
cd "$(dirname "$0")"
RUSTC="${RUSTC:-/usr/bin/rustc}"
CARGO="${CARGO:-/usr/bin/cargo}"
TARGET="${TARGET:-wasm32-wasi}"
REGISTRY=/usr/share/cargo/registry
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
# rustc links wasm32 with `rust-lld`; Debian's libstd-rust-dev-wasm32 only recommends lld-14,
# which provides it, so an install with --no-install-recommends lacks it.
command -v rust-lld >/dev/null 2>&1 || need "the linker rust-lld" lld-14
ls -d "$REGISTRY"/serde_json-* >/dev/null 2>&1 || need "the serde_json crate in $REGISTRY" librust-serde-json-dev
ls -d "$REGISTRY"/serde_derive-* >/dev/null 2>&1 || need "the serde_derive crate in $REGISTRY" librust-serde-derive-dev
if [ -n "$missing" ]; then
  echo "build.sh: install them with: apt-get install -y$missing" >&2
  exit 1
fi

# The same flags as .cargo/config.toml (RUSTFLAGS replaces them), plus a remapped repository root
# so that the module does not depend on where the repository is checked out.
root="$(cd ../.. && pwd)"
export RUSTFLAGS="-C target-feature=+bulk-memory --remap-path-prefix=$root=signpost"
"$CARGO" build --release --offline --target "$TARGET"
cp "target/$TARGET/release/signpost_rust_plugin.wasm" plugin.wasm
echo "built $(pwd)/plugin.wasm ($(wc -c < plugin.wasm) bytes, target $TARGET)"
