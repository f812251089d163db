package io.signpost.server.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a new connection may proceed: at most {@code maxConnections} open at once, at
 * most {@code perSourceRate} new ones per second from one IP address. It is also the one place that
 * logs refusals, at most one line per second, with the count of the refusals it kept quiet about: a
 * flood of refusals must not become a flood of log lines.
 *
 * <p>Thread-safe.
 */
public final class ConnectionAdmission {
  private static final Logger LOG = LoggerFactory.getLogger("io.signpost.server.QuicListener");
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Why a connection was refused. */
  public enum Refusal {
    TOO_MANY_CONNECTIONS("max_connections"),
    SOURCE_RATE("max_new_connections_per_source"),
    SHUTTING_DOWN("shutting_down");

    final String limit;

    Refusal(String limit) {
      this.limit = limit;
    }
  }

  private final int maxConnections;
  private final SourceRateLimiter perSource;
  private final LongSupplier nanoClock;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong suppressed = new AtomicLong();
  private final AtomicLong lastLogNanos;
  private final boolean logClientIp;

  public ConnectionAdmission(
      int maxConnections, int perSourceRate, boolean logClientIp, LongSupplier nanoClock) {
    this.maxConnections = maxConnections;
    this.perSource = new SourceRateLimiter(perSourceRate, 65_536, nanoClock);
    this.nanoClock = nanoClock;
    this.logClientIp = logClientIp;
    this.lastLogNanos = new AtomicLong(nanoClock.getAsLong() - LOG_INTERVAL_NANOS);
  }

  /**
   * Counts the connection in and returns true, or logs why not and returns false. Every true must
   * be paired with one {@link #release()}. {@code closing} is true once the listener's shutdown
   * grace has ended: then nobody is admitted.
   */
  public boolean tryAdmit(InetSocketAddress source, boolean closing) {
    Refusal refusal = check(source, closing);
    if (refusal == null) {
      return true;
    }
    logRefusal(source, refusal);
    return false;
  }

  private Refusal check(InetSocketAddress source, boolean closing) {
    if (closing) {
      return Refusal.SHUTTING_DOWN;
    }
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return Refusal.TOO_MANY_CONNECTIONS;
    }
    if (!perSource.tryAcquire(source.getAddress())) {
      open.decrementAndGet();
      return Refusal.SOURCE_RATE;
    }
    return null;
  }

  /** A connection admitted earlier has closed. */
  public int release() {
    return open.decrementAndGet();
  }

  /** Connections admitted and not yet released. */
  public int open() {
    return open.get();
  }

  private void logRefusal(InetSocketAddress source, Refusal refusal) {
    long now = nanoClock.getAsLong();
    long last = lastLogNanos.get();
    if (now - last < LOG_INTERVAL_NANOS || !lastLogNanos.compareAndSet(last, now)) {
      suppressed.incrementAndGet();
      return;
    }
    LOG.info(
        "refused connection limit={} open={}{} ({} more refusals since the previous line)",
        refusal.limit,
        open.get(),
        logClientIp ? " client=" + source : "",
        suppressed.getAndSet(0));
  }
}
