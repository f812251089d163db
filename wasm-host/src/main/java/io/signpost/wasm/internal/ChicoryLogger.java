package io.signpost.wasm.internal;

import com.dylibso.chicory.log.Logger;

/** Chicory's own log messages (for example WASI calls it does not support), sent to SLF4J. */
final class ChicoryLogger implements Logger {
  private final org.slf4j.Logger delegate;

  ChicoryLogger(org.slf4j.Logger delegate) {
    this.delegate = delegate;
  }

  @Override
  public void log(Logger.Level level, String msg, Throwable throwable) {
    delegate.atLevel(map(level)).setCause(throwable).log("[chicory] {}", msg);
  }

  @Override
  public boolean isLoggable(Logger.Level level) {
    return level != Logger.Level.OFF && delegate.isEnabledForLevel(map(level));
  }

  private static org.slf4j.event.Level map(Logger.Level level) {
    return switch (level) {
      case ALL, TRACE -> org.slf4j.event.Level.TRACE;
      case DEBUG -> org.slf4j.event.Level.DEBUG;
      case INFO -> org.slf4j.event.Level.INFO;
      case WARNING -> org.slf4j.event.Level.WARN;
      case ERROR, OFF -> org.slf4j.event.Level.ERROR;
    };
  }
}
