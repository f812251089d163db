package io.signpost.discovery;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.text.TextCut;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The book-keeping behind {@link DiscoveryProvider#status()} for a provider that lists and watches:
 * whether it has synced, whether its watches are up, since when its list is not known to be
 * current, and how often watches failed or were restarted. Thread-safe; every method is cheap and
 * may be called from the client library's threads.
 */
public final class SyncTracker {

  private static final int MAX_ERROR_CHARS = 256;

  private final Duration staleAfter;
  private final LongSupplier nanoClock;
  private final AtomicLong restarts = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean synced;
  private volatile boolean watching;
  private volatile long currentAtNanos;
  private volatile @Nullable String lastError;

  /**
   * @param staleAfter how long the list may go without being known current before the provider
   *     counts as stale
   * @param nanoClock monotonic nanoseconds
   */
  public SyncTracker(Duration staleAfter, LongSupplier nanoClock) {
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException("staleAfter: " + staleAfter + " (expected: > 0)");
    }
    this.staleAfter = staleAfter;
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
    this.currentAtNanos = nanoClock.getAsLong();
  }

  /** Every source has completed its first full list: the provider is synced and current. */
  public synchronized void synced() {
    currentAtNanos = nanoClock.getAsLong();
    watching = true;
    synced = true;
  }

  /**
   * What the provider last saw of its watches, typically from a periodic check: all up ({@code
   * true}: the list is current now) or not. A watch seen going down counts as an error (the client
   * may be reconnecting quietly); one seen coming back, as a restart.
   */
  public synchronized void watching(boolean up) {
    if (up) {
      currentAtNanos = nanoClock.getAsLong();
      if (!watching && synced) {
        restarts.incrementAndGet();
      }
    } else if (watching) {
      errors.incrementAndGet();
      lastError = "a watch stopped; reconnecting";
    }
    watching = up;
  }

  /** A list or watch request failed; the watch is down until {@link #watching} says otherwise. */
  public synchronized void failed(Throwable error) {
    errors.incrementAndGet();
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    lastError = TextCut.abbreviate(message, MAX_ERROR_CHARS);
    watching = false;
  }

  /** The status now. */
  public DiscoveryStatus status() {
    boolean up = watching;
    Duration age = up ? Duration.ZERO : Duration.ofNanos(nanoClock.getAsLong() - currentAtNanos);
    boolean stale = synced && !up && age.compareTo(staleAfter) > 0;
    return new DiscoveryStatus(
        synced, synced && up, stale, age, restarts.get(), errors.get(), lastError);
  }
}
