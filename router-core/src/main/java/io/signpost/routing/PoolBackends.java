package io.signpost.routing;

import io.signpost.plugin.Backend;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A discovery pool's candidates: discovered and static backends combined by the pool's mode, as
 * Hyrouter does. {@code union} puts the discovered ones first, then the static ones; {@code prefer}
 * takes the discovered ones when there are any, the static ones otherwise. Either way the list is
 * deduplicated by {@code host:port} (the first occurrence wins, so a discovered backend shadows a
 * static one at the same address), and for the {@code weighted} strategy a weight below 1 becomes
 * 1.
 *
 * @param backends the combined list
 * @param discovered the entries of {@code backends} that came from discovery, same objects
 */
record PoolBackends(List<Backend> backends, List<Backend> discovered) {

  static PoolBackends merge(
      List<Backend> discovered, List<Backend> statics, PoolDiscovery.Mode mode, boolean weighted) {
    boolean useDiscovered = mode == PoolDiscovery.Mode.UNION || !discovered.isEmpty();
    boolean useStatic = mode == PoolDiscovery.Mode.UNION || discovered.isEmpty();
    int capacity = (useDiscovered ? discovered.size() : 0) + (useStatic ? statics.size() : 0);
    List<Backend> out = new ArrayList<>(capacity);
    List<Backend> fromDiscovery = new ArrayList<>(useDiscovered ? discovered.size() : 0);
    Set<String> seen = new HashSet<>(capacity * 2);
    if (useDiscovered) {
      for (Backend b : discovered) {
        if (seen.add(b.host() + ":" + b.port())) {
          Backend normalized = normalize(b, weighted);
          out.add(normalized);
          fromDiscovery.add(normalized);
        }
      }
    }
    if (useStatic) {
      for (Backend b : statics) {
        if (seen.add(b.host() + ":" + b.port())) {
          out.add(normalize(b, weighted));
        }
      }
    }
    return new PoolBackends(List.copyOf(out), List.copyOf(fromDiscovery));
  }

  private static Backend normalize(Backend b, boolean weighted) {
    return weighted && b.weight() <= 0 ? new Backend(b.host(), b.port(), 1, b.meta()) : b;
  }
}
