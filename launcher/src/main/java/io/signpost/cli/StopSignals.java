package io.signpost.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, not as the end of the JVM: the router drains and {@code
 * run} returns normally, so the process exits with status 0 as Hyrouter's does (the JVM's own
 * handling would exit with 128 + the signal number, 143 for SIGTERM, after the shutdown hooks).
 *
 * <p>Where a signal cannot be handled (the JVM runs with {@code -Xrs}, or the platform lacks it)
 * the JVM's default stays in place and the shutdown hook still drains.
 */
final class StopSignals {

  private static final Logger log = LoggerFactory.getLogger("io.signpost.cli");

  private final CompletableFuture<String> received = new CompletableFuture<>();

  private StopSignals() {}

  /** Handles SIGTERM and SIGINT from now on. */
  static StopSignals install() {
    StopSignals stop = new StopSignals();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), s -> stop.received.complete(s.getName()));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        log.debug("SIG{} is left to the JVM: {}", name, e.getMessage());
      }
    }
    return stop;
  }

  /** Blocks until a stop signal arrives; returns its name ({@code TERM} or {@code INT}). */
  String await() throws InterruptedException {
    try {
      return received.get();
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
