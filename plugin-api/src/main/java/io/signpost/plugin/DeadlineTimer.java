package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one timer for plugin-call deadlines: runs a task once its {@link Deadline} has passed, unless
 * the task is cancelled first. The chain bounds every call with it and the Wasm host stops guest
 * code with it; gRPC calls also carry their deadline to the server, where grpc-java enforces it.
 *
 * <p>Armed tasks are kept in deadline order and one scan on the scheduler runs those that are due.
 * The scan is scheduled only while tasks are armed, at the earliest deadline but at most {@link
 * #TICK} ahead, so a task runs at most one tick after its deadline. Cancelling removes the task at
 * once: a call that answers in time leaves nothing behind, where a {@link
 * java.util.concurrent.ScheduledThreadPoolExecutor} would keep one cancelled task per call queued
 * until its delay.
 *
 * <p>Thread-safe. Tasks run on the scheduler's thread: they must be short and must not block. A
 * task that throws is reported to that thread's uncaught-exception handler; the other tasks still
 * run.
 */
public final class DeadlineTimer {

  /** How late a task may run after its deadline, at most (plus the scheduler's own delay). */
  public static final Duration TICK = Duration.ofMillis(10);

  private static final long TICK_NANOS = TICK.toNanos();

  private final ScheduledExecutorService scheduler;
  private final ConcurrentSkipListSet<Timeout> armed = new ConcurrentSkipListSet<>();
  private final AtomicBoolean scanScheduled = new AtomicBoolean();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param scheduler where the scan runs; shared with other short tasks (the router's timer thread)
   */
  public DeadlineTimer(ScheduledExecutorService scheduler) {
    this.scheduler = requireNonNull(scheduler, "scheduler");
  }

  /**
   * Runs {@code task} once {@code deadline} has passed; a deadline already passed runs it on the
   * next scan.
   *
   * @return the handle that cancels the task
   * @throws RejectedExecutionException when the scheduler is shut down
   */
  public Timeout schedule(Deadline deadline, Runnable task) {
    requireNonNull(deadline, "deadline");
    requireNonNull(task, "task");
    if (scheduler.isShutdown()) {
      throw new RejectedExecutionException("the scheduler is shut down");
    }
    Timeout timeout = new Timeout(deadline.nanoTime(), sequence.getAndIncrement(), task);
    armed.add(timeout);
    scheduleScan(Math.max(0, Math.min(deadline.remainingNanos(), TICK_NANOS)));
    return timeout;
  }

  /** Tasks armed and neither run nor cancelled; for tests and metrics. */
  public int pending() {
    return armed.size();
  }

  private void scheduleScan(long delayNanos) {
    if (scanScheduled.compareAndSet(false, true)) {
      try {
        scheduler.schedule(this::scan, delayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        scanScheduled.set(false);
        throw e;
      }
    }
  }

  private void scan() {
    long now = System.nanoTime();
    for (Timeout first = first(); first != null; first = first()) {
      if (first.deadlineNanos - now > 0) {
        break;
      }
      if (armed.remove(first)) {
        run(first.task);
      }
    }
    scanScheduled.set(false);
    Timeout next = first();
    if (next != null && !scheduler.isShutdown()) {
      long untilFirst = next.deadlineNanos - System.nanoTime();
      try {
        scheduleScan(Math.max(0, Math.min(untilFirst, TICK_NANOS)));
      } catch (RejectedExecutionException e) {
        // Shut down meanwhile: the router is stopping and nothing waits for these tasks.
      }
    }
  }

  /**
   * The earliest armed task, or null: a task cancelled on another thread between a look at the set
   * and {@code first()} must not throw out of the scan, which would leave later tasks unrun.
   */
  private @Nullable Timeout first() {
    try {
      return armed.first();
    } catch (NoSuchElementException empty) {
      return null;
    }
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
    }
  }

  /** One armed task. */
  public final class Timeout implements Comparable<Timeout> {
    private final long deadlineNanos;
    private final long sequenceNumber;
    private final Runnable task;

    private Timeout(long deadlineNanos, long sequenceNumber, Runnable task) {
      this.deadlineNanos = deadlineNanos;
      this.sequenceNumber = sequenceNumber;
      this.task = task;
    }

    /**
     * Cancels the task.
     *
     * @return true when the task will not run; false when it already ran, is running or was
     *     cancelled before
     */
    public boolean cancel() {
      return armed.remove(this);
    }

    @Override
    public int compareTo(Timeout other) {
      long byDeadline = deadlineNanos - other.deadlineNanos;
      if (byDeadline != 0) {
        return byDeadline < 0 ? -1 : 1;
      }
      return Long.compare(sequenceNumber, other.sequenceNumber);
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(sequenceNumber);
    }
  }
}
