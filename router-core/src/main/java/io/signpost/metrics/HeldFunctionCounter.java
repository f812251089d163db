package io.signpost.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import java.util.function.DoubleSupplier;

/**
 * Function counters whose count stays live for as long as the counter is registered.
 *
 * <p>Micrometer's {@link FunctionCounter} holds the object it reads through a weak reference, and
 * once that object is collected it repeats its last value forever. The objects these meters read
 * are lambdas and method references ({@code this::chain}, {@code provider::status}) that nothing
 * else holds, so the first garbage collection froze them, and the suppressed-log, shadow and
 * discovery-watch counters stopped counting without an error. The counters built here read {@code
 * count} through the counter's function, which the meter holds strongly; the weak reference points
 * at a constant that is never collected.
 */
final class HeldFunctionCounter {

  private static final Object NEVER_COLLECTED = new Object();

  private HeldFunctionCounter() {}

  /** A builder for the counter {@code name} that reads {@code count} at each scrape. */
  static FunctionCounter.Builder<Object> builder(String name, DoubleSupplier count) {
    requireNonNull(count, "count");
    return FunctionCounter.builder(name, NEVER_COLLECTED, ignored -> count.getAsDouble());
  }
}
