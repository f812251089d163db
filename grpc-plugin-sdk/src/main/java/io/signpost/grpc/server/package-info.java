/**
 * The Java plugin SDK: implement {@link io.signpost.grpc.server.ConnectHandler} and serve it with
 * {@link io.signpost.grpc.server.PluginServer}; the router calls it as a {@code type: grpc} plugin.
 */
package io.signpost.grpc.server;
