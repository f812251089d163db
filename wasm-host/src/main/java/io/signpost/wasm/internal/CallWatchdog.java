package io.signpost.wasm.internal;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces a hard time limit on guest code by interrupting the thread that runs it. Chicory's
 * compiled code (and, with {@link InterruptCheck}, its interpreter) turns the interrupt into a
 * {@code ChicoryInterruptedException}.
 *
 * <p>Usage: {@code try (Limit limit = watchdog.arm(nanos)) { guest call }}. Closing the limit
 * disarms the timer and clears the thread's interrupt flag, so a pooled thread never starts its
 * next task interrupted; the interrupt is delivered under the limit's lock, which makes "fired
 * after close" impossible.
 */
final class CallWatchdog {
  private final ScheduledExecutorService scheduler;

  CallWatchdog(ScheduledExecutorService scheduler) {
    this.scheduler = requireNonNull(scheduler, "scheduler");
  }

  /** Arms a limit for the current thread, {@code nanos} from now. */
  Limit arm(long nanos) {
    Limit limit = new Limit(Thread.currentThread());
    if (nanos <= 0) {
      limit.fire();
      return limit;
    }
    limit.timer = scheduler.schedule(limit::fire, nanos, TimeUnit.NANOSECONDS);
    return limit;
  }

  /** One armed limit; confined to the thread that armed it, except for {@link #fire()}. */
  static final class Limit implements AutoCloseable {
    private final Thread thread;
    private volatile ScheduledFuture<?> timer;
    private boolean running = true;
    private boolean fired;

    private Limit(Thread thread) {
      this.thread = thread;
    }

    private synchronized void fire() {
      if (running) {
        fired = true;
        thread.interrupt();
      }
    }

    /** Whether the limit passed while the guarded code ran. */
    synchronized boolean fired() {
      return fired;
    }

    @Override
    public void close() {
      synchronized (this) {
        running = false;
      }
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
      Thread.interrupted();
    }
  }
}
