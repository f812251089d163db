package io.signpost.grpc.internal;

import io.signpost.grpc.BreakerState;
import io.signpost.grpc.GrpcOptions;
import java.util.function.LongSupplier;

/**
 * A consecutive-failure circuit breaker. Closed, it lets every call through and counts failures in
 * a row; at the threshold it opens and {@link #tryAcquire} refuses calls for the cool-down; then
 * one probe call is let through (half-open) and its outcome closes or re-opens the breaker.
 *
 * <p>Thread-safe; every method is a few field updates under an uncontended lock, so a refused call
 * costs well under a microsecond.
 */
public final class CircuitBreaker {

  /** What {@link #tryAcquire} allows. */
  public enum Permit {
    /** An ordinary call. */
    CALL,
    /** The single probe call after a cool-down. */
    PROBE,
    /** No call: the breaker is open or a probe is already in flight. */
    REJECTED
  }

  private final int threshold;
  private final long coolDownNanos;
  private final LongSupplier nanoClock;

  private BreakerState state = BreakerState.CLOSED;
  private int consecutiveFailures;
  private long openedAt;
  private boolean probeInFlight;

  public CircuitBreaker(GrpcOptions.Breaker options, LongSupplier nanoClock) {
    this.threshold = options.failures();
    this.coolDownNanos = options.coolDown().toNanos();
    this.nanoClock = nanoClock;
  }

  /** Asks to make a call; every granted permit must be followed by exactly one outcome call. */
  public synchronized Permit tryAcquire() {
    switch (state) {
      case CLOSED:
        return Permit.CALL;
      case OPEN:
        if (nanoClock.getAsLong() - openedAt < coolDownNanos) {
          return Permit.REJECTED;
        }
        state = BreakerState.HALF_OPEN;
        probeInFlight = true;
        return Permit.PROBE;
      default:
        if (probeInFlight) {
          return Permit.REJECTED;
        }
        probeInFlight = true;
        return Permit.PROBE;
    }
  }

  /** A call succeeded: the plugin answers, close the breaker. */
  public synchronized void onSuccess() {
    consecutiveFailures = 0;
    probeInFlight = false;
    state = BreakerState.CLOSED;
  }

  /** A call failed. */
  public synchronized void onFailure() {
    consecutiveFailures++;
    if (state == BreakerState.HALF_OPEN || (threshold > 0 && consecutiveFailures >= threshold)) {
      if (state != BreakerState.OPEN) {
        state = BreakerState.OPEN;
        openedAt = nanoClock.getAsLong();
      }
      probeInFlight = false;
    }
  }

  /** A call ended without a verdict on the plugin (cancelled by the caller). */
  public synchronized void onIgnored() {
    probeInFlight = false;
  }

  /**
   * Whether the breaker is open and still cooling down, so that {@link #tryAcquire} would refuse
   * any call now. Once the cool-down has passed the breaker still reads {@link BreakerState#OPEN}
   * until the next call, but that call is let through as the probe.
   */
  public synchronized boolean refusesCalls() {
    return state == BreakerState.OPEN && nanoClock.getAsLong() - openedAt < coolDownNanos;
  }

  public synchronized BreakerState state() {
    return state;
  }

  /** Consecutive failures counted so far. */
  public synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** Milliseconds until an open breaker allows a probe; 0 when it is not open. */
  public synchronized long millisUntilProbe() {
    if (state != BreakerState.OPEN) {
      return 0;
    }
    long left = coolDownNanos - (nanoClock.getAsLong() - openedAt);
    return Math.max(0, left / 1_000_000);
  }
}
