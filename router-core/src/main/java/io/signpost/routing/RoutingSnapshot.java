package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.ConnectEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Everything routing reads for one connection: the routes in order, the default pool, and for each
 * pool what it chooses among right now (its static backends, its combined discovery candidates, the
 * failure it answers while its provider cannot supply any, or the allocator it asks).
 *
 * <p>Immutable and thread-safe. {@link RoutingEngine} holds the current snapshot in one volatile
 * field; a change never touches a snapshot in use but builds the next one off the connect path and
 * swaps it in, so a connection sees one consistent state from start to end. A discovery change is
 * {@link #withProvider}: the compiled routes and pools (patterns, sort comparators, round-robin
 * counters) are shared with the previous snapshot and only the affected pools are rebuilt. A
 * configuration reload would build {@link #of} the new configuration, carry over {@link
 * #providers()} with {@link #withProviders}, and swap it in the same way.
 */
public final class RoutingSnapshot {

  private final RoutingConfig config;
  private final Route[] routes;
  private final PoolEntry[] entries;
  private final @Nullable PoolEntry defaultEntry;
  private final Map<String, ProviderView> providers;

  private RoutingSnapshot(
      RoutingConfig config,
      Route[] routes,
      PoolEntry[] entries,
      @Nullable PoolEntry defaultEntry,
      Map<String, ProviderView> providers) {
    this.config = config;
    this.routes = routes;
    this.entries = entries;
    this.defaultEntry = defaultEntry;
    this.providers = providers;
  }

  /**
   * The first snapshot of a configuration: every discovery provider is {@link
   * ProviderView.Unavailable} (not synced yet) until it reports.
   */
  public static RoutingSnapshot of(RoutingConfig config) {
    requireNonNull(config, "config");
    List<Route> configured = config.routes();
    Route[] routes = configured.toArray(Route[]::new);
    PoolEntry[] entries = new PoolEntry[routes.length];
    Map<String, ProviderView> none = Map.of();
    for (int i = 0; i < routes.length; i++) {
      entries[i] = PoolEntry.of(new PoolSelector("routes[" + i + "]", routes[i].pool()), none);
    }
    Pool d = config.defaultPool();
    PoolEntry defaultEntry = d == null ? null : PoolEntry.of(new PoolSelector("default", d), none);
    return new RoutingSnapshot(config, routes, entries, defaultEntry, none);
  }

  /** This snapshot with one provider's new view; pools using other providers are shared. */
  public RoutingSnapshot withProvider(String provider, ProviderView view) {
    requireNonNull(provider, "provider");
    requireNonNull(view, "view");
    Map<String, ProviderView> next = new HashMap<>(providers);
    next.put(provider, view);
    return rebuild(Map.copyOf(next), provider);
  }

  /** This snapshot with every provider's view replaced by {@code views}. */
  public RoutingSnapshot withProviders(Map<String, ProviderView> views) {
    return rebuild(Map.copyOf(views), null);
  }

  private RoutingSnapshot rebuild(Map<String, ProviderView> views, @Nullable String only) {
    PoolEntry[] next = new PoolEntry[entries.length];
    for (int i = 0; i < entries.length; i++) {
      next[i] = refresh(entries[i], views, only);
    }
    PoolEntry d = defaultEntry == null ? null : refresh(defaultEntry, views, only);
    return new RoutingSnapshot(config, routes, next, d, views);
  }

  private static PoolEntry refresh(
      PoolEntry entry, Map<String, ProviderView> views, @Nullable String only) {
    PoolDiscovery d = entry.selector().pool().discovery();
    if (d == null || (only != null && !only.equals(d.provider()))) {
      return entry;
    }
    return PoolEntry.of(entry.selector(), views);
  }

  /** Routes one connection; {@code canonicalHost} as made by {@link HostnamePattern}. */
  RoutingResult route(String canonicalHost, ConnectEvent event, LongSupplier clock) {
    for (int i = 0; i < routes.length; i++) {
      if (routes[i].matches(canonicalHost)) {
        return entries[i].select(event, clock);
      }
    }
    if (defaultEntry != null) {
      return defaultEntry.select(event, clock);
    }
    return new RoutingResult.Failed(
        RoutingOutcome.NO_ROUTE,
        "no route matches SNI \"" + canonicalHost + "\" and there is no default");
  }

  /** The configuration this snapshot was built from. */
  public RoutingConfig config() {
    return config;
  }

  /** The provider views this snapshot was built with, by provider name. */
  public Map<String, ProviderView> providers() {
    return providers;
  }

  /** Every pool using discovery, routes first and then the default pool. */
  public List<DiscoveryPool> discoveryPools() {
    List<DiscoveryPool> out = new ArrayList<>();
    for (PoolEntry e : entries) {
      addIfDiscovery(out, e);
    }
    if (defaultEntry != null) {
      addIfDiscovery(out, defaultEntry);
    }
    return List.copyOf(out);
  }

  private static void addIfDiscovery(List<DiscoveryPool> out, PoolEntry e) {
    PoolDiscovery d = e.selector().pool().discovery();
    if (d == null) {
      return;
    }
    DiscoveryOrigin origin = e.origin();
    out.add(
        new DiscoveryPool(
            e.selector().routeName(),
            d.provider(),
            d.mode(),
            e.backends().size(),
            origin == null ? 0 : origin.size(),
            e.allocates(),
            e.failure() == null ? null : e.failure().error()));
  }

  /** Selectors of routes and default, for {@link RoutingEngine#describe}. */
  List<PoolSelector> selectors() {
    List<PoolSelector> out = new ArrayList<>(entries.length + 1);
    for (PoolEntry e : entries) {
      out.add(e.selector());
    }
    if (defaultEntry != null) {
      out.add(defaultEntry.selector());
    }
    return out;
  }

  /**
   * A pool that uses discovery, as this snapshot has it.
   *
   * @param routeName {@code routes[i]} or {@code default}
   * @param provider the provider's name
   * @param mode how discovered and static backends combine
   * @param backends the candidates before filters (discovered and static, deduplicated); 0 while
   *     the pool cannot route or allocates per connection
   * @param discovered how many of {@code backends} came from discovery
   * @param allocates whether the provider allocates per connection
   * @param unavailable why the pool answers {@code discovery_error} now; null when it routes
   */
  public record DiscoveryPool(
      String routeName,
      String provider,
      PoolDiscovery.Mode mode,
      int backends,
      int discovered,
      boolean allocates,
      @Nullable String unavailable) {}
}
