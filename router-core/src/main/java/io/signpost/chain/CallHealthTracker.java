package io.signpost.chain;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.PluginException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What the chain has seen of one plugin's calls, for readiness: whether the plugin is
 * <em>failing</em>, that is, has failed every call for at least {@link #WINDOW} and at least {@link
 * #MIN_CALLS} calls in a row, and whether it has answered at all since startup.
 *
 * <p>The verdict ends with the first successful call. It also lapses when no call has been seen for
 * a window: a router taken out of rotation because of it would otherwise never get the connection
 * that shows the plugin has recovered (the gRPC breaker reads ready after its cool-down for the
 * same reason).
 *
 * <p>Thread-safety: the chain records outcomes from whichever threads complete the calls, the admin
 * listener asks for the verdict; no lock. A successful call costs two atomic reads when the plugin
 * was not failing; a failed one a clock read and a few atomic writes. Records racing with each
 * other may shift the start of a failure run by the length of the race, never more.
 */
public final class CallHealthTracker {

  /** How long a plugin must have failed every call before it counts as failing. */
  public static final Duration WINDOW = Duration.ofSeconds(10);

  /** How many calls in a row must have failed before it counts as failing. */
  public static final int MIN_CALLS = 5;

  private static final long NONE = Long.MIN_VALUE;

  private final String plugin;
  private final LongSupplier nanoClock;
  private final long windowNanos;
  private final int minCalls;
  private final AtomicLong consecutiveFailures = new AtomicLong();
  private final AtomicLong firstFailureAt = new AtomicLong(NONE);
  private volatile long lastFailureAt;
  private volatile @Nullable PluginException lastFailure;
  private volatile @Nullable String notWarm;

  /** A tracker with {@link #WINDOW} and {@link #MIN_CALLS}. */
  public CallHealthTracker(String plugin, LongSupplier nanoClock) {
    this(plugin, nanoClock, WINDOW, MIN_CALLS);
  }

  /**
   * @param plugin the plugin's name, stripped from failure messages in the reason
   * @param nanoClock monotonic nanoseconds, normally {@code System::nanoTime}
   * @param window how long every call must have failed, > 0
   * @param minCalls how many calls in a row must have failed, >= 1
   */
  public CallHealthTracker(String plugin, LongSupplier nanoClock, Duration window, int minCalls) {
    this.plugin = requireNonNull(plugin, "plugin");
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
    }
    if (minCalls < 1) {
      throw new IllegalArgumentException("minCalls: " + minCalls + " (expected: >= 1)");
    }
    this.windowNanos = window.toNanos();
    this.minCalls = minCalls;
  }

  /** A call answered (a deny is an answer too): ends a failure run and the not-warm mark. */
  public void recordSuccess() {
    if (consecutiveFailures.get() != 0 || firstFailureAt.get() != NONE) {
      consecutiveFailures.set(0);
      firstFailureAt.set(NONE);
    }
    if (notWarm != null) {
      notWarm = null;
    }
  }

  /** A call failed or timed out. */
  public void recordFailure(PluginException failure) {
    long now = nanoClock.getAsLong();
    lastFailure = failure;
    lastFailureAt = now;
    consecutiveFailures.incrementAndGet();
    if (firstFailureAt.get() == NONE) {
      firstFailureAt.compareAndSet(NONE, now);
    }
  }

  /**
   * Marks the plugin as not warm (it has not answered since startup) until its first successful
   * call or {@link #markWarm()}.
   *
   * @param reason what it has not done, e.g. {@code not warm: no answer within 30s at startup
   *     (last: ...)}
   */
  public void markNotWarm(String reason) {
    notWarm = requireNonNull(reason, "reason");
  }

  /** The plugin has answered: clears {@link #markNotWarm}. */
  public void markWarm() {
    notWarm = null;
  }

  /** Whether the plugin is marked not warm. */
  public boolean isWarm() {
    return notWarm == null;
  }

  /**
   * Why the plugin should count as not ready, from what the chain saw; null when nothing speaks
   * against it. Either the not-warm mark or {@code failing: 37 calls failed in the last 12 s (last:
   * timeout: no answer within 1s)}.
   */
  public @Nullable String notReadyReason() {
    String cold = notWarm;
    return cold != null ? cold : failingReason();
  }

  /** The failing verdict alone; null when the plugin is not failing. */
  public @Nullable String failingReason() {
    long first = firstFailureAt.get();
    long failures = consecutiveFailures.get();
    if (first == NONE || failures < minCalls) {
      return null;
    }
    long now = nanoClock.getAsLong();
    if (now - first < windowNanos || now - lastFailureAt >= windowNanos) {
      return null;
    }
    return "failing: "
        + failures
        + " calls failed in the last "
        + Math.max(1, (now - first) / 1_000_000_000L)
        + " s (last: "
        + describe(lastFailure)
        + ")";
  }

  private String describe(@Nullable PluginException failure) {
    if (failure == null) {
      return "unknown";
    }
    String message = failure.getMessage();
    String prefix = "plugin " + plugin + ": ";
    if (message != null && message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    return failure.kind().tag() + ": " + message;
  }
}
