package io.signpost.config.internal;

import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigNode;
import io.signpost.routing.BackendKey;
import io.signpost.routing.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a pool's or fallback's {@code sort} list. */
final class SortReader {

  private static final Set<String> SORT_KEYS = Set.of("key", "type", "order");

  private SortReader() {}

  /** The rules; null when any is wrong (each problem is reported). */
  static @Nullable List<SortKey> read(ConfigNode n) {
    List<SortKey> out = new ArrayList<>();
    boolean ok = true;
    for (ConfigNode s : n.items()) {
      if (!s.object(SORT_KEYS)) {
        ok = false;
        continue;
      }
      String key = s.get("key").text();
      if (key == null || key.isBlank()) {
        s.get("key").error("must not be empty (expected: a backend field or metadata key)");
        ok = false;
      }
      String typeText = s.get("type").text("string");
      SortKey.Type type =
          typeText.isBlank() ? SortKey.Type.STRING : SortKey.Type.parse(typeText).orElse(null);
      if (type == null) {
        s.get("type").error("\"" + typeText + "\" (expected: string or number)");
        ok = false;
      }
      String orderText = s.get("order").text("asc");
      SortKey.Order order =
          orderText.isBlank() ? SortKey.Order.ASC : SortKey.Order.parse(orderText).orElse(null);
      if (order == null) {
        s.get("order").error("\"" + orderText + "\" (expected: asc or desc)");
        ok = false;
      }
      if (ok) {
        out.add(new SortKey(BackendKey.of(key), type, order));
      }
    }
    return ok && (!n.isPresent() || n.json().isArray()) ? out : null;
  }
}
