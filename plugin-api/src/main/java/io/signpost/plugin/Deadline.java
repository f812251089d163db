package io.signpost.plugin;

import java.time.Duration;

/**
 * A point in time, on the monotonic clock, by which a plugin call must complete.
 *
 * @param nanoTime the {@link System#nanoTime()} value at which the deadline passes
 */
public record Deadline(long nanoTime) {

  /** A deadline {@code timeout} from now. */
  public static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos());
  }

  /** Time left; zero or negative once passed. */
  public Duration remaining() {
    return Duration.ofNanos(nanoTime - System.nanoTime());
  }

  /** Nanoseconds left; zero or negative once passed. */
  public long remainingNanos() {
    return nanoTime - System.nanoTime();
  }

  public boolean isExpired() {
    return remainingNanos() <= 0;
  }

  /** The earlier of this deadline and {@code other}. */
  public Deadline min(Deadline other) {
    return nanoTime - other.nanoTime <= 0 ? this : other;
  }
}
