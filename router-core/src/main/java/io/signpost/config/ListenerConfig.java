package io.signpost.config;

/**
 * The {@code listener} section (a Signpost addition): how the QUIC listener uses the machine.
 *
 * @param eventLoops event loop threads of the QUIC listener, each with its own UDP socket on the
 *     listen port (Linux epoll with {@code SO_REUSEPORT}; one loop where epoll is unavailable), 1
 *     to {@link ConfigDefaults#MAX_EVENT_LOOPS}
 */
public record ListenerConfig(int eventLoops) {

  public ListenerConfig {
    if (eventLoops < 1 || eventLoops > ConfigDefaults.MAX_EVENT_LOOPS) {
      throw new IllegalArgumentException(
          "eventLoops: " + eventLoops + " (expected: 1.." + ConfigDefaults.MAX_EVENT_LOOPS + ")");
    }
  }

  /** The defaults of {@link ConfigDefaults}: one event loop per available processor. */
  public static ListenerConfig defaults() {
    return new ListenerConfig(ConfigDefaults.eventLoops());
  }
}
