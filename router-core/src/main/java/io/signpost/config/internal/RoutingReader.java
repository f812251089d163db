package io.signpost.config.internal;

import io.signpost.annotation.Nullable;
import io.signpost.config.ConfigDefaults;
import io.signpost.configtree.ConfigNode;
import io.signpost.plugin.Backend;
import io.signpost.routing.BackendKey;
import io.signpost.routing.Fallback;
import io.signpost.routing.HostnamePattern;
import io.signpost.routing.Pool;
import io.signpost.routing.PoolDiscovery;
import io.signpost.routing.Route;
import io.signpost.routing.RoutingConfig;
import io.signpost.routing.Selection;
import io.signpost.routing.SortKey;
import io.signpost.routing.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads and validates the {@code routing} section into {@link RoutingConfig}. */
public final class RoutingReader {

  private static final Set<String> ROUTING_KEYS = Set.of("default", "routes");
  private static final Set<String> ROUTE_KEYS = Set.of("match", "pool");
  private static final Set<String> MATCH_KEYS = Set.of("hostname", "hostnames");
  private static final Set<String> POOL_KEYS =
      Set.of(
          "strategy",
          "key",
          "sample",
          "sort",
          "limit",
          "filters",
          "fallback",
          "backends",
          "discovery");
  private static final Set<String> FALLBACK_KEYS =
      Set.of("strategy", "key", "sample", "sort", "limit", "filters");
  private static final Set<String> DISCOVERY_KEYS = Set.of("provider", "mode");
  private static final String STRATEGIES = "round_robin, random, weighted, least_loaded, p2c";

  private final Set<String> providerNames;
  private final FilterReader filters = new FilterReader();

  /**
   * @param providerNames names declared in {@code discovery.providers}
   */
  public RoutingReader(Set<String> providerNames) {
    this.providerNames = providerNames;
  }

  public RoutingConfig read(ConfigNode routing) {
    routing.object(ROUTING_KEYS);
    ConfigNode def = routing.get("default");
    Pool defaultPool = def.isPresent() ? pool(def) : null;
    List<Route> routes = new ArrayList<>();
    List<ConfigNode> routeNodes = routing.get("routes").items();
    for (ConfigNode r : routeNodes) {
      Route route = route(r);
      if (route != null) {
        routes.add(route);
      }
    }
    if (!def.isPresent() && routeNodes.isEmpty()) {
      routing.warning("no routes and no default pool: every connection is refused with no_route");
    }
    return new RoutingConfig(defaultPool, routes);
  }

  private @Nullable Route route(ConfigNode r) {
    if (!r.object(ROUTE_KEYS)) {
      return null;
    }
    List<HostnamePattern> patterns = patterns(r.get("match"));
    ConfigNode poolNode = r.get("pool");
    if (!poolNode.isPresent()) {
      poolNode.error("missing (expected: a pool with strategy and backends)");
    }
    Pool pool = pool(poolNode);
    return pool == null || patterns.isEmpty() ? null : new Route(patterns, pool);
  }

  private List<HostnamePattern> patterns(ConfigNode match) {
    if (!match.object(MATCH_KEYS)) {
      return List.of();
    }
    ConfigNode many = match.get("hostnames");
    List<ConfigNode> items = many.items();
    String one = match.get("hostname").text();
    List<HostnamePattern> out = new ArrayList<>();
    if (!items.isEmpty()) {
      if (one != null && !one.isEmpty()) {
        match.get("hostname").warning("ignored because hostnames is set (as in Hyrouter)");
      }
      for (ConfigNode item : items) {
        compile(item, item.text(), out);
      }
    } else if (one != null && !one.isEmpty()) {
      compile(match.get("hostname"), one, out);
    } else if (!many.isPresent() || many.json().isArray()) {
      match.error("must not be empty (expected: hostname or hostnames)");
    }
    return out;
  }

  private static void compile(ConfigNode at, @Nullable String text, List<HostnamePattern> out) {
    if (text == null) {
      return;
    }
    try {
      out.add(HostnamePattern.compile(text));
    } catch (IllegalArgumentException e) {
      at.warning(
          e.getMessage()
              + ": matches no hostname but itself, as in Hyrouter (expected: a hostname or a"
              + " path.Match pattern)");
      out.add(HostnamePattern.malformed(text));
    }
  }

  /** Reads a pool; null when it has errors. */
  private @Nullable Pool pool(ConfigNode p) {
    long before = errorCount(p);
    if (!p.object(POOL_KEYS)) {
      return null;
    }
    Strategy strategy = strategy(p.get("strategy"), true);
    Selection selection = selection(p, strategy);
    warnUnused(p, strategy);
    PoolDiscovery discovery = discovery(p.get("discovery"));
    ConfigNode backendsNode = p.get("backends");
    List<Backend> backends = BackendsReader.read(backendsNode, strategy);
    boolean noneListed =
        !backendsNode.isPresent()
            || (backendsNode.json().isArray() && backendsNode.json().isEmpty());
    if (noneListed && !p.has("discovery")) {
      p.get("backends").error("must not be empty (expected: at least one backend, or discovery)");
    }
    List<Fallback> fallback = new ArrayList<>();
    for (ConfigNode f : p.get("fallback").items()) {
      Fallback fb = fallback(f, selection);
      if (fb != null) {
        fallback.add(fb);
      }
    }
    if (errorCount(p) > before || selection == null) {
      return null;
    }
    return new Pool(selection, fallback, backends, discovery);
  }

