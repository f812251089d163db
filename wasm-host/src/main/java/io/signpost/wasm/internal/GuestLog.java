package io.signpost.wasm.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.signpost.log.LogRateLimiter;
import io.signpost.plugin.PluginMeters;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Everything a plugin's guest code logs ({@code signpost.log}, stdout, stderr), under the plugin's
 * logger and a per-plugin {@link LogRateLimiter}: {@link #LIMITS}, {@value #LINES_PER_SECOND} lines
 * and {@value #BYTES_PER_SECOND} bytes a second with bursts of {@value #BURST_SECONDS} seconds.
 * Lines over the limit are dropped and counted ({@code signpost.log.suppressed} with {@code
 * source=guest_log}); while lines are dropped, one summary line a second says how many. Lines below
 * the logger's level cost no tokens. Thread-safe: shared by every instance of the plugin.
 */
final class GuestLog {
  static final int LINES_PER_SECOND = 50;
  static final int BYTES_PER_SECOND = 64 * 1024;
  static final int BURST_SECONDS = 4;
  static final LogRateLimiter.Limits LIMITS =
      LogRateLimiter.Limits.lines(LINES_PER_SECOND, LINES_PER_SECOND * BURST_SECONDS)
          .withBytes(BYTES_PER_SECOND, (long) BYTES_PER_SECOND * BURST_SECONDS);
  static final String DROPPED_COUNTER = "signpost.log.suppressed";

  /** The {@code source} tag of the counter, beside the chain's {@code plugin_failure}. */
  static final String SOURCE = "guest_log";

  private final String pluginName;
  private final Logger logger;
  private final LogRateLimiter limiter;
  private final Counter dropped;
  private final MeterRegistry registry;

  GuestLog(String pluginName, Logger logger, MeterRegistry registry, LongSupplier ticker) {
    this.pluginName = pluginName;
    this.logger = logger;
    this.registry = registry;
    this.limiter = new LogRateLimiter(LIMITS, ticker);
    Tags tags = Tags.of("plugin", pluginName, "source", SOURCE);
    this.dropped =
        PluginMeters.takeOver(
            registry,
            DROPPED_COUNTER,
            tags,
            () ->
                Counter.builder(DROPPED_COUNTER)
                    .description("Log lines dropped by a rate limit")
                    .tags(tags)
                    .register(registry));
  }

  Logger logger() {
    return logger;
  }

  boolean isEnabled(Level level) {
    return logger.isEnabledForLevel(level);
  }

  /** Logs {@code line} (of {@code bytes} UTF-8 bytes) when enabled and within the limit. */
  void log(Level level, String prefix, String line, int bytes) {
    if (admit(level, bytes)) {
      write(level, prefix, line);
    }
  }

  /**
   * Whether a line of {@code bytes} bytes at {@code level} may be written: its level is enabled and
   * the limit has room. A refused line is counted as dropped here, so a caller decodes and formats
   * only the lines that are {@link #write written}; a module that floods its log costs the router a
   * counter increment per dropped line, not a string.
   */
  boolean admit(Level level, int bytes) {
    if (!logger.isEnabledForLevel(level)) {
      return false;
    }
    boolean admitted = limiter.tryAcquire(bytes);
    LogRateLimiter.Summary summary = limiter.takeSummary();
    if (summary != null) {
      logger.warn(
          "plugin {}: dropped {} log lines ({} bytes) in the last {} s over the rate limit of {}"
              + " lines/s and {} KiB/s",
          pluginName,
          summary.lines(),
          summary.bytes(),
          summary.windowSeconds(),
          LINES_PER_SECOND,
          BYTES_PER_SECOND / 1024);
    }
    if (!admitted) {
      dropped.increment();
    }
    return admitted;
  }

  /** Writes a line {@link #admit admitted} before. */
  void write(Level level, String prefix, String line) {
    logger.atLevel(level).log("{}{}", prefix, line);
  }

  void removeMeters() {
    PluginMeters.release(registry, dropped);
  }
}
