package io.signpost.routing;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.Deadline;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * One pool as a {@link RoutingSnapshot} sees it: the compiled selector and what it chooses among
 * right now. Everything a connection needs is worked out when the snapshot is built: the combined
 * candidates, or the ready-made failure when the pool cannot route, or the allocator to ask.
 */
final class PoolEntry {

  private final PoolSelector selector;
  private final List<Backend> backends;
  private final @Nullable DiscoveryOrigin origin;
  private final RoutingResult.@Nullable Failed failure;
  private final @Nullable BackendAllocator allocator;

  private PoolEntry(
      PoolSelector selector,
      List<Backend> backends,
      @Nullable DiscoveryOrigin origin,
      RoutingResult.@Nullable Failed failure,
      @Nullable BackendAllocator allocator) {
    this.selector = selector;
    this.backends = backends;
    this.origin = origin;
    this.failure = failure;
    this.allocator = allocator;
  }

  /** The entry for {@code selector}'s pool given the providers' current views. */
  static PoolEntry of(PoolSelector selector, Map<String, ProviderView> views) {
    Pool pool = selector.pool();
    PoolDiscovery d = pool.discovery();
    if (d == null) {
      return new PoolEntry(selector, pool.backends(), null, null, null);
    }
    ProviderView view = views.get(d.provider());
    if (view == null) {
      view = new ProviderView.Unavailable(notSynced(d.provider()));
    }
    if (view instanceof ProviderView.Unavailable u) {
      return failing(selector, u.reason());
    }
    if (view instanceof ProviderView.Allocating a) {
      return new PoolEntry(selector, pool.backends(), null, null, a.allocator());
    }
    PoolBackends merged = merge(pool, ((ProviderView.Listed) view).backends());
    if (merged.backends().isEmpty()) {
      return failing(
          selector,
          "discovery provider \""
              + d.provider()
              + "\" found no backends and "
              + selector.routeName()
              + " has no static backends");
    }
    return new PoolEntry(
        selector,
        merged.backends(),
        new DiscoveryOrigin(d.provider(), merged.discovered()),
        null,
        null);
  }

  /** The reason a provider that has not reported yet gives. */
  static String notSynced(String provider) {
    return "discovery provider \"" + provider + "\" has not synced yet";
  }

  private static PoolEntry failing(PoolSelector selector, String reason) {
    return new PoolEntry(
        selector,
        List.of(),
        null,
        new RoutingResult.Failed(RoutingOutcome.DISCOVERY_ERROR, reason),
        null);
  }

  private static PoolBackends merge(Pool pool, List<Backend> discovered) {
    PoolDiscovery d = pool.discovery();
    return PoolBackends.merge(
        discovered,
        pool.backends(),
        d == null ? PoolDiscovery.Mode.UNION : d.mode(),
        pool.selection().strategy() == Strategy.WEIGHTED);
  }

  RoutingResult select(ConnectEvent event, LongSupplier clock) {
    if (failure != null) {
      return failure;
    }
    if (allocator != null) {
      return pending(event, clock);
    }
    return selector.select(backends, origin, event, clock.getAsLong());
  }

  private RoutingResult pending(ConnectEvent event, LongSupplier clock) {
    String provider = selector.pool().discovery().provider();
    return new RoutingResult.Pending(
        selector.routeName(), provider, deadline -> allocate(provider, deadline, event, clock));
  }

  private CompletableFuture<RoutingResult> allocate(
      String provider, Deadline deadline, ConnectEvent event, LongSupplier clock) {
    CompletableFuture<List<Backend>> allocated;
    try {
      allocated = allocator.allocate(deadline);
    } catch (RuntimeException e) {
      allocated = CompletableFuture.failedFuture(e);
    }
    return allocated.handle(
        (list, error) -> {
          if (error != null) {
            return new RoutingResult.Failed(
                RoutingOutcome.DISCOVERY_ERROR,
                "discovery provider \"" + provider + "\": " + message(error));
          }
          PoolBackends merged = merge(selector.pool(), list == null ? List.of() : list);
          if (merged.backends().isEmpty()) {
            return new RoutingResult.Failed(
                RoutingOutcome.DISCOVERY_ERROR,
                "discovery provider \""
                    + provider
                    + "\" allocated no backend and "
                    + selector.routeName()
                    + " has no static backends");
          }
          return selector.select(
              merged.backends(),
              new DiscoveryOrigin(provider, merged.discovered()),
              event,
              clock.getAsLong());
        });
  }

  private static String message(Throwable error) {
    Throwable t =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  PoolSelector selector() {
    return selector;
  }

  List<Backend> backends() {
    return backends;
  }

  @Nullable
  DiscoveryOrigin origin() {
    return origin;
  }

  RoutingResult.@Nullable Failed failure() {
    return failure;
  }

  boolean allocates() {
    return allocator != null;
  }
}
