package io.signpost.routing;

import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for routing tests. */
final class Backends {

  private Backends() {}

  static Backend backend(String host, String... meta) {
    return weighted(host, 0, meta);
  }

  static Backend weighted(String host, int weight, String... meta) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < meta.length; i += 2) {
      m.put(meta[i], meta[i + 1]);
    }
    return new Backend(host, 5520, weight, m);
  }

  static ConnectEvent player(String uuid, String username) {
    return new ConnectEvent("play.example.com", null, null, null, uuid, username, null, null, null);
  }

  static ConnectEvent anonymous() {
    return ConnectEvent.ofSni("play.example.com");
  }

  static RoutingEngine engineWith(Pool pool) {
    return new RoutingEngine(new RoutingConfig(pool, List.of()));
  }

  static Backend routedBackend(RoutingResult result) {
    if (result instanceof RoutingResult.Routed r) {
      return r.backend();
    }
    throw new AssertionError("expected a backend, got " + result);
  }

  static RoutingResult.Routed routed(RoutingResult result) {
    if (result instanceof RoutingResult.Routed r) {
      return r;
    }
    throw new AssertionError("expected a backend, got " + result);
  }
}
