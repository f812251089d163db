package io.signpost.chain;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One shadow plugin's bookkeeping: its calls in flight, bounded so that a slow shadow cannot pile
 * up calls, and the counts of its results and disagreements, read by the metrics {@code
 * signpost.shadow.calls} and {@code signpost.shadow.disagreements}. Thread-safe and lock-free.
 */
public final class ShadowTally {

  private static final ShadowVerdict.Result[] RESULTS = ShadowVerdict.Result.values();
  private static final ShadowVerdict.Disagreement[] KINDS = ShadowVerdict.Disagreement.values();

  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder[] results = adders(RESULTS.length);
  private final LongAdder[] disagreements = adders(KINDS.length);

  ShadowTally(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  /** Takes a slot for one call; false, and the call counted as skipped, when all are taken. */
  boolean tryStart() {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      results[ShadowVerdict.Result.SKIPPED.ordinal()].increment();
      return false;
    }
    return true;
  }

  /** Gives the slot of a call that ended back. */
  void ended() {
    inFlight.decrementAndGet();
  }

  /** Counts a final verdict (never {@link ShadowVerdict.Result#PENDING}). */
  void record(ShadowVerdict verdict) {
    results[verdict.result().ordinal()].increment();
    for (ShadowVerdict.Disagreement d : verdict.disagreements()) {
      disagreements[d.ordinal()].increment();
    }
  }

  /** Calls that ended with {@code result} so far ({@code pending} is always 0). */
  public long calls(ShadowVerdict.Result result) {
    return results[result.ordinal()].sum();
  }

  /** Calls that disagreed by {@code kind} so far; one call may disagree in several ways. */
  public long disagreements(ShadowVerdict.Disagreement kind) {
    return disagreements[kind.ordinal()].sum();
  }

  /** Calls started and not yet ended. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The most calls in flight at once; beyond it calls are skipped. */
  public int maxInFlight() {
    return maxInFlight;
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] out = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      out[i] = new LongAdder();
    }
    return out;
  }
}
