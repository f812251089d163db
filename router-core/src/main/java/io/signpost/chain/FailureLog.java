package io.signpost.chain;

import io.signpost.annotation.Nullable;
import io.signpost.log.LogRateLimiter;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WARN lines of one plugin's failed calls, at most {@link
 * LogRateLimiter.Limits#PLUGIN_FAILURES} of them; the dropped ones are counted and summed up in one
 * line per second at most, written with the next failure or by a timer an interval after the first
 * drop, whichever comes first.
 *
 * <p>Thread-safe; called from whichever thread completes a failed call.
 */
final class FailureLog {

  // The chain's logger, so that log configuration written for the chain keeps applying.
  private static final Logger log = LoggerFactory.getLogger(PluginChain.class);

  private final String plugin;
  private final LogRateLimiter limiter;
  private final ScheduledExecutorService timer;
  private final long flushDelayNanos;
  private final AtomicBoolean flushScheduled = new AtomicBoolean();

  FailureLog(String plugin, ScheduledExecutorService timer, LongSupplier ticker) {
    this.plugin = plugin;
    this.limiter = new LogRateLimiter(LogRateLimiter.Limits.PLUGIN_FAILURES, ticker);
    this.timer = timer;
    this.flushDelayNanos = limiter.limits().summaryInterval().toNanos();
  }

  /**
   * Logs one failed call, unless this plugin has logged too many lately; {@code policy} is null for
   * a shadow plugin, whose failures are never applied.
   */
  void failed(PluginException failure, @Nullable OnError policy) {
    if (!limiter.tryAcquire()) {
      scheduleFlush();
    } else if (policy == null) {
      log.warn(
          "plugin {}: {} failure of a shadow call, not applied: {}",
          plugin,
          failure.kind().tag(),
          failure.getMessage());
    } else {
      log.warn(
          "plugin {}: {} failure, policy {}: {}",
          plugin,
          failure.kind().tag(),
          policy.configName(),
          failure.getMessage());
    }
    summarize();
  }

  /** Failure lines dropped so far. */
  long suppressed() {
    return limiter.suppressedLines();
  }

  private void scheduleFlush() {
    if (!flushScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      timer.schedule(this::flush, flushDelayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      flushScheduled.set(false); // shutting down: the next failure's summary will do
    }
  }

  private void flush() {
    flushScheduled.set(false);
    summarize();
  }

  private void summarize() {
    LogRateLimiter.Summary summary = limiter.takeSummary();
    if (summary != null) {
      log.warn(
          "plugin {}: {} further failure lines suppressed in the last {} s",
          plugin,
          summary.lines(),
          summary.windowSeconds());
    }
  }
}
