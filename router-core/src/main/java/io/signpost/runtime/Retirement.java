package io.signpost.runtime;

import io.signpost.chain.PluginChain;
import io.signpost.plugin.Plugin;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replaced chain waiting for its last connections: its plugins that the new chain did not take
 * over are closed once no run is in flight, checked every {@link #CHECK_EVERY}, or when {@code
 * patience} has passed (a connection cannot take longer than that, so a run still counted then is a
 * bug, and the plugins are closed anyway, with a WARN).
 */
final class Retirement {

  static final Duration CHECK_EVERY = Duration.ofMillis(50);

  private static final Logger log = LoggerFactory.getLogger(Retirement.class);

  private final PluginChain chain;
  private final Set<Plugin> kept;
  private final long deadlineNanos;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Future<?> check;

  Retirement(PluginChain chain, Set<Plugin> kept, Duration patience) {
    this.chain = chain;
    this.kept = kept;
    this.deadlineNanos = System.nanoTime() + patience.toNanos();
  }

  /** Starts checking on {@code timer}; {@code done} runs once the plugins are closed. */
  void start(ScheduledExecutorService timer, Runnable done) {
    check =
        timer.scheduleWithFixedDelay(
            () -> {
              int inFlight = chain.inFlight();
              boolean overdue = System.nanoTime() - deadlineNanos > 0;
              if (inFlight > 0 && !overdue) {
                return;
              }
              if (inFlight > 0) {
                log.warn(
                    "replaced plugin chain still counts {} connection(s) after the longest a"
                        + " connection can take; closing its plugins anyway",
                    inFlight);
              }
              closeNow();
              done.run();
            },
            0,
            CHECK_EVERY.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** Closes the plugins no newer chain uses, once; stops checking. */
  void closeNow() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Future<?> f = check;
    if (f != null) {
      f.cancel(false);
    }
    long closing = chain.links().stream().filter(l -> !kept.contains(l.plugin())).count();
    if (closing > 0) {
      log.info("closing {} plugin(s) of the replaced configuration", closing);
    }
    chain.closeExcept(kept);
  }
}
