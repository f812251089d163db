package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A pool's reference to a discovery provider. Providers are not implemented yet: the engine uses
 * the pool's static backends and reports {@link RoutingOutcome#DISCOVERY_ERROR} when there are
 * none.
 *
 * @param provider the provider's name in {@code discovery.providers}
 * @param mode how discovered backends would combine with static ones; default {@code union}
 */
public record PoolDiscovery(String provider, Mode mode) {

  /** How discovered and static backends combine. */
  public enum Mode {
    /** Discovered plus static backends. */
    UNION,
    /** Discovered backends when there are any, static ones otherwise. */
    PREFER;

    public String configName() {
      return ConfigNames.configName(this);
    }

    public static Optional<Mode> parse(String value) {
      return ConfigNames.parse(values(), value);
    }
  }

  public PoolDiscovery {
    requireNonNull(provider, "provider");
    requireNonNull(mode, "mode");
  }
}
