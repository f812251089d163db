package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.util.List;

/**
 * How a pool turns its backends into one choice: filters, then sort, then limit, then the strategy.
 *
 * @param strategy the load-balancing strategy
 * @param key the numeric value {@code least_loaded} and {@code p2c} minimise; null otherwise
 * @param sample how many distinct candidates {@code p2c} draws; values below 1 mean {@link
 *     #DEFAULT_SAMPLE}
 * @param sort sort rules, applied in order as tie-breakers
 * @param limit keep at most this many candidates after sorting; 0 means no limit
 * @param filters every filter must accept a candidate
 */
public record Selection(
    Strategy strategy,
    @Nullable BackendKey key,
    int sample,
    List<SortKey> sort,
    int limit,
    List<Filter> filters) {

  /** The {@code p2c} sample size when none is configured. */
  public static final int DEFAULT_SAMPLE = 2;

  public Selection {
    requireNonNull(strategy, "strategy");
    sort = List.copyOf(sort);
    filters = List.copyOf(filters);
    if (limit < 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
    }
  }

  /** A plain selection: a strategy and nothing else. */
  public static Selection of(Strategy strategy) {
    return new Selection(strategy, null, 0, List.of(), 0, List.of());
  }

  /** The {@code p2c} sample size in effect. */
  public int effectiveSample() {
    return sample < 1 ? DEFAULT_SAMPLE : sample;
  }
}
