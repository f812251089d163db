package io.signpost.routing;

import io.signpost.annotation.Nullable;
import java.util.List;

/**
 * The {@code routing} section: ordered routes (first match wins) and an optional default pool.
 *
 * @param defaultPool the pool used when no route matches; null for "no route"
 * @param routes the routes in config order
 */
public record RoutingConfig(@Nullable Pool defaultPool, List<Route> routes) {

  public RoutingConfig {
    routes = List.copyOf(routes);
  }
}
