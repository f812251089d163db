package io.signpost.routing;

import static java.util.Objects.requireNonNull;

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
 * <p>Everything a decision reads is one immutable {@link RoutingSnapshot}, held in a single
 * volatile field: {@link #route} reads it once, takes no lock and allocates nothing beyond the
 * result. Changes ({@link #updateProvider} for discovery, {@link #swap} for a whole new snapshot)
 * build the next snapshot on the caller's thread and publish it atomically; they are serialized
 * with each other but never wait for, or block, a connection.
 *
 * <p>Thread-safe and non-blocking; {@link #route} is meant to be called on the event loop for every
 * connection. Patterns, keys and sort rules are compiled once per configuration. {@link #route}
 * never throws for a configuration that passed validation: every failure is a {@link
 * RoutingResult.Failed}.
 */
public final class RoutingEngine {

  private final LongSupplier clock;
  private volatile RoutingSnapshot snapshot;

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
    this.clock = requireNonNull(clock, "clock");
    this.snapshot = RoutingSnapshot.of(requireNonNull(config, "config"));
  }

  /**
   * Routes one connection.
   *
   * @param sni the server name the client dialled; compared case-insensitively, trailing dot
   *     ignored; empty matches no route
   * @param event the client, read by filters ({@code whitelist} reads its UUID or username)
   * @return a decision, or {@link RoutingResult.Pending} for a pool whose provider allocates per
   *     connection
   */
  public RoutingResult route(String sni, ConnectEvent event) {
    requireNonNull(event, "event");
    String host = HostnamePattern.canonicalHost(requireNonNull(sni, "sni"));
    return snapshot.route(host, event, clock);
  }

  /** The snapshot in service. */
  public RoutingSnapshot snapshot() {
    return snapshot;
  }

  /**
   * Applies a provider's new view: builds the next snapshot and swaps it in. Connections already
   * routed keep what they got; the next one sees the new view.
   *
   * @return the snapshot now in service
   */
  public synchronized RoutingSnapshot updateProvider(String provider, ProviderView view) {
    RoutingSnapshot next = snapshot.withProvider(provider, view);
    snapshot = next;
    return next;
  }

  /** Puts {@code next} in service, for instance one built from a reloaded configuration. */
  public synchronized void swap(RoutingSnapshot next) {
    snapshot = requireNonNull(next, "next");
  }

  /** The routing table, one line per route and per static backend, for the startup log. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    RoutingSnapshot s = snapshot;
    List<Route> routes = s.config().routes();
    List<PoolSelector> selectors = s.selectors();
    for (int i = 0; i < routes.size(); i++) {
      String patterns =
          routes.get(i).hostnames().stream()
              .map(HostnamePattern::source)
              .collect(Collectors.joining(", "));
      PoolSelector selector = selectors.get(i);
      describePool(lines, selector.routeName() + " [" + patterns + "]", selector.pool());
    }
    if (s.config().defaultPool() != null) {
      describePool(lines, "default", selectors.get(routes.size()).pool());
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
      sb.append(" discovery=").append(d.provider()).append('/').append(d.mode().configName());
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
