package io.signpost.config;

import static java.util.Objects.requireNonNull;

import io.signpost.text.GoDuration;
import java.time.Duration;

/**
 * The {@code limits} section (a Signpost addition): protections of the QUIC listener and the
 * startup budget of the plugins.
 *
 * @param connectTimeout deadline for the client's first Connect frame
 * @param maxFrameBytes cap on the first frame's declared payload length
 * @param maxConnections concurrent connections
 * @param maxNewConnectionsPerSource new connections per source IP per second
 * @param shutdownGrace how long open connections may finish on shutdown
 * @param pluginStartupTimeout how long startup waits for every plugin to answer once before the
 *     listener accepts connections; zero skips the wait
 */
public record LimitsConfig(
    Duration connectTimeout,
    int maxFrameBytes,
    int maxConnections,
    int maxNewConnectionsPerSource,
    Duration shutdownGrace,
    Duration pluginStartupTimeout) {

  public LimitsConfig {
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(shutdownGrace, "shutdownGrace");
    requireNonNull(pluginStartupTimeout, "pluginStartupTimeout");
    if (pluginStartupTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "pluginStartupTimeout: " + GoDuration.format(pluginStartupTimeout) + " (expected: >= 0)");
    }
  }

  /** The defaults of {@link ConfigDefaults}. */
  public static LimitsConfig defaults() {
    return new LimitsConfig(
        ConfigDefaults.CONNECT_TIMEOUT,
        ConfigDefaults.MAX_FRAME_BYTES,
        ConfigDefaults.MAX_CONNECTIONS,
        ConfigDefaults.MAX_NEW_CONNECTIONS_PER_SOURCE,
        ConfigDefaults.SHUTDOWN_GRACE,
        ConfigDefaults.PLUGIN_STARTUP_TIMEOUT);
  }
}
