package io.signpost.routing;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one pool's selection over the backends it is given: the pool's own attempt and each fallback
 * in turn (filters, sort, limit, strategy) until one leaves a candidate. Compiled once per
 * configuration and shared by every {@link RoutingSnapshot} of it, so the round-robin counter (one
 * per pool, shared by its attempts, as in Hyrouter) survives discovery changes. Thread-safe.
 */
final class PoolSelector {

  private final String routeName;
  private final Pool pool;
  private final Attempt[] attempts;
  private final AtomicLong counter = new AtomicLong();

  /** One selection to try; {@code order} is null when it has no sort rules. */
  private record Attempt(Selection selection, @Nullable CandidateOrder order) {}

  PoolSelector(String routeName, Pool pool) {
    this.routeName = routeName;
    this.pool = pool;
    List<Attempt> list = new ArrayList<>();
    list.add(attempt(pool.selection()));
    for (Fallback f : pool.fallback()) {
      list.add(attempt(f.applyTo(pool.selection())));
    }
    this.attempts = list.toArray(Attempt[]::new);
  }

  private static Attempt attempt(Selection s) {
    return new Attempt(s, s.sort().isEmpty() ? null : CandidateOrder.of(s.sort()));
  }

  /**
   * Selects among {@code backends}, the pool's static backends or its current discovery candidates.
   *
   * @param origin which of them came from discovery; null for a static pool
   */
  RoutingResult select(
      List<Backend> backends,
      @Nullable DiscoveryOrigin origin,
      ConnectEvent event,
      long nowMillis) {
    if (backends.isEmpty()) {
      return new RoutingResult.Failed(
          RoutingOutcome.NO_BACKENDS, "no backends: " + routeName + " has no backends");
    }
    try {
      for (Attempt attempt : attempts) {
        List<Backend> candidates = candidates(attempt, backends, event, nowMillis);
        if (!candidates.isEmpty()) {
          int index = StrategyPicker.pick(attempt.selection(), candidates, counter);
          return new RoutingResult.Routed(
              routeName,
              pool.selection().strategy().configName(),
              candidates,
              index,
              candidates.get(index),
              origin);
        }
      }
    } catch (RuntimeException e) {
      return new RoutingResult.Failed(RoutingOutcome.ROUTING_ERROR, routeName + ": " + e);
    }
    return new RoutingResult.Failed(
        RoutingOutcome.NO_BACKENDS,
        "no backends: the filters of "
            + routeName
            + (attempts.length > 1 ? " and every fallback" : "")
            + " left no candidate");
  }

  /** Filters, sorts and limits; returns an immutable list (the pool's own when nothing applies). */
  private static List<Backend> candidates(
      Attempt attempt, List<Backend> backends, ConnectEvent event, long nowMillis) {
    Selection s = attempt.selection();
    boolean limited = s.limit() > 0 && s.limit() < backends.size();
    if (s.filters().isEmpty() && attempt.order() == null && !limited) {
      return backends;
    }
    List<Backend> out = new ArrayList<>(backends.size());
    for (Backend b : backends) {
      if (acceptedByAll(s.filters(), b, event, nowMillis)) {
        out.add(b);
      }
    }
    if (attempt.order() != null && out.size() > 1) {
      out.sort(attempt.order());
    }
    if (s.limit() > 0 && out.size() > s.limit()) {
      out = out.subList(0, s.limit());
    }
    return List.copyOf(out);
  }

  private static boolean acceptedByAll(
      List<Filter> filters, Backend b, ConnectEvent event, long nowMillis) {
    for (int i = 0; i < filters.size(); i++) {
      if (!filters.get(i).accepts(b, event, nowMillis)) {
        return false;
      }
    }
    return true;
  }

  String routeName() {
    return routeName;
  }

  Pool pool() {
    return pool;
  }
}
