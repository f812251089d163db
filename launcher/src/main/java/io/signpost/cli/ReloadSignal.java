package io.signpost.cli;

import io.signpost.runtime.SignpostRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP as a request to reload the configuration file ({@link SignpostRuntime#reload}). The reload
 * runs on the router's reload thread; the signal handler only asks for it, so signals that arrive
 * during a reload queue up behind it. Where SIGHUP cannot be handled the JVM's default stays, and a
 * WARN says that reload is left to the admin endpoint and the file watch.
 */
final class ReloadSignal {

  private static final Logger log = LoggerFactory.getLogger("io.signpost.cli");

  private ReloadSignal() {}

  static void install(SignpostRuntime runtime) {
    try {
      Signal.handle(
          new Signal("HUP"),
          s -> {
            log.info("received SIGHUP: reloading {}", runtime.source().describe());
            runtime.reload("SIGHUP");
          });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.warn(
          "SIGHUP cannot be handled here ({}); reload with POST /admin/reload or by changing the"
              + " file",
          e.getMessage());
    }
  }
}
