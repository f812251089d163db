package io.signpost.routing;

import io.signpost.plugin.Backend;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks an index into a non-empty candidate list. Thread-safe: the only shared state is the pool's
 * round-robin counter; randomness comes from {@link ThreadLocalRandom}.
 */
final class StrategyPicker {

  /** Samples up to this size draw by rejection-free index mapping; larger ones shuffle. */
  private static final int SMALL_SAMPLE = 16;

  private StrategyPicker() {}

  static int pick(Selection selection, List<Backend> candidates, AtomicLong counter) {
    int n = candidates.size();
    return switch (selection.strategy()) {
      case ROUND_ROBIN -> (int) Long.remainderUnsigned(counter.getAndIncrement(), n);
      case RANDOM -> n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
      case WEIGHTED -> weighted(candidates);
      case LEAST_LOADED -> leastLoaded(requireKey(selection), candidates);
      case P2C -> powerOfChoices(requireKey(selection), selection.effectiveSample(), candidates);
    };
  }

  private static BackendKey requireKey(Selection selection) {
    BackendKey key = selection.key();
    if (key == null) {
      throw new IllegalStateException(
          "key must not be empty for strategy " + selection.strategy().configName());
    }
    return key;
  }

  /** Weights below 1 count as 1, as Hyrouter does for discovered backends. */
  private static int weighted(List<Backend> candidates) {
    long total = 0;
    for (Backend b : candidates) {
      total += Math.max(1, b.weight());
    }
    long r = ThreadLocalRandom.current().nextLong(total);
    for (int i = 0; i < candidates.size(); i++) {
      r -= Math.max(1, candidates.get(i).weight());
      if (r < 0) {
        return i;
      }
    }
    return candidates.size() - 1;
  }

  /** Lowest value wins, ties go to the first; backends without a value are skipped; none: 0. */
  private static int leastLoaded(BackendKey key, List<Backend> candidates) {
    return lowestFrom(key, candidates, 0);
  }

  /**
   * Draws {@code sample} distinct candidates uniformly at random and keeps the lowest value (ties:
   * the one drawn first). Backends without a value never win; when none of the drawn has one the
   * answer is 0, as in Hyrouter.
   */
  private static int powerOfChoices(BackendKey key, int sample, List<Backend> candidates) {
    int n = candidates.size();
    int k = Math.min(sample, n);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (k == n) {
      return lowestFrom(key, candidates, random.nextInt(n));
    }
    int[] drawn = k > SMALL_SAMPLE ? shuffledDraw(n, k, random) : smallDraw(n, k, random);
    return lowestOf(key, candidates, drawn, k);
  }

  /** Every candidate, in order from {@code start} round to {@code start - 1}: the lowest value. */
  private static int lowestFrom(BackendKey key, List<Backend> candidates, int start) {
    int n = candidates.size();
    int best = -1;
    double bestValue = Double.POSITIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      int i = start + j < n ? start + j : start + j - n;
      double v = key.number(candidates.get(i));
      if (v < bestValue) {
        bestValue = v;
        best = i;
      }
    }
    return best < 0 ? 0 : best;
  }

  /** The first {@code k} indexes of {@code drawn}, in order: the lowest value. */
  private static int lowestOf(BackendKey key, List<Backend> candidates, int[] drawn, int k) {
    int best = -1;
    double bestValue = Double.POSITIVE_INFINITY;
    for (int d = 0; d < k; d++) {
      double v = key.number(candidates.get(drawn[d]));
      if (v < bestValue) {
        bestValue = v;
        best = drawn[d];
      }
    }
    return best < 0 ? 0 : best;
  }

  /** Small samples: {@code k} distinct indexes below {@code n}, each drawn without rejection. */
  private static int[] smallDraw(int n, int k, ThreadLocalRandom random) {
    int[] drawn = new int[k];
    for (int d = 0; d < k; d++) {
      drawn[d] = distinctDraw(random, n, drawn, d);
    }
    return drawn;
  }

  /** Large samples: a partial Fisher-Yates shuffle over all indexes; the first {@code k} count. */
  private static int[] shuffledDraw(int n, int k, ThreadLocalRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int d = 0; d < k; d++) {
      int j = d + random.nextInt(n - d);
      int i = order[j];
      order[j] = order[d];
      order[d] = i;
    }
    return order;
  }

  /**
   * A uniformly random index not among the first {@code count} of {@code drawn}: picks the r-th
   * free index, so it never loops more than {@code count} times.
   */
  private static int distinctDraw(ThreadLocalRandom random, int n, int[] drawn, int count) {
    int r = random.nextInt(n - count);
    // Walk the drawn indexes in ascending order, skipping each one at or below the candidate.
    int candidate = r;
    boolean moved = true;
    int passedMask = 0;
    while (moved) {
      moved = false;
      for (int j = 0; j < count; j++) {
        if ((passedMask & (1 << j)) == 0 && drawn[j] <= candidate) {
          passedMask |= 1 << j;
          candidate++;
          moved = true;
        }
      }
    }
    return candidate;
  }
}
