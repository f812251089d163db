#!/bin/sh
# Builds and runs the example Java gRPC plugin.
#   examples/grpc-plugin-java/run.sh [--listen HOST:PORT]     (default 127.0.0.1:7777)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -B -q -pl examples/grpc-plugin-java -am package -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
module="$root/examples/grpc-plugin-java"
# Like bin/signpost: exit on an OutOfMemoryError so a supervisor restarts the plugin server.
exec java -XX:+ExitOnOutOfMemoryError -cp "$module/target/classes:$(cat "$module/target/classpath.txt")" \
  io.signpost.examples.grpc.ExampleGrpcPlugin "$@"
