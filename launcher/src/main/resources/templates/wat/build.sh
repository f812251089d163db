#!/bin/sh
# Builds plugin.wasm from plugin.wat with wabt's wat2wasm (Debian package: wabt).
set -eu
cd "$(dirname "$0")"
if ! command -v wat2wasm >/dev/null 2>&1; then
  echo "build.sh: missing wat2wasm (Debian package: wabt); install it with: apt-get install -y wabt" >&2
  exit 1
fi
wat2wasm plugin.wat -o plugin.wasm
echo "built $(pwd)/plugin.wasm ($(wc -c < plugin.wasm) bytes)"
