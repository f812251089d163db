package io.signpost.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.signpost.discovery.DiscoveryStatus;
import io.signpost.routing.RoutingSnapshot.DiscoveryPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Discovery's meters: per provider its sync state, the age of its list, watch restarts and errors,
 * and allocations; per pool the backends discovered. Providers and pools come from the
 * configuration, so tag values are bounded by it. Values are read from the providers' {@link
 * DiscoveryStatus} and the routing snapshot when scraped.
 *
 * <p>Thread-safe: {@link #allocation} may be called from any thread.
 */
public final class DiscoveryMetrics {

  private final MeterRegistry registry;
  private final Map<String, Timer[]> allocations = new ConcurrentHashMap<>();

  public DiscoveryMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  /** Registers one provider's meters, read from {@code status} at each scrape. */
  public void bindProvider(String provider, Supplier<DiscoveryStatus> status) {
    Gauge.builder(MeterNames.DISCOVERY_SYNCED, status, s -> s.get().synced() ? 1 : 0)
        .description("1 once the discovery provider has completed its first list")
        .tag("provider", provider)
        .strongReference(true)
        .register(registry);
    Gauge.builder(MeterNames.DISCOVERY_STALE, status, s -> s.get().stale() ? 1 : 0)
        .description("1 while the provider routes on a list older than its stale_after")
        .tag("provider", provider)
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            MeterNames.DISCOVERY_SYNC_AGE, status, s -> s.get().age().toNanos() / 1_000_000_000.0)
        .description("Seconds since the provider's list was last known current (0 while watching)")
        .tag("provider", provider)
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    HeldFunctionCounter.builder(
            MeterNames.DISCOVERY_WATCH_RESTARTS, () -> status.get().watchRestarts())
        .description("Watches lost and restarted with a fresh list")
        .tag("provider", provider)
        .register(registry);
    HeldFunctionCounter.builder(MeterNames.DISCOVERY_WATCH_ERRORS, () -> status.get().watchErrors())
        .description("List or watch requests that failed")
        .tag("provider", provider)
        .register(registry);
    Timer ok = allocationTimer(provider, "allocated");
    Timer failed = allocationTimer(provider, "failed");
    allocations.put(provider, new Timer[] {ok, failed});
  }

  private Timer allocationTimer(String provider, String outcome) {
    return Timer.builder(MeterNames.DISCOVERY_ALLOCATIONS)
        .description("Per-connection allocations (Agones allocate mode), by outcome")
        .tag("provider", provider)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(RouterMetrics.HISTOGRAM_MIN)
        .maximumExpectedValue(RouterMetrics.HISTOGRAM_MAX)
        .register(registry);
  }

  /**
   * Registers the per-pool gauge of discovered backends, read from the routing snapshot in service
   * at each scrape.
   */
  public void bindPools(Supplier<List<DiscoveryPool>> pools) {
    for (DiscoveryPool pool : pools.get()) {
      String route = pool.routeName();
      Gauge.builder(MeterNames.DISCOVERY_BACKENDS, pools, p -> discovered(p.get(), route))
          .description("Backends a pool has from discovery right now (after deduplication)")
          .tag("provider", pool.provider())
          .tag("route", route)
          .strongReference(true)
          .register(registry);
    }
  }

  private static double discovered(List<DiscoveryPool> pools, String route) {
    for (DiscoveryPool p : pools) {
      if (p.routeName().equals(route)) {
        return p.discovered();
      }
    }
    return 0;
  }

  /** Records one allocation of {@code provider}. */
  public void allocation(String provider, Duration took, boolean succeeded) {
    Timer[] timers = allocations.get(provider);
    if (timers != null) {
      timers[succeeded ? 0 : 1].record(took);
    }
  }
}
