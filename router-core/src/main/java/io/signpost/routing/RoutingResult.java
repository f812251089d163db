package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.plugin.Backend;
import java.util.List;

/** What {@link RoutingEngine#route} decided: a backend, or the reason there is none. */
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
   */
  record Routed(
      String routeName,
      String strategy,
      List<Backend> candidates,
      int selectedIndex,
      Backend backend)
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
