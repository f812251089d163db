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
 * <p>A discarded (broken) instance is replaced in the background. Consecutive failures back off
 * exponentially ({@link #backoff(int)}) so a module that crashes on every call does not make the
 * host instantiate it in a tight loop; any successful call resets the back-off. Thread-safe.
 */
final class InstancePool {
  static final Duration BACKOFF_BASE = Duration.ofMillis(100);
  static final Duration BACKOFF_MAX = Duration.ofSeconds(30);

  private final String pluginName;
  private final int maxSize;
  private final Supplier<PluginInstance> factory;
  private final Executor builder;
  private final ScheduledExecutorService scheduler;
  private final PoolEvents events;
  private final LongSupplier nanoClock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final ArrayDeque<PluginInstance> idle = new ArrayDeque<>();
  private int total;
  private int inUse;
  private int pendingCreations;
  private int consecutiveFailures;
  private long backoffUntil;
  private @Nullable String lastFailure;
  private boolean closed;

  /** What the pool reports, for metrics and logs. */
  interface PoolEvents {
    void waited();

    void replaced(String reason);

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
    this(pluginName, maxSize, factory, builder, scheduler, events, System::nanoTime);
  }

  /**
   * As above, with the back-off measured on {@code nanoClock}: a test's clock, on the scale of
   * {@link System#nanoTime()} like the deadlines it is compared with.
   */
  InstancePool(
      String pluginName,
      int maxSize,
      Supplier<PluginInstance> factory,
      Executor builder,
      ScheduledExecutorService scheduler,
      PoolEvents events,
      LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.pluginName = pluginName;
    this.maxSize = maxSize;
    this.factory = factory;
    this.builder = builder;
    this.scheduler = scheduler;
    this.events = events;
  }

  /** Adds an instance created by the caller (the first one, made at load time). */
  void add(PluginInstance instance) {
    lock.lock();
    try {
      total++;
      idle.addFirst(instance);
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
        PluginInstance instance = idle.pollFirst();
        if (instance != null) {
          inUse++;
          return instance;
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
        idle.addFirst(instance);
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
        idle.addFirst(created);
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
    List<PluginInstance> drained;
    lock.lock();
    try {
      closed = true;
      drained = new ArrayList<>(idle);
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
