package io.signpost.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.signpost.annotation.Nullable;
import io.signpost.config.LoggingConfig;
import java.util.TimeZone;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

/**
 * Where the log goes and in which format. {@code logback.xml} writes text to stdout through the
 * console appender {@value #APPENDER}: {@code signpost run} keeps stdout and switches to JSON for
 * {@code logging.format: json}; {@code validate} and {@code plugin call} move the log to stderr,
 * since their stdout is their result.
 *
 * <p>Events reach the console appender through {@value #ASYNC_APPENDER} ({@link
 * CountingAsyncAppender}), so logging never blocks the thread that logs; {@link #flush()} writes
 * out what is queued before the process exits.
 *
 * <p>A logback configuration of the operator's own ({@code -Dlogback.configurationFile}) without a
 * console appender named {@value #APPENDER} is left as it is.
 */
final class LogOutput {

  /** The console appender of {@code logback.xml}. */
  static final String APPENDER = "CONSOLE";

  /** The appender of {@code logback.xml} that hands events to {@value #APPENDER} on its thread. */
  static final String ASYNC_APPENDER = "ASYNC";

  /** Standard output or standard error. */
  enum Stream {
    STDOUT("System.out"),
    STDERR("System.err");

    private final String target;

    Stream(String target) {
      this.target = target;
    }
  }

  private LogOutput() {}

  /** Moves the log to stderr, in text, for commands whose stdout is their result. */
  static void toStderr() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      configure(context, Stream.STDERR, LoggingConfig.Format.TEXT);
    }
  }

  /**
   * Points the console appender at {@code stream} and writes {@code format}: text keeps the pattern
   * of {@code logback.xml}, JSON is one object per line ({@link #jsonEncoder}).
   *
   * @return false when the configuration has no console appender named {@value #APPENDER}, and
   *     nothing was changed
   */
  static boolean configure(LoggerContext context, Stream stream, LoggingConfig.Format format) {
    Appender<ILoggingEvent> appender = console(context.getLogger(Logger.ROOT_LOGGER_NAME));
    if (!(appender instanceof ConsoleAppender<ILoggingEvent> console)) {
      return false;
    }
    Encoder<ILoggingEvent> encoder =
        format == LoggingConfig.Format.JSON ? jsonEncoder(context) : console.getEncoder();
    console.stop();
    console.setTarget(stream.target);
    console.setEncoder(encoder);
    console.start();
    return true;
  }

  /**
   * The console appender {@value #APPENDER} of the root logger, directly or behind the asynchronous
   * appender {@value #ASYNC_APPENDER} of {@code logback.xml}; null when there is none.
   */
  private static @Nullable Appender<ILoggingEvent> console(Logger root) {
    Appender<ILoggingEvent> direct = root.getAppender(APPENDER);
    if (direct != null) {
      return direct;
    }
    return root.getAppender(ASYNC_APPENDER) instanceof AsyncAppenderBase<ILoggingEvent> async
        ? async.getAppender(APPENDER)
        : null;
  }

  /**
   * Writes out what the asynchronous appender still holds and stops logging: called before the
   * process exits. Never throws (it also runs after an {@link OutOfMemoryError}).
   */
  static void flush() {
    try {
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
        context.stop();
      }
    } catch (Throwable ignored) {
      // nothing left to log with
    }
  }

  /**
   * One JSON object per line: {@code timestamp} (ISO 8601, UTC), {@code level}, {@code logger} (the
   * full name: {@code io.signpost.server.QuicListener}, {@code signpost.plugin.geo}), {@code
   * thread}, {@code message}, {@code stack_trace} when an exception is logged, then the event's
   * key/value pairs as keys of their own (a decision line's {@code sni}, {@code outcome}, {@code
   * backend}, {@code duration_ms}...).
   */
  static LogstashEncoder jsonEncoder(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    LogstashFieldNames names = new LogstashFieldNames();
    names.setTimestamp("timestamp");
    names.setLogger("logger");
    names.setThread("thread");
    names.setStackTrace("stack_trace");
    names.setVersion("[ignore]");
    names.setLevelValue("[ignore]");
    encoder.setFieldNames(names);
    encoder.setTimestampPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    encoder.setTimeZone(TimeZone.getTimeZone("UTC").getID());
    encoder.setIncludeContext(false);
    encoder.setIncludeKeyValuePairs(true);
    encoder.start();
    return encoder;
  }
}
