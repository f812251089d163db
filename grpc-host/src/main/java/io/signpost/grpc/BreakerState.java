package io.signpost.grpc;

/**
 * The state of a gRPC plugin's circuit breaker, as reported by the gauge {@code
 * signpost.grpc.breaker.state}.
 */
public enum BreakerState {
  /** Calls go through; consecutive failures are counted. */
  CLOSED(0),
  /** Calls fail at once with {@link io.signpost.plugin.PluginUnavailableException}. */
  OPEN(1),
  /** The cool-down is over: one probe call is in flight or allowed, the others fail fast. */
  HALF_OPEN(2);

  private final int code;

  BreakerState(int code) {
    this.code = code;
  }

  /** The gauge value: 0 closed, 1 open, 2 half-open. */
  public int code() {
    return code;
  }
}
