package io.signpost.decision;

import static java.util.Objects.requireNonNull;

import io.signpost.config.ConfigDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@code capacity} decision traces, in memory, for {@code /debug/decisions}.
 *
 * <p>Thread-safety: lock-free. {@link #add} is O(1) and never blocks, so the router calls it on its
 * I/O threads; {@link #recent} may run concurrently with adds. A reader racing with writers may
 * miss a trace that is being written at that moment, but never returns one twice, never one out of
 * order, and never one older than the last {@code capacity} adds.
 *
 * <p>Memory: every trace is bounded by {@link TraceLimits}, so the log holds at most {@code
 * capacity} &times; {@link TraceLimits#maxChars(int)} characters of text (the argument being the
 * number of configured plugins), whatever the plugins answer.
 */
public final class DecisionLog {

  /** The largest accepted capacity: {@link ConfigDefaults#DECISION_LOG_SIZE_MAX}. */
  public static final int MAX_SIZE = ConfigDefaults.DECISION_LOG_SIZE_MAX;

  private record Slot(long sequence, DecisionTrace trace) {}

  private final AtomicReferenceArray<Slot> slots;
  private final AtomicLong next = new AtomicLong();

  /**
   * @param capacity how many traces to keep; 0 keeps none
   * @throws IllegalArgumentException when {@code capacity} is outside 0..{@link #MAX_SIZE}
   */
  public DecisionLog(int capacity) {
    if (capacity < 0 || capacity > MAX_SIZE) {
      throw new IllegalArgumentException(
          "capacity: " + capacity + " (expected: 0.." + MAX_SIZE + ")");
    }
    this.slots = new AtomicReferenceArray<>(capacity);
  }

  /** How many traces this log keeps at most. */
  public int capacity() {
    return slots.length();
  }

  /** How many traces were ever added. */
  public long added() {
    return next.get();
  }

  /** Records a trace, evicting the oldest when full. */
  public void add(DecisionTrace trace) {
    requireNonNull(trace, "trace");
    if (slots.length() == 0) {
      next.incrementAndGet();
      return;
    }
    long sequence = next.getAndIncrement();
    int index = (int) (sequence % slots.length());
    Slot mine = new Slot(sequence, trace);
    Slot current = slots.get(index);
    // A slow writer never overwrites a newer trace that lapped it.
    while (current == null || current.sequence() < sequence) {
      if (slots.compareAndSet(index, current, mine)) {
        return;
      }
      current = slots.get(index);
    }
  }

  /**
   * Up to {@code limit} of the most recent traces, newest first.
   *
   * @param limit the most to return; values above {@link #capacity()} are clamped
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  public List<DecisionTrace> recent(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
    }
    int capacity = slots.length();
    long end = next.get();
    long start = Math.max(0, end - Math.min(limit, capacity));
    List<DecisionTrace> out = new ArrayList<>((int) (end - start));
    for (long sequence = end - 1; sequence >= start; sequence--) {
      Slot slot = slots.get((int) (sequence % capacity));
      if (slot != null && slot.sequence() == sequence) {
        out.add(slot.trace());
      }
    }
    return out;
  }
}
