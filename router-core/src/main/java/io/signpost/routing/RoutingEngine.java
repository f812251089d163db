package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Chooses a backend for a connection from its SNI: routes in order (first match wins), else the
 * default pool, else {@link RoutingOutcome#NO_ROUTE}.
 *
 * <p>Thread-safe and non-blocking; meant to be called on the event loop for every connection.
 * Patterns, keys and sort rules are compiled once, at construction. {@link #route} never throws for
 * a configuration that passed validation: every failure is a {@link RoutingResult.Failed}.
 */
public final class RoutingEngine {

  /** A route and the selector of its pool. */
  private record RouteEntry(Route route, PoolSelector selector) {}

  private final RouteEntry[] routes;
  private final @Nullable PoolSelector defaultPool;
  private final LongSupplier clock;

  /** An engine that reads wall-clock time for time-based filters. */
  public RoutingEngine(RoutingConfig config) {
    this(config, System::currentTimeMillis);
  }

  /**
   * An engine with its own clock.
   *
   * @param clock current Unix time in milliseconds, for {@code game_start_not_past}
   */
  public RoutingEngine(RoutingConfig config, LongSupplier clock) {
    requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
    List<Route> configured = config.routes();
    this.routes = new RouteEntry[configured.size()];
    for (int i = 0; i < routes.length; i++) {
      Route route = configured.get(i);
      routes[i] = new RouteEntry(route, new PoolSelector("routes[" + i + "]", route.pool()));
    }
    Pool d = config.defaultPool();
    this.defaultPool = d == null ? null : new PoolSelector("default", d);
  }

  /**
   * Routes one connection.
   *
   * @param sni the server name the client dialled; compared case-insensitively, trailing dot
   *     ignored; empty matches no route
   * @param event the client, read by filters ({@code whitelist} reads its UUID or username)
   */
  public RoutingResult route(String sni, ConnectEvent event) {
    requireNonNull(event, "event");
    String host = HostnamePattern.canonicalHost(requireNonNull(sni, "sni"));
    for (RouteEntry entry : routes) {
      if (entry.route().matches(host)) {
        return entry.selector().select(event, clock.getAsLong());
      }
    }
    if (defaultPool != null) {
      return defaultPool.select(event, clock.getAsLong());
    }
    return new RoutingResult.Failed(
        RoutingOutcome.NO_ROUTE, "no route matches SNI \"" + host + "\" and there is no default");
  }

  /** The routing table, one line per route and per backend, for the startup log. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (RouteEntry entry : routes) {
      String patterns =
          entry.route().hostnames().stream()
              .map(HostnamePattern::source)
              .collect(Collectors.joining(", "));
      PoolSelector selector = entry.selector();
      describePool(lines, selector.routeName() + " [" + patterns + "]", selector.pool());
    }
    if (defaultPool != null) {
      describePool(lines, "default", defaultPool.pool());
    } else {
      lines.add("default: none (unmatched SNI gets no_route)");
    }
    return List.copyOf(lines);
  }

  private static void describePool(List<String> lines, String head, Pool pool) {
    Selection s = pool.selection();
    StringBuilder sb = new StringBuilder(head).append(" -> ").append(s.strategy().configName());
    if (s.key() != null) {
      sb.append(" key=").append(s.key());
    }
    if (s.strategy() == Strategy.P2C) {
      sb.append(" sample=").append(s.effectiveSample());
    }
    if (!s.filters().isEmpty()) {
      sb.append(" filters=").append(s.filters());
    }
    if (!s.sort().isEmpty()) {
      sb.append(" sort=").append(s.sort());
    }
    if (s.limit() > 0) {
      sb.append(" limit=").append(s.limit());
    }
    if (!pool.fallback().isEmpty()) {
      sb.append(" fallbacks=").append(pool.fallback().size());
    }
    PoolDiscovery d = pool.discovery();
    if (d != null) {
      sb.append(" discovery=")
          .append(d.provider())
          .append('/')
          .append(d.mode().configName())
          .append(" (not implemented: static backends only)");
    }
    lines.add(sb.toString());
    for (Backend b : pool.backends()) {
      lines.add(
          "    "
              + b.address()
              + (b.weight() > 0 ? " weight=" + b.weight() : "")
              + (b.meta().isEmpty() ? "" : " meta=" + b.meta()));
    }
  }
}
