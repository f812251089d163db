#!/usr/bin/env bash
# Connect throughput over QUIC with and without the example plugin chain, in one run
# (io.signpost.cli.ConnectBenchmark; docs/benchmarks.md). Options are passed on, e.g.
#   bench/connect.sh --clients 8 --seconds 10
#   bench/connect.sh --clients 1 --seconds 10 --rounds 3 --connection-log info
set -euo pipefail
cd "$(dirname "$0")/.."
args="${*:---clients 8 --seconds 10}"
exec mvn -B -q -pl launcher -am test-compile -Pconnect-bench "-Dbench.args=${args}"
