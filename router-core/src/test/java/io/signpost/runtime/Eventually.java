package io.signpost.runtime;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits for something that happens on another thread, within a generous bound, polling; never
 * asserts how fast it happened.
 */
public final class Eventually {

  /** The default bound: long enough for a loaded two-core machine. */
  public static final Duration DEFAULT = Duration.ofSeconds(45);

  private Eventually() {}

  /** Polls {@code probe} until {@code done} accepts its value; returns that value. */
  public static <T> T until(String what, Callable<T> probe, Predicate<T> done) throws Exception {
    return until(what, probe, done, DEFAULT);
  }

  /**
   * Polls {@code probe} every 25 ms until {@code done} accepts its value or {@code max} passes.
   *
   * @throws AssertionError naming {@code what} and the last value when time runs out
   */
  public static <T> T until(String what, Callable<T> probe, Predicate<T> done, Duration max)
      throws Exception {
    long end = System.nanoTime() + max.toNanos();
    T last = probe.call();
    while (!done.test(last)) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(what + ": not reached within " + max + "; last: " + last);
      }
      Thread.sleep(25);
      last = probe.call();
    }
    return last;
  }
}