  /** {@code key} and {@code sample} do nothing for some strategies, unless a fallback uses them. */
  private static void warnUnused(ConfigNode p, @Nullable Strategy strategy) {
    if (strategy == null || p.has("fallback")) {
      return;
    }
    if (p.has("key") && !strategy.needsKey()) {
      p.get("key").warning("has no effect for strategy " + strategy.configName());
    }
    if (p.has("sample") && strategy != Strategy.P2C) {
      p.get("sample").warning("has no effect for strategy " + strategy.configName());
    }
  }

  private @Nullable Selection selection(ConfigNode p, @Nullable Strategy strategy) {
    BackendKey key = key(p.get("key"), strategy);
    Integer sample = sample(p.get("sample"), strategy);
    List<SortKey> sort = SortReader.read(p.get("sort"));
    Integer limit = p.get("limit").integer(0, 0, Integer.MAX_VALUE, ">= 0");
    List<io.signpost.routing.Filter> fs = filters.read(p.get("filters"));
    if (strategy == null || sample == null || limit == null || sort == null || fs == null) {
      return null;
    }
    if (strategy.needsKey() && key == null) {
      return null;
    }
    return new Selection(strategy, key, sample, sort, limit, fs);
  }

  private @Nullable Fallback fallback(ConfigNode f, @Nullable Selection base) {
    if (!f.object(FALLBACK_KEYS)) {
      return null;
    }
    Strategy strategy = f.has("strategy") ? strategy(f.get("strategy"), false) : null;
    Strategy effective = strategy != null ? strategy : base == null ? null : base.strategy();
    BackendKey key = f.has("key") ? key(f.get("key"), null) : null;
    if (effective != null
        && effective.needsKey()
        && key == null
        && (base == null || base.key() == null)) {
      f.get("key")
          .error(
              "must not be empty for strategy "
                  + effective.configName()
                  + " (expected: a numeric metadata key, here or on the pool)");
    }
    Integer sample = f.has("sample") ? sample(f.get("sample"), null) : null;
    List<SortKey> sort = f.has("sort") ? SortReader.read(f.get("sort")) : null;
    Integer limit = f.has("limit") ? f.get("limit").integer(0, 0, Integer.MAX_VALUE, ">= 0") : null;
    List<io.signpost.routing.Filter> fs = f.has("filters") ? filters.read(f.get("filters")) : null;
    if (f.get("filters").json().isArray() && fs == null) {
      return null;
    }
    return new Fallback(strategy, key, sample, sort, limit, fs);
  }

  private static @Nullable Strategy strategy(ConfigNode n, boolean required) {
    String s = n.text();
    if (s == null || s.isBlank()) {
      if (required) {
        n.error("must not be empty (expected: one of " + STRATEGIES + ")");
      }
      return null;
    }
    Strategy strategy = Strategy.parse(s).orElse(null);
    if (strategy == null) {
      n.error("unknown strategy \"" + s + "\" (expected: one of " + STRATEGIES + ")");
    }
    return strategy;
  }

  private static @Nullable BackendKey key(ConfigNode n, @Nullable Strategy strategy) {
    String k = n.text();
    if (k == null || k.isBlank()) {
      if (strategy != null && strategy.needsKey()) {
        n.error(
            "must not be empty for strategy "
                + strategy.configName()
                + " (expected: a numeric metadata key such as counter:players.count)");
      }
      return null;
    }
    return BackendKey.of(k);
  }

  /**
   * A sample size. Hyrouter checks it only where {@code p2c} uses it: on a pool of another strategy
   * any integer loads (a negative one stands for the default, should a fallback switch to p2c).
   */
  private static @Nullable Integer sample(ConfigNode n, @Nullable Strategy strategy) {
    if (strategy != null && strategy != Strategy.P2C && n.isPresent()) {
      Integer any = n.integer();
      if (any != null && any <= 0) {
        n.warning(any + " means the default (" + Selection.DEFAULT_SAMPLE + ")");
      }
      return any == null ? null : Math.max(0, any);
    }
    Integer sample = n.integer(0, 0, Integer.MAX_VALUE, ">= 1");
    if (sample != null && n.isPresent()) {
      if (sample == 0) {
        n.warning("0 means the default (" + Selection.DEFAULT_SAMPLE + ")");
      }
    }
    return sample;
  }

  private @Nullable PoolDiscovery discovery(ConfigNode d) {
    if (!d.isPresent() || !d.object(DISCOVERY_KEYS)) {
      return null;
    }
    String provider = d.get("provider").text("").strip();
    if (provider.isEmpty()) {
      d.get("provider").error("must not be empty (expected: a name from discovery.providers)");
      return null;
    }
    if (providerNames.isEmpty()) {
      d.get("provider")
          .error(
              "\""
                  + provider
                  + "\" but the top-level discovery section is missing"
                  + " (expected: a name from discovery.providers)");
    } else if (!providerNames.contains(provider)) {
      d.get("provider")
          .error(
              "unknown discovery provider \""
                  + provider
                  + "\" (expected: one of "
                  + String.join(", ", providerNames)
                  + ")");
    }
    String modeText = d.get("mode").text(ConfigDefaults.DISCOVERY_MODE);
    PoolDiscovery.Mode mode =
        PoolDiscovery.Mode.parse(modeText.isBlank() ? ConfigDefaults.DISCOVERY_MODE : modeText)
            .orElse(null);
    if (mode == null) {
      d.get("mode").error("\"" + modeText + "\" (expected: union or prefer)");
      return null;
    }
    return new PoolDiscovery(provider, mode);
  }

  private static long errorCount(ConfigNode n) {
    return n.errorCount();
  }
}
