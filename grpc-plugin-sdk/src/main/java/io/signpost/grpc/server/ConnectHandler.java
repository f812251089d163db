package io.signpost.grpc.server;

import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;

/**
 * The one method a Java gRPC plugin implements.
 *
 * <p>Called on a gRPC server thread (a cached pool), concurrently for concurrent connections; it
 * may block for a moment but the router stops waiting at its plugin {@code timeout}. To answer with
 * a specific gRPC status, throw {@link io.grpc.StatusException} or {@link
 * io.grpc.StatusRuntimeException}; any other exception answers {@code UNKNOWN} with its message,
 * which the router treats as a plugin failure under the plugin's {@code on_error}.
 */
@FunctionalInterface
public interface ConnectHandler {

  /**
   * Decides on one connection.
   *
   * @param request the client's event and the routing state
   * @return the answer; {@link ConnectResponse#EMPTY} changes nothing
   */
  ConnectResponse onConnect(ConnectRequest request) throws Exception;
}
