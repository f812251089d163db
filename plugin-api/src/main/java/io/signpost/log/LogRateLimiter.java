package io.signpost.log;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides which lines of one noisy log source are written: a token bucket of lines and, when set, a
 * second one of bytes; a line is written only when both have room. Dropped lines are counted:
 * {@link #takeSummary()} hands the count out at most once per summary interval, for one line such
 * as {@code plugin geo: 4821 further failure lines suppressed in the last 1 s}, and {@link
 * #suppressedLines()} keeps the running total, for a counter metric.
 *
 * <p>Each bucket is a GCRA (the "virtual scheduling" form of a token bucket): one {@link
 * AtomicLong} holding the time at which the bucket would be full again, advanced by compare and
 * set. {@link #tryAcquire} therefore takes no lock and allocates nothing; under contention two
 * callers may both win a last token by a few nanoseconds of credit, never more.
 *
 * <p>Thread-safe: one limiter serves every thread that logs for its source. Time comes from the
 * ticker given at construction ({@link System#nanoTime} in production, a fake in tests).
 */
public final class LogRateLimiter {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /**
   * How much a source may log.
   *
   * @param linesPerSecond the lasting rate of lines, > 0
   * @param lineBurst lines that may be written at once after a quiet period, >= 1
   * @param bytesPerSecond the lasting rate of bytes, 1..1000000000; 0 for no byte limit
   * @param byteBurst bytes that may be written at once, >= 1 when bytes are limited; a line longer
   *     than this is written only when the byte bucket is full, and then empties it
   * @param summaryInterval the least time between two summaries, > 0
   */
  public record Limits(
      double linesPerSecond,
      int lineBurst,
      long bytesPerSecond,
      long byteBurst,
      Duration summaryInterval) {

    /** The chain's per-plugin failure lines: 10 a second, bursts of 20, a summary a second. */
    public static final Limits PLUGIN_FAILURES = lines(10, 20);

    public Limits {
      requireNonNull(summaryInterval, "summaryInterval");
      if (!(linesPerSecond > 0) || Double.isInfinite(linesPerSecond)) {
        throw new IllegalArgumentException(
            "linesPerSecond: " + linesPerSecond + " (expected: > 0)");
      }
      if (lineBurst < 1) {
        throw new IllegalArgumentException("lineBurst: " + lineBurst + " (expected: >= 1)");
      }
      if (bytesPerSecond < 0 || bytesPerSecond > NANOS_PER_SECOND) {
        throw new IllegalArgumentException(
            "bytesPerSecond: " + bytesPerSecond + " (expected: 0..1000000000)");
      }
      if (bytesPerSecond > 0 && byteBurst < 1) {
        throw new IllegalArgumentException("byteBurst: " + byteBurst + " (expected: >= 1)");
      }
      if (summaryInterval.isNegative() || summaryInterval.isZero()) {
        throw new IllegalArgumentException(
            "summaryInterval: " + summaryInterval + " (expected: > 0)");
      }
    }

    /** Lines only: {@code perSecond} lasting, {@code burst} at once, a summary a second. */
    public static Limits lines(double perSecond, int burst) {
      return new Limits(perSecond, burst, 0, 0, Duration.ofSeconds(1));
    }

    /** These limits with a byte bucket as well. */
    public Limits withBytes(long perSecond, long burst) {
      return new Limits(linesPerSecond, lineBurst, perSecond, burst, summaryInterval);
    }

    /** These limits with another summary interval. */
    public Limits withSummaryInterval(Duration interval) {
      return new Limits(linesPerSecond, lineBurst, bytesPerSecond, byteBurst, interval);
    }
  }

  /**
   * What was dropped since the previous summary.
   *
   * @param lines lines dropped, >= 1
   * @param bytes their bytes, as given to {@link #tryAcquire(long)}
   * @param window from the first of those drops until the summary was taken
   */
  public record Summary(long lines, long bytes, Duration window) {

    /** {@link #window} in whole seconds, at least 1: the figure a summary line shows. */
    public long windowSeconds() {
      return Math.max(1, Math.round(window.toMillis() / 1000.0));
    }
  }

  private static final long NONE = Long.MIN_VALUE;

  private final Limits limits;
  private final LongSupplier ticker;
  private final long lineCost;
  private final long lineTolerance;
  private final long byteTolerance;
  private final long summaryIntervalNanos;
  private final AtomicLong lineFullAt;
  private final AtomicLong byteFullAt;
  private final AtomicLong suppressedLines = new AtomicLong();
  private final AtomicLong pendingLines = new AtomicLong();
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicLong firstPendingAt = new AtomicLong(NONE);
  private final AtomicLong lastSummaryAt;

  /**
   * @param limits the rates and bursts
   * @param ticker monotonic nanoseconds, normally {@code System::nanoTime}
   */
  public LogRateLimiter(Limits limits, LongSupplier ticker) {
    this.limits = requireNonNull(limits, "limits");
    this.ticker = requireNonNull(ticker, "ticker");
    this.lineCost = Math.max(1, Math.round(NANOS_PER_SECOND / limits.linesPerSecond()));
    this.lineTolerance = saturatedMultiply(lineCost, limits.lineBurst());
    this.byteTolerance =
        limits.bytesPerSecond() == 0 ? 0 : byteCost(limits.byteBurst(), limits.bytesPerSecond());
    this.summaryIntervalNanos = limits.summaryInterval().toNanos();
    long now = ticker.getAsLong();
    this.lineFullAt = new AtomicLong(now);
    this.byteFullAt = new AtomicLong(now);
    this.lastSummaryAt = new AtomicLong(now);
  }

  /** The limits this limiter applies. */
  public Limits limits() {
    return limits;
  }

  /** Whether to write a line whose size does not matter; counts it when not. */
  public boolean tryAcquire() {
    return tryAcquire(0);
  }

  /**
   * Whether to write a line of {@code bytes} bytes. When not, the line is counted as suppressed and
   * the caller drops it. Lock-free and allocation-free.
   *
   * @param bytes the line's size, >= 0; ignored when the limits set no byte bucket
   */
  public boolean tryAcquire(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
    }
    long now = ticker.getAsLong();
    if (take(lineFullAt, now, lineCost, lineTolerance)) {
      if (byteTolerance == 0 || bytes == 0) {
        return true;
      }
      long cost = Math.min(byteCost(bytes, limits.bytesPerSecond()), byteTolerance);
      if (take(byteFullAt, now, cost, byteTolerance)) {
        return true;
      }
      lineFullAt.addAndGet(-lineCost);
    }
    suppressed(now, bytes);
    return false;
  }

  /** Lines dropped since this limiter was created. */
  public long suppressedLines() {
    return suppressedLines.get();
  }

  /**
   * The lines dropped since the previous summary, once at least the summary interval has passed
   * both since that summary and since the first of those drops; null otherwise (and when nothing
   * was dropped). A summary is handed to one caller only. Cheap when there is nothing to report:
   * one atomic read. Call it after {@link #tryAcquire} and, so that the last drops of a burst are
   * reported too, once more from a timer an interval after a drop.
   */
  public @Nullable Summary takeSummary() {
    if (pendingLines.get() == 0) {
      return null;
    }
    long now = ticker.getAsLong();
    long last = lastSummaryAt.get();
    long first = firstPendingAt.get();
    if (now - last < summaryIntervalNanos
        || (first != NONE && now - first < summaryIntervalNanos)
        || !lastSummaryAt.compareAndSet(last, now)) {
      return null;
    }
    long lines = pendingLines.getAndSet(0);
    long bytes = pendingBytes.getAndSet(0);
    firstPendingAt.set(NONE);
    if (lines == 0) {
      return null;
    }
    return new Summary(lines, bytes, Duration.ofNanos(first == NONE ? 0 : now - first));
  }

  private void suppressed(long now, long bytes) {
    suppressedLines.incrementAndGet();
    if (bytes > 0) {
      pendingBytes.addAndGet(bytes);
    }
    if (pendingLines.getAndIncrement() == 0) {
      firstPendingAt.set(now);
    }
  }

  /** One GCRA step: room when the bucket, after this cost, is not over its tolerance. */
  private static boolean take(AtomicLong fullAt, long now, long cost, long tolerance) {
    while (true) {
      long current = fullAt.get();
      long start = current - now > 0 ? current : now;
      long next = start + cost;
      if (next - now > tolerance) {
        return false;
      }
      if (fullAt.compareAndSet(current, next)) {
        return true;
      }
    }
  }

  private static long byteCost(long bytes, long bytesPerSecond) {
    return saturatedMultiply(bytes, NANOS_PER_SECOND) / bytesPerSecond;
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }
}
