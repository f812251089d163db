package io.signpost.cli;

import io.signpost.config.SignpostConfig;
import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.routing.Pool;
import io.signpost.routing.PoolDiscovery;
import io.signpost.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line per discovery provider for {@code validate}: what it watches, and which pools use it,
 * for example {@code discovery k8s (kubernetes): pods in [default] labels app=game port 5520; used
 * by routes[0] (prefer)}.
 */
final class DiscoverySummary {

  private DiscoverySummary() {}

  static List<String> lines(
      SignpostConfig config, Map<String, DiscoveryProviderFactory> factories) {
    List<String> out = new ArrayList<>();
    for (DiscoveryProviderConfig p : config.discoveryProviders()) {
      DiscoveryProviderFactory factory = factories.get(p.type());
      String what =
          factory == null ? "not installed: its pools answer discovery_error" : factory.describe(p);
      List<String> users = users(config, p.name());
      out.add(
          "discovery "
              + p.name()
              + " ("
              + p.type()
              + "): "
              + what
              + "; used by "
              + (users.isEmpty() ? "no pool" : String.join(", ", users)));
    }
    return out;
  }

  private static List<String> users(SignpostConfig config, String provider) {
    List<String> out = new ArrayList<>();
    List<Route> routes = config.routing().routes();
    for (int i = 0; i < routes.size(); i++) {
      addIfUses(out, "routes[" + i + "]", routes.get(i).pool(), provider);
    }
    Pool d = config.routing().defaultPool();
    if (d != null) {
      addIfUses(out, "default", d, provider);
    }
    return out;
  }

  private static void addIfUses(List<String> out, String name, Pool pool, String provider) {
    PoolDiscovery d = pool.discovery();
    if (d != null && d.provider().equals(provider)) {
      out.add(name + " (" + d.mode().configName() + ")");
    }
  }
}
