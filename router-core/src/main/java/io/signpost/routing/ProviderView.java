package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.plugin.Backend;
import java.util.List;

/**
 * What routing knows of one discovery provider at one moment. Immutable; a change is a new view,
 * applied with {@link RoutingEngine#updateProvider}.
 */
public sealed interface ProviderView {

  /**
   * The provider cannot supply backends now: it has not completed its first sync, or it is not
   * installed. Pools using it answer {@link RoutingOutcome#DISCOVERY_ERROR} with {@code reason}.
   *
   * @param reason why, for logs and the {@code ${error}} template variable
   */
  record Unavailable(String reason) implements ProviderView {
    public Unavailable {
      requireNonNull(reason, "reason");
    }
  }

  /**
   * The provider's current backends (possibly none), in the provider's order.
   *
   * @param backends the discovered backends
   */
  record Listed(List<Backend> backends) implements ProviderView {
    public Listed {
      backends = List.copyOf(backends);
    }
  }

  /**
   * The provider hands out a backend per connection (Agones allocate mode).
   *
   * @param allocator asked once per connection routed to a pool using the provider
   */
  record Allocating(BackendAllocator allocator) implements ProviderView {
    public Allocating {
      requireNonNull(allocator, "allocator");
    }
  }
}
