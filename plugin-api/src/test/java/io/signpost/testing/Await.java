package io.signpost.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in tests for something another thread does: polls until it is true, and fails only after
 * {@link #LIMIT}, far beyond what a busy machine needs, so the wait never depends on its speed.
 * Shared through plugin-api's test jar.
 */
public final class Await {

  /** How long a condition may take before the test fails. */
  public static final Duration LIMIT = Duration.ofSeconds(60);

  private static final long POLL_MILLIS = 10;

  private Await() {}

  /** Returns once {@code condition} holds; fails after {@link #LIMIT}. */
  public static void until(BooleanSupplier condition) throws InterruptedException {
    until(condition, () -> "");
  }

  /**
   * Returns once {@code condition} holds; fails after {@link #LIMIT}, saying what {@code state}
   * reads then.
   */
  public static void until(BooleanSupplier condition, Supplier<String> state)
      throws InterruptedException {
    long end = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        String now = state.get();
        throw new AssertionError(
            "not reached within " + LIMIT.toSeconds() + " s" + (now.isEmpty() ? "" : ": " + now));
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
