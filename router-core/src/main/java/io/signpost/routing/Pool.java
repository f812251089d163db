package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Backend;
import java.util.List;

/**
 * A group of backends and how to choose among them.
 *
 * @param selection filters, sort, limit and strategy
 * @param fallback attempts tried in order when the filters leave nothing
 * @param backends the static backends, in config order
 * @param discovery the discovery provider reference, or null
 */
public record Pool(
    Selection selection,
    List<Fallback> fallback,
    List<Backend> backends,
    @Nullable PoolDiscovery discovery) {

  public Pool {
    requireNonNull(selection, "selection");
    fallback = List.copyOf(fallback);
    backends = List.copyOf(backends);
  }

  /** A static pool with only a strategy. */
  public static Pool of(Strategy strategy, List<Backend> backends) {
    return new Pool(Selection.of(strategy), List.of(), backends, null);
  }
}
