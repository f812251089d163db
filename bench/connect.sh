#!/usr/bin/env bash
# Connect throughput over QUIC with and without a plugin chain, in one run
# (io.signpost.cli.ConnectBenchmark; docs/benchmarks.md). Options are passed on, e.g.
#   bench/connect.sh --clients 8 --seconds 10
#   bench/connect.sh --loops 1,2                       # listener event loops compared
#   bench/connect.sh --chain wasm --go-wasm PATH       # Rust example + Hyrouter's Go module
#   bench/connect.sh --chain wasm --wasm-pool-sizes 2,4,8   # Wasm pool sizes compared
#   bench/connect.sh --clients 1 --seconds 10 --rounds 3 --connection-log info
set -euo pipefail
cd "$(dirname "$0")/.."
args="${*:---clients 8 --seconds 10}"
# The benchmark runs inside Maven's JVM: like bin/signpost, it exits on an OutOfMemoryError rather
# than reporting figures from a router with dead threads.
export MAVEN_OPTS="-XX:+ExitOnOutOfMemoryError ${MAVEN_OPTS:-}"
exec mvn -B -q -pl launcher -am test-compile -Pconnect-bench "-Dbench.args=${args}"
