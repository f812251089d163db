package io.signpost.wasm.internal;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The instances of one plugin. Each borrowed instance belongs to one caller until it is released,
 * retired or discarded. The pool grows on demand up to its bound, on the plugin's builder thread
 * (under {@code init_timeout_ms}); callers wait for a free instance until their own deadline and
 * never create one themselves, so a module whose start-up is slow or loops holds no call worker
 * longer than the call's limit.
 *
 * <p>An instance left free for the pool's idle timeout is retired (with {@code signpost_unload}) as
 * long as another free instance stays, so a burst does not hold its instances' memory for good; the
 * sweep runs on the builder thread, never on the shared scheduler, because unloading runs guest
 * code.
 *
 * <p>A discarded (broken) instance is replaced in the background. Consecutive failures back off
 * exponentially ({@link #backoff(int)}) so a module that crashes on every call does not make the
 * host instantiate it in a tight loop; any successful call resets the back-off. Thread-safe.
 */
final class InstancePool {
  static final Duration BACKOFF_BASE = Duration.ofMillis(100);
  static final Duration BACKOFF_MAX = Duration.ofSeconds(30);

  /** Free instances an idle pool keeps, so the next call starts without a creation. */
  static final int KEPT_WHEN_IDLE = 1;

  /** Shortest and longest time between two sweeps for idle instances. */
  static final Duration SWEEP_MIN = Duration.ofSeconds(1);

  static final Duration SWEEP_MAX = Duration.ofMinutes(1);

  private final String pluginName;
  private final int maxSize;
  private final Supplier<PluginInstance> factory;
  private final Executor builder;
  private final ScheduledExecutorService scheduler;
  private final PoolEvents events;
  private final LongSupplier nanoClock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();

  /** Free instances, the most recently released first. */
  private final ArrayDeque<Idle> idle = new ArrayDeque<>();

  private final Duration idleTimeout;
  private @Nullable ScheduledFuture<?> sweep;
  private int total;
  private int inUse;
  private int pendingCreations;
  private int consecutiveFailures;
  private long backoffUntil;
  private @Nullable String lastFailure;
  private boolean closed;

  /** A free instance and when it became free, on {@link #nanoClock}'s scale. */
  private record Idle(PluginInstance instance, long since) {}

  /** What the pool reports, for metrics and logs. */
  interface PoolEvents {
    void waited();

    void replaced(String reason);

    /** {@code instances} free for the idle timeout left the pool; each is then {@link #retired}. */
    void retiredIdle(int instances);

    /** An instance could not be created in the background. */
    void backgroundFailure(String what, RuntimeException e);

    /** The instance leaves the pool for good; release its resources (unload when healthy). */
    void retired(PluginInstance instance, boolean healthy);
  }

  InstancePool(
      String pluginName,
      int maxSize,
      Supplier<PluginInstance> factory,
      Executor builder,
      ScheduledExecutorService scheduler,
      PoolEvents events) {
    this(pluginName, maxSize, factory, builder, scheduler, events, Duration.ZERO);
  }

  /**
   * As above, retiring instances free for {@code idleTimeout} (zero: never) once {@link
   * #startIdleSweep()} was called, so that at least {@value #KEPT_WHEN_IDLE} free instance stays.
   */
  InstancePool(
      String pluginName,
      int maxSize,
      Supplier<PluginInstance> factory,
      Executor builder,
      ScheduledExecutorService scheduler,
      PoolEvents events,
      Duration idleTimeout) {
    this(pluginName, maxSize, factory, builder, scheduler, events, idleTimeout, System::nanoTime);
  }

  /**
   * As above, with the back-off and idle times measured on {@code nanoClock}: a test's clock, on
   * the scale of {@link System#nanoTime()} like the deadlines it is compared with; such a test
   * calls {@link #retireIdle()} itself.
   */
  InstancePool(
      String pluginName,
      int maxSize,
      Supplier<PluginInstance> factory,
      Executor builder,
      ScheduledExecutorService scheduler,
      PoolEvents events,
      Duration idleTimeout,
      LongSupplier nanoClock) {
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idle timeout " + idleTimeout + " (expected: >= 0)");
    }
    this.nanoClock = nanoClock;
    this.idleTimeout = idleTimeout;
    this.pluginName = pluginName;
    this.maxSize = maxSize;
    this.factory = factory;
    this.builder = builder;
    this.scheduler = scheduler;
    this.events = events;
  }

  /**
   * Starts checking for idle instances every half of the idle timeout (within {@link
   * #SWEEP_MIN}..{@link #SWEEP_MAX}); the check runs on the builder thread, because unloading runs
   * guest code. Does nothing when the timeout is zero, the sweep runs already or the pool is
   * closed; {@link #close()} stops it.
   */
  void startIdleSweep() {
    if (idleTimeout.isZero()) {
      return;
    }
    lock.lock();
    try {
      if (sweep == null && !closed) {
        sweep = scheduleSweep(idleTimeout);
      }
    } finally {
      lock.unlock();
    }
  }

  private ScheduledFuture<?> scheduleSweep(Duration timeout) {
    Duration half = timeout.dividedBy(2);
    Duration period =
        half.compareTo(SWEEP_MIN) < 0
            ? SWEEP_MIN
            : half.compareTo(SWEEP_MAX) > 0 ? SWEEP_MAX : half;
    Runnable submit =
        () -> {
          try {
            builder.execute(this::retireIdle);
          } catch (RejectedExecutionException e) {
            // the plugin is closing
          }
        };
    return scheduler.scheduleWithFixedDelay(
        submit, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Retires the instances that have been free for the idle timeout or longer, the longest-free
   * first, as long as {@value #KEPT_WHEN_IDLE} free instance stays (instances in use or being built
   * do not count: they may fail); each gets {@code signpost_unload} on this thread. Returns how
   * many it retired.
   */
  int retireIdle() {
    if (idleTimeout.isZero()) {
      return 0;
    }
    long timeoutNanos = idleTimeout.toNanos();
    List<PluginInstance> expired = new ArrayList<>();
    lock.lock();
    try {
      long now = nanoClock.getAsLong();
      while (!closed && idle.size() > KEPT_WHEN_IDLE) {
        Idle oldest = idle.peekLast();
        if (now - oldest.since() < timeoutNanos) {
          break;
        }
        idle.pollLast();
        total--;
        expired.add(oldest.instance());
      }
      if (!expired.isEmpty()) {
        available.signalAll(); // a waiter may now create the instance it asked for
      }
    } finally {
      lock.unlock();
    }
    if (expired.isEmpty()) {
      return 0;
    }
    events.retiredIdle(expired.size());
    for (PluginInstance instance : expired) {
      try {
        events.retired(instance, true);
      } catch (RuntimeException e) {
        events.backgroundFailure("cannot retire an idle instance", e);
      }
    }
    return expired.size();
  }

  /** Adds an instance created by the caller (the first one, made at load time). */
  void add(PluginInstance instance) {
    lock.lock();
    try {
      total++;
      idle.addFirst(new Idle(instance, nanoClock.getAsLong()));
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a free instance, or waits for one until {@code deadline}. Instances are created on the
   * plugin's builder thread only, never on the caller's: when none is free and the pool is below
   * its bound and not backing off, the caller starts a creation and waits for it like for any other
   * instance. Blocks.
   *
   * @throws PluginUnavailableException when no instance can be had in time
   */
  PluginInstance borrow(Deadline deadline) {
    lock.lock();
    try {
      boolean waited = false;
      boolean requested = false;
      while (true) {
        if (closed) {
          throw new PluginUnavailableException(pluginName, "plugin is closed");
        }
        Idle free = idle.pollFirst();
        if (free != null) {
          inUse++;
          return free.instance();
        }
        if (!requested
            && total + pendingCreations < maxSize
            && nanoClock.getAsLong() - backoffUntil >= 0) {
          requested = true;
          replaceAfter(0);
        }
        if (total == 0 && backoffUntil - deadline.nanoTime() > 0) {
          throw unavailable(
              "backing off after " + consecutiveFailures + " consecutive failures" + lastFailure());
        }
        if (!waited) {
          waited = true;
          events.waited();
        }
        long remaining = deadline.remainingNanos();
        if (remaining <= 0) {
          throw unavailable("no instance became free before the deadline" + lastFailure());
        }
        available.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginUnavailableException(pluginName, "interrupted while waiting for an instance");
    } finally {
      lock.unlock();
    }
  }

  private String lastFailure() {
    return lastFailure == null ? "" : "; last instance creation failed: " + lastFailure;
  }

  /** Returns a healthy instance after a successful call. */
  void release(PluginInstance instance) {
    lock.lock();
    try {
      inUse--;
      consecutiveFailures = 0;
      backoffUntil = 0;
      if (!closed) {
        idle.addFirst(new Idle(instance, nanoClock.getAsLong()));
        available.signal();
        return;
      }
      total--;
    } finally {
      lock.unlock();
    }
    events.retired(instance, true);
  }

  /** Retires a healthy instance (recycling) and starts a replacement at once. */
  void retire(PluginInstance instance, String reason) {
    leave(false);
    events.retired(instance, true);
    events.replaced(reason);
    replaceAfter(0);
  }

  /** Drops a broken instance and starts a replacement after the back-off. */
  void discard(PluginInstance instance, String reason) {
    long delay = leave(true);
    events.retired(instance, false);
    events.replaced(reason);
    replaceAfter(delay);
  }

  private long leave(boolean failure) {
    lock.lock();
    try {
      inUse--;
      total--;
      available.signal();
      return failure ? failed() : 0;
    } finally {
      lock.unlock();
    }
  }

  /** Records a failure; returns the back-off delay in nanoseconds. Call with the lock held. */
  private long failed() {
    consecutiveFailures++;
    long delay = backoff(consecutiveFailures).toNanos();
    backoffUntil = nanoClock.getAsLong() + delay;
    return delay;
  }

  /** No delay after one failure, then 100 ms doubling up to 30 s. */
  static Duration backoff(int consecutiveFailures) {
    if (consecutiveFailures <= 1) {
      return Duration.ZERO;
    }
    int shift = Math.min(consecutiveFailures - 2, 20);
    Duration delay = BACKOFF_BASE.multipliedBy(1L << shift);
    return delay.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : delay;
  }

  /** Queues the creation of one instance, after {@code delayNanos}. */
  private void replaceAfter(long delayNanos) {
    lock.lock();
    try {
      pendingCreations++;
    } finally {
      lock.unlock();
    }
    Runnable submit =
        () -> {
          try {
            builder.execute(this::replace);
          } catch (RejectedExecutionException e) {
            creationDropped(); // the plugin is closing
          }
        };
    if (delayNanos <= 0) {
      submit.run();
      return;
    }
    try {
      scheduler.schedule(submit, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      creationDropped();
    }
  }

  /** A queued creation will not run: the plugin is closing. */
  private void creationDropped() {
    lock.lock();
    try {
      pendingCreations--;
    } finally {
      lock.unlock();
    }
  }

  private void replace() {
    lock.lock();
    try {
      pendingCreations--;
      if (closed || total >= maxSize) {
        return;
      }
      total++;
    } finally {
      lock.unlock();
    }
    PluginInstance created;
    try {
      created = factory.get();
    } catch (RuntimeException | Error e) {
      long delay;
      lock.lock();
      try {
        total--;
        delay = failed();
        lastFailure = e.getMessage();
        available.signalAll(); // waiters re-check whether the pool is now backing off
      } finally {
        lock.unlock();
      }
      replaceAfter(Math.max(delay, BACKOFF_BASE.toNanos()));
      if (e instanceof RuntimeException failure) {
        events.backgroundFailure("cannot create a replacement instance", failure);
        return;
      }
      throw (Error) e;
    }
    lock.lock();
    try {
      if (!closed) {
        lastFailure = null;
        idle.addFirst(new Idle(created, nanoClock.getAsLong()));
        available.signal();
        return;
      }
      total--;
    } finally {
      lock.unlock();
    }
    events.retired(created, true);
  }

  /** Stops handing out instances and retires the idle ones; busy ones retire on release. */
  void close() {
    List<PluginInstance> drained = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      if (sweep != null) {
        sweep.cancel(false);
      }
      idle.forEach(i -> drained.add(i.instance()));
      total -= idle.size();
      idle.clear();
      available.signalAll();
    } finally {
      lock.unlock();
    }
    drained.forEach(i -> events.retired(i, true));
  }

  int size() {
    lock.lock();
    try {
      return total;
    } finally {
      lock.unlock();
    }
  }

  int inUse() {
    lock.lock();
    try {
      return inUse;
    } finally {
      lock.unlock();
    }
  }

  boolean canServe() {
    lock.lock();
    try {
      return !closed && (total > 0 || nanoClock.getAsLong() - backoffUntil >= 0);
    } finally {
      lock.unlock();
    }
  }

  private PluginUnavailableException unavailable(String why) {
    return new PluginUnavailableException(
        pluginName, why + " (pool_size " + maxSize + ", live " + total + ", in use " + inUse + ")");
  }
}
