/**
 * gRPC plugins: {@link io.signpost.grpc.GrpcPluginFactory} turns {@code type: grpc} entries into
 * {@link io.signpost.grpc.GrpcPlugin}s that call {@code /hyrouter.Plugin/OnConnect} with JSON
 * messages, behind a per-plugin circuit breaker. The server side for Java plugins is {@link
 * io.signpost.grpc.server.PluginServer}.
 */
package io.signpost.grpc;
