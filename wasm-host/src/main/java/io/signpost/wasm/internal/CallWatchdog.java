package io.signpost.wasm.internal;

import static java.util.Objects.requireNonNull;

import io.signpost.plugin.Deadline;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces hard time limits on guest code by interrupting the thread that runs it. Chicory's
 * compiled code (and, with {@link InterruptCheck}, its interpreter) turns the interrupt into a
 * {@code ChicoryInterruptedException}.
 *
 * <p>Arming a limit costs two uncontended lock operations and no allocation: each thread has one
 * reusable {@link Limit}, and a task on the shared scheduler scans the armed limits every {@link
 * #TICK}, so a module is stopped at most one tick after its deadline. (Scheduling one timer per
 * call would leave a cancelled task in the scheduler's queue per call until its deadline.)
 *
 * <p>Usage: {@code try (Limit limit = watchdog.arm(deadline)) { guest call }}. Closing the limit
 * disarms it and clears the thread's interrupt flag, so a pooled thread never starts its next task
 * interrupted; interrupts are delivered under the limit's lock, so none can arrive after close.
 */
final class CallWatchdog implements AutoCloseable {
  static final Duration TICK = Duration.ofMillis(10);

  /** How long past its deadline guest code must still run to count as {@link #overdue()}. */
  static final Duration OVERDUE_AFTER = Duration.ofSeconds(1);

  private final ConcurrentHashMap<Thread, Limit> limits = new ConcurrentHashMap<>();
  private final ThreadLocal<Limit> current = ThreadLocal.withInitial(this::register);
  private final ScheduledFuture<?> scanner;
  private volatile int overdue;

  CallWatchdog(ScheduledExecutorService scheduler) {
    requireNonNull(scheduler, "scheduler");
    long tick = TICK.toNanos();
    this.scanner = scheduler.scheduleWithFixedDelay(this::scan, tick, tick, TimeUnit.NANOSECONDS);
  }

  /** Arms the current thread's limit; an already-passed deadline interrupts at once. */
  Limit arm(Deadline deadline) {
    Limit limit = current.get();
    limit.arm(deadline.nanoTime());
    limit.fireIfDue(System.nanoTime());
    return limit;
  }

  private Limit register() {
    Limit limit = new Limit(Thread.currentThread());
    limits.put(limit.thread, limit);
    return limit;
  }

  private void scan() {
    long now = System.nanoTime();
    long overdueBefore = now - OVERDUE_AFTER.toNanos();
    int count = 0;
    for (Iterator<Limit> it = limits.values().iterator(); it.hasNext(); ) {
      Limit limit = it.next();
      if (!limit.thread.isAlive()) {
        it.remove();
      } else {
        limit.fireIfDue(now);
        if (limit.runningSince(overdueBefore)) {
          count++;
        }
      }
    }
    overdue = count;
  }

  /**
   * How many threads, at the last scan, were still running guest code more than {@link
   * #OVERDUE_AFTER} past their deadline: code that ignores the interrupt (a host function that
   * blocks, a runtime defect). Cheap: read by readiness.
   */
  int overdue() {
    return overdue;
  }

  /** Stops scanning; limits armed afterwards are no longer enforced. */
  @Override
  public void close() {
    scanner.cancel(false);
    limits.clear();
  }

  /** One thread's limit, re-armed for each guarded call. */
  static final class Limit implements AutoCloseable {
    private final Thread thread;
    private boolean armed;
    private boolean fired;
    private long deadline;

    private Limit(Thread thread) {
      this.thread = thread;
    }

    private synchronized void arm(long deadlineNanos) {
      armed = true;
      fired = false;
      deadline = deadlineNanos;
    }

    private synchronized void fireIfDue(long now) {
      if (armed && !fired && now - deadline >= 0) {
        fired = true;
        thread.interrupt();
      }
    }

    /** Whether guarded code is running with a deadline before {@code time}. */
    private synchronized boolean runningSince(long time) {
      return armed && deadline - time < 0;
    }

    /** Whether the deadline passed while the guarded code ran. */
    synchronized boolean fired() {
      return fired;
    }

    @Override
    public void close() {
      synchronized (this) {
        armed = false;
      }
      Thread.interrupted();
    }
  }
}
