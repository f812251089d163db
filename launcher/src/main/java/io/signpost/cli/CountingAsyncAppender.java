package io.signpost.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logback's {@link AsyncAppender} that counts what it drops. {@code logback.xml} runs it with
 * {@code neverBlock} (a full queue drops the event instead of stalling the caller, which is often a
 * QUIC event loop writing its per-connection line) and {@code discardingThreshold} 0 (no level is
 * dropped early). Events that find the queue full are counted; once the queue is at most half full
 * again, one WARN line from logger {@value #LOGGER} reports how many were lost since the previous
 * report.
 *
 * <p>The count is exact for events that found the queue full; an event that loses a race for the
 * last free slot is dropped by the queue itself and not counted. Thread-safe.
 */
public final class CountingAsyncAppender extends AsyncAppender {

  /** The logger name of the drop reports. */
  static final String LOGGER = "io.signpost.log";

  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong total = new AtomicLong();

  @Override
  protected void append(ILoggingEvent event) {
    if (getRemainingCapacity() == 0) {
      pending.incrementAndGet();
      total.incrementAndGet();
      return;
    }
    long lost = pending.get();
    if (lost > 0 && getRemainingCapacity() > getQueueSize() / 2 && pending.compareAndSet(lost, 0)) {
      super.append(dropReport(lost));
    }
    super.append(event);
  }

  /** Events dropped since this appender was created. */
  public long dropped() {
    return total.get();
  }

  private ILoggingEvent dropReport(long lost) {
    LoggerContext context = (LoggerContext) getContext();
    return new LoggingEvent(
        CountingAsyncAppender.class.getName(),
        context.getLogger(LOGGER),
        Level.WARN,
        "log queue full: {} lines dropped (expected: a log sink that keeps up)",
        null,
        new Object[] {lost});
  }
}
