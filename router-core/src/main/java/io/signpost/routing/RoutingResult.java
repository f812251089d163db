package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Backend;
import io.signpost.plugin.Deadline;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What {@link RoutingEngine#route} decided: a backend, the reason there is none, or, for a pool
 * whose provider allocates per connection, a decision still to be made.
 */
public sealed interface RoutingResult {

  /**
   * A backend was chosen.
   *
   * @param routeName {@code routes[i]} of the matching route, or {@code default}
   * @param strategy the config name of the pool's strategy, also when a fallback chose (plugins see
   *     this value, as in Hyrouter)
   * @param candidates the candidates after filters, sort and limit; plugins see these
   * @param selectedIndex index of {@code backend} in {@code candidates}
   * @param backend the chosen backend
   * @param discovery which candidates came from discovery; null for a static pool
   */
  record Routed(
      String routeName,
      String strategy,
      List<Backend> candidates,
      int selectedIndex,
      Backend backend,
      @Nullable DiscoveryOrigin discovery)
      implements RoutingResult {

    public Routed {
      requireNonNull(routeName, "routeName");
      requireNonNull(strategy, "strategy");
      candidates = List.copyOf(candidates);
      requireNonNull(backend, "backend");
      if (selectedIndex < 0 || selectedIndex >= candidates.size()) {
        throw new IllegalArgumentException(
            "selectedIndex: " + selectedIndex + " (expected: 0.." + (candidates.size() - 1) + ")");
      }
    }

    /** A decision among static backends. */
    public Routed(
        String routeName,
        String strategy,
        List<Backend> candidates,
        int selectedIndex,
        Backend backend) {
      this(routeName, strategy, candidates, selectedIndex, backend, null);
    }
  }

  /**
   * The pool's provider allocates a backend per connection: nothing is decided until {@link #start}
   * is called and its future completes, with a {@link Routed} or a {@link Failed} (an allocation
   * that fails is {@link RoutingOutcome#DISCOVERY_ERROR} with the provider's reason).
   *
   * @param routeName the matching route
   * @param provider the allocating provider
   * @param start asks for the allocation, to complete by the given deadline; call it once
   */
  record Pending(
      String routeName, String provider, Function<Deadline, CompletableFuture<RoutingResult>> start)
      implements RoutingResult {

    public Pending {
      requireNonNull(routeName, "routeName");
      requireNonNull(provider, "provider");
      requireNonNull(start, "start");
    }

    /** Starts the allocation; never throws, every failure completes the future. */
    public CompletableFuture<RoutingResult> start(Deadline deadline) {
      return start.apply(deadline);
    }
  }

  /**
   * No backend.
   *
   * @param outcome the kind of failure, which picks the disconnect message
   * @param error a technical description for logs and the {@code ${error}} template variable
   */
  record Failed(RoutingOutcome outcome, String error) implements RoutingResult {

    public Failed {
      requireNonNull(outcome, "outcome");
      requireNonNull(error, "error");
    }
  }
}
