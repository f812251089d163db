package io.signpost.wasm.internal;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.DeadlineTimer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * Stops guest code that runs past its deadline by interrupting the thread that runs it. Chicory's
 * compiled code (and, with {@link InterruptCheck}, its interpreter) turns the interrupt into a
 * {@code ChicoryInterruptedException}.
 *
 * <p>The deadlines are armed on the router's {@link DeadlineTimer}, the one the chain bounds the
 * same calls with: the interrupt comes at most {@link DeadlineTimer#TICK} after the deadline, and a
 * call that returns in time leaves nothing armed. The chain, not this class, decides that a call
 * failed by timing out; this class only makes the thread available again.
 *
 * <p>Usage: {@code try (Limit limit = watchdog.arm(deadline)) { guest call }}. Each thread has one
 * reusable {@link Limit}. Closing it disarms it and clears the thread's interrupt flag, so a pooled
 * thread never starts its next task interrupted; interrupts are delivered under the limit's lock,
 * so none can arrive after close.
 */
final class CallWatchdog implements AutoCloseable {

  /** How long past its deadline guest code must still run to count as {@link #overdue()}. */
  static final Duration OVERDUE_AFTER = Duration.ofSeconds(1);

  private final DeadlineTimer timer;
  private final ConcurrentHashMap<Thread, Limit> limits = new ConcurrentHashMap<>();
  private final ThreadLocal<Limit> current = ThreadLocal.withInitial(this::register);
  private volatile boolean closed;

  CallWatchdog(DeadlineTimer timer) {
    this.timer = requireNonNull(timer, "timer");
  }

  /** Arms the current thread's limit; an already-passed deadline interrupts at once. */
  Limit arm(Deadline deadline) {
    Limit limit = current.get();
    limit.arm(deadline);
    return limit;
  }

  private Limit register() {
    limits.keySet().removeIf(thread -> !thread.isAlive());
    Limit limit = new Limit(Thread.currentThread());
    limits.put(limit.thread, limit);
    return limit;
  }

  /**
   * How many threads are still running guest code more than {@link #OVERDUE_AFTER} past their
   * deadline: code that ignores the interrupt (a host function that blocks, a runtime defect).
   * Cheap (one look at each thread's limit): read by readiness.
   */
  int overdue() {
    long overdueBefore = System.nanoTime() - OVERDUE_AFTER.toNanos();
    int count = 0;
    for (Limit limit : limits.values()) {
      if (limit.thread.isAlive() && limit.runningSince(overdueBefore)) {
        count++;
      }
    }
    return count;
  }

  /** Disarms every limit; limits armed afterwards are no longer enforced. */
  @Override
  public void close() {
    closed = true;
    limits.values().forEach(Limit::disarm);
    limits.clear();
  }

  /** One thread's limit, re-armed for each guarded call. */
  final class Limit implements AutoCloseable {
    private final Thread thread;
    private boolean armed;
    private boolean fired;
    private long deadline;
    private DeadlineTimer.@Nullable Timeout timeout;

    private Limit(Thread thread) {
      this.thread = thread;
    }

    private synchronized void arm(Deadline limit) {
      armed = true;
      fired = false;
      deadline = limit.nanoTime();
      if (limit.isExpired()) {
        fire();
      } else if (!closed) {
        try {
          timeout = timer.schedule(limit, this::fire);
        } catch (RejectedExecutionException e) {
          fire(); // the router is stopping: no limit can be enforced, so the guest stops at once
        }
      }
    }

    /**
     * Interrupts the thread, and again every {@link DeadlineTimer#TICK} until the call ends: one
     * interrupt can be lost (code the guest reaches may clear the flag), and a guest that is not
     * stopped holds its instance and its worker for good.
     */
    private synchronized void fire() {
      if (!armed) {
        return;
      }
      fired = true;
      thread.interrupt();
      if (!closed) {
        try {
          timeout = timer.schedule(Deadline.after(DeadlineTimer.TICK), this::fire);
        } catch (RejectedExecutionException e) {
          // the router is stopping
        }
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

    private synchronized void disarm() {
      armed = false;
      if (timeout != null) {
        timeout.cancel();
        timeout = null;
      }
    }

    @Override
    public void close() {
      disarm();
      Thread.interrupted();
    }
  }
}
