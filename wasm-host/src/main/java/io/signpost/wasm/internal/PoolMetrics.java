package io.signpost.wasm.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plugin's pool meters, all tagged {@code plugin=<name>}:
 *
 * <ul>
 *   <li>{@code signpost.wasm.pool.size} (gauge): live instances
 *   <li>{@code signpost.wasm.pool.in_use} (gauge): instances running a call
 *   <li>{@code signpost.wasm.pool.waits} (counter): calls that could not start at once because
 *       every worker and instance was busy (or being replaced) and had to wait
 *   <li>{@code signpost.wasm.instance.replacements} (counter, extra tag {@code reason}): instances
 *       retired and replaced; reasons are {@code timeout}, {@code trap}, {@code invalid_response},
 *       {@code internal}, {@code recycle_calls}, {@code recycle_memory}
 * </ul>
 */
final class PoolMetrics {
  static final String POOL_SIZE = "signpost.wasm.pool.size";
  static final String POOL_IN_USE = "signpost.wasm.pool.in_use";
  static final String POOL_WAITS = "signpost.wasm.pool.waits";
  static final String REPLACEMENTS = "signpost.wasm.instance.replacements";

  private final MeterRegistry registry;
  private final String pluginName;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter waits;
  private final Map<String, Counter> replacements = new ConcurrentHashMap<>();

  PoolMetrics(MeterRegistry registry, String pluginName, InstancePool pool) {
    this.registry = registry;
    this.pluginName = pluginName;
    meters.add(
        Gauge.builder(POOL_SIZE, pool, InstancePool::size)
            .description("Live Wasm instances of the plugin")
            .tag("plugin", pluginName)
            .strongReference(true)
            .register(registry));
    meters.add(
        Gauge.builder(POOL_IN_USE, pool, InstancePool::inUse)
            .description("Wasm instances running a call")
            .tag("plugin", pluginName)
            .strongReference(true)
            .register(registry));
    waits =
        Counter.builder(POOL_WAITS)
            .description("Calls that waited for a free Wasm instance")
            .tag("plugin", pluginName)
            .register(registry);
    meters.add(waits);
  }

  void waited() {
    waits.increment();
  }

  void replaced(String reason) {
    replacements
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder(REPLACEMENTS)
                    .description("Wasm instances retired and replaced")
                    .tag("plugin", pluginName)
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  void remove() {
    meters.forEach(registry::remove);
    replacements.values().forEach(registry::remove);
  }
}
