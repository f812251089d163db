package io.signpost.config.internal;

import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigNode;
import io.signpost.plugin.Backend;
import io.signpost.routing.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a pool's static {@code backends} list. */
final class BackendsReader {

  private static final Set<String> BACKEND_KEYS = Set.of("host", "port", "weight", "meta");

  private BackendsReader() {}

  /** The valid backends; each wrong one is reported and left out. */
  static List<Backend> read(ConfigNode list, @Nullable Strategy strategy) {
    List<Backend> out = new ArrayList<>();
    for (ConfigNode b : list.items()) {
      if (!b.object(BACKEND_KEYS)) {
        continue;
      }
      String host = b.get("host").text();
      if (host == null || host.isBlank()) {
        b.get("host").error("must not be empty (expected: a host name or IP address)");
      }
      Integer port =
          b.get("port").isPresent() ? b.get("port").integer(0, 1, 65535, "1..65535") : null;
      if (!b.get("port").isPresent()) {
        b.get("port").error("missing (expected: 1..65535)");
      }
      Integer weight = b.get("weight").integer(0, 0, Integer.MAX_VALUE, ">= 0");
      if (strategy == Strategy.WEIGHTED && weight != null && weight <= 0) {
        b.get("weight")
            .error(
                (b.has("weight") ? weight.toString() : "missing")
                    + " (expected: > 0 for strategy weighted)");
      }
      Map<String, String> meta = new LinkedHashMap<>();
      b.get("meta")
          .entries()
          .forEach(
              (k, v) -> {
                String t = v.text();
                if (t != null) {
                  meta.put(k, t);
                }
              });
      if (host != null && port != null && weight != null) {
        out.add(new Backend(host.strip(), port, weight, meta));
      }
    }
    return out;
  }
}
