package io.signpost.wasm.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Everything a plugin's guest code logs ({@code signpost.log}, stdout, stderr), under the plugin's
 * logger and a per-plugin rate limit: two token buckets, {@link #LINES_PER_SECOND} lines and {@link
 * #BYTES_PER_SECOND} bytes per second, each holding a burst of {@link #BURST_SECONDS} seconds.
 * Lines over the limit are dropped and counted ({@code signpost.plugin.log.dropped}); while lines
 * are dropped, one summary line a second says how many. Lines below the logger's level cost no
 * tokens. Thread-safe: shared by every instance of the plugin.
 */
final class GuestLog {
  static final int LINES_PER_SECOND = 50;
  static final int BYTES_PER_SECOND = 64 * 1024;
  static final int BURST_SECONDS = 4;
  static final String DROPPED_COUNTER = "signpost.plugin.log.dropped";

  private static final long SECOND = 1_000_000_000L;

  private final String pluginName;
  private final Logger logger;
  private final LongSupplier ticker;
  private final Counter dropped;
  private final MeterRegistry registry;
  private double lineTokens = LINES_PER_SECOND * BURST_SECONDS;
  private double byteTokens = BYTES_PER_SECOND * BURST_SECONDS;
  private long refilledAt;
  private long droppedLines;
  private long droppedBytes;
  private long summaryDueAt;

  GuestLog(String pluginName, Logger logger, MeterRegistry registry, LongSupplier ticker) {
    this.pluginName = pluginName;
    this.logger = logger;
    this.registry = registry;
    this.ticker = ticker;
    this.refilledAt = ticker.getAsLong();
    this.dropped =
        Counter.builder(DROPPED_COUNTER)
            .description("Guest log lines dropped by the per-plugin rate limit")
            .tag("plugin", pluginName)
            .register(registry);
  }

  Logger logger() {
    return logger;
  }

  boolean isEnabled(Level level) {
    return logger.isEnabledForLevel(level);
  }

  /** Logs {@code line} (of {@code bytes} UTF-8 bytes) when enabled and within the limit. */
  void log(Level level, String prefix, String line, int bytes) {
    if (!logger.isEnabledForLevel(level)) {
      return;
    }
    String summary;
    boolean admitted;
    synchronized (this) {
      long now = ticker.getAsLong();
      refill(now);
      admitted = lineTokens >= 1 && byteTokens >= bytes;
      if (admitted) {
        lineTokens -= 1;
        byteTokens -= bytes;
      } else {
        droppedLines++;
        droppedBytes += bytes;
      }
      summary = summaryIfDue(now);
    }
    if (summary != null) {
      logger.warn(summary);
    }
    if (admitted) {
      logger.atLevel(level).log("{}{}", prefix, line);
    } else {
      dropped.increment();
    }
  }

  private void refill(long now) {
    double seconds = (now - refilledAt) / (double) SECOND;
    if (seconds <= 0) {
      return;
    }
    refilledAt = now;
    lineTokens =
        Math.min(LINES_PER_SECOND * BURST_SECONDS, lineTokens + seconds * LINES_PER_SECOND);
    byteTokens =
        Math.min(BYTES_PER_SECOND * BURST_SECONDS, byteTokens + seconds * BYTES_PER_SECOND);
  }

  private String summaryIfDue(long now) {
    if (droppedLines == 0 || now - summaryDueAt < 0) {
      return null;
    }
    String summary =
        "plugin "
            + pluginName
            + ": dropped "
            + droppedLines
            + " log lines ("
            + droppedBytes
            + " bytes) over the rate limit of "
            + LINES_PER_SECOND
            + " lines/s and "
            + BYTES_PER_SECOND / 1024
            + " KiB/s";
    droppedLines = 0;
    droppedBytes = 0;
    summaryDueAt = now + SECOND;
    return summary;
  }

  void removeMeters() {
    registry.remove(dropped);
  }
}
