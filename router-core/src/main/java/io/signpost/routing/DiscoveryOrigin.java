package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.plugin.Backend;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Which of a pool's backends came from discovery, for the decision trace. Compares by identity: a
 * backend a plugin made up is never "discovered", even when its address is.
 */
public final class DiscoveryOrigin {

  private final String provider;
  private final Set<Backend> discovered;

  DiscoveryOrigin(String provider, List<Backend> discovered) {
    this.provider = requireNonNull(provider, "provider");
    Set<Backend> set = Collections.newSetFromMap(new IdentityHashMap<>(discovered.size() * 2));
    set.addAll(discovered);
    this.discovered = Collections.unmodifiableSet(set);
  }

  /** The provider's name. */
  public String provider() {
    return provider;
  }

  /** Whether this very backend object came from the provider. */
  public boolean isDiscovered(Backend backend) {
    return discovered.contains(backend);
  }

  /** How many of the pool's backends came from the provider. */
  public int size() {
    return discovered.size();
  }

  @Override
  public String toString() {
    return "DiscoveryOrigin[" + provider + ", " + discovered.size() + " backends]";
  }
}
