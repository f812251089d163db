package io.signpost.server;

import io.signpost.config.ConfigDefaults;
import java.net.InetSocketAddress;

/** Listener settings as the router builds them from a configuration that sets nothing. */
public final class ListenerDefaults {

  private ListenerDefaults() {}

  /** A builder holding the configuration's defaults ({@link ConfigDefaults}). */
  public static ListenerSettings.Builder builder(InetSocketAddress bindAddress) {
    return ListenerSettings.builder(bindAddress)
        .alpn(ConfigDefaults.ALPN)
        .maxIdleTimeout(ConfigDefaults.QUIC_MAX_IDLE_TIMEOUT)
        .retry(ConfigDefaults.QUIC_RETRY)
        .connectTimeout(ConfigDefaults.CONNECT_TIMEOUT)
        .maxFrameBytes(ConfigDefaults.MAX_FRAME_BYTES)
        .maxConnections(ConfigDefaults.MAX_CONNECTIONS)
        .maxNewConnectionsPerSource(ConfigDefaults.MAX_NEW_CONNECTIONS_PER_SOURCE)
        .shutdownGrace(ConfigDefaults.SHUTDOWN_GRACE)
        .logClientIp(ConfigDefaults.LOG_CLIENT_IP)
        .eventLoops(ConfigDefaults.eventLoops());
  }

  /** Settings with the configuration's defaults. */
  public static ListenerSettings settings(InetSocketAddress bindAddress) {
    return builder(bindAddress).build();
  }
}
