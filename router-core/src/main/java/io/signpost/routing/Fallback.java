package io.signpost.routing;

import io.signpost.annotation.Nullable;
import java.util.List;

/**
 * One {@code fallback} attempt: when the pool's filters leave no candidate, the engine retries with
 * the pool's selection overridden by every field that is set here (null means "inherit"; an empty
 * {@code filters} list is set and removes all filters).
 */
public record Fallback(
    @Nullable Strategy strategy,
    @Nullable BackendKey key,
    @Nullable Integer sample,
    @Nullable List<SortKey> sort,
    @Nullable Integer limit,
    @Nullable List<Filter> filters) {

  public Fallback {
    sort = sort == null ? null : List.copyOf(sort);
    filters = filters == null ? null : List.copyOf(filters);
  }

  /** The selection this attempt uses, given the pool's. */
  public Selection applyTo(Selection base) {
    return new Selection(
        strategy != null ? strategy : base.strategy(),
        key != null ? key : base.key(),
        sample != null ? sample : base.sample(),
        sort != null ? sort : base.sort(),
        limit != null ? limit : base.limit(),
        filters != null ? filters : base.filters());
  }
}
