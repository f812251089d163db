package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.plugin.Backend;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which of a pool's backends came from discovery, for the decision trace. Compares by identity: a
 * backend a plugin made up is never "discovered", even when its address is. As a {@link Predicate}
 * it accepts exactly the discovered backends.
 */
public final class DiscoveryOrigin implements Predicate<Backend> {

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

  /** Same as {@link #isDiscovered}. */
  @Override
  public boolean test(Backend backend) {
    return isDiscovered(backend);
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
