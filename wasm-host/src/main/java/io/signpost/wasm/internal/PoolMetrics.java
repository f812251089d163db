package io.signpost.wasm.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.signpost.plugin.PluginMeters;
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
 *   <li>{@code signpost.wasm.instance.idle_retirements} (counter): instances retired, not replaced,
 *       after {@code idle_timeout_ms} without a call
 * </ul>
 */
final class PoolMetrics {
  static final String POOL_SIZE = "signpost.wasm.pool.size";
  static final String POOL_IN_USE = "signpost.wasm.pool.in_use";
  static final String POOL_WAITS = "signpost.wasm.pool.waits";
  static final String REPLACEMENTS = "signpost.wasm.instance.replacements";
  static final String IDLE_RETIREMENTS = "signpost.wasm.instance.idle_retirements";

  private final MeterRegistry registry;
  private final String pluginName;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter waits;
  private final Counter idleRetirements;
  private final Map<String, Counter> replacements = new ConcurrentHashMap<>();

  PoolMetrics(MeterRegistry registry, String pluginName, InstancePool pool) {
    this.registry = registry;
    this.pluginName = pluginName;
    Tags tags = Tags.of("plugin", pluginName);
    meters.add(
        PluginMeters.takeOver(
            registry,
            POOL_SIZE,
            tags,
            () ->
                Gauge.builder(POOL_SIZE, pool, InstancePool::size)
                    .description("Live Wasm instances of the plugin")
                    .tags(tags)
                    .strongReference(true)
                    .register(registry)));
    meters.add(
        PluginMeters.takeOver(
            registry,
            POOL_IN_USE,
            tags,
            () ->
                Gauge.builder(POOL_IN_USE, pool, InstancePool::inUse)
                    .description("Wasm instances running a call")
                    .tags(tags)
                    .strongReference(true)
                    .register(registry)));
    waits =
        PluginMeters.takeOver(
            registry,
            POOL_WAITS,
            tags,
            () ->
                Counter.builder(POOL_WAITS)
                    .description("Calls that waited for a free Wasm instance")
                    .tags(tags)
                    .register(registry));
    meters.add(waits);
    idleRetirements =
        PluginMeters.takeOver(
            registry,
            IDLE_RETIREMENTS,
            tags,
            () ->
                Counter.builder(IDLE_RETIREMENTS)
                    .description("Wasm instances retired after idle_timeout_ms without a call")
                    .tags(tags)
                    .register(registry));
    meters.add(idleRetirements);
  }

  void waited() {
    waits.increment();
  }

  void retiredIdle(int instances) {
    idleRetirements.increment(instances);
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

  /** Drops this instance's meters; those a newer instance of the plugin took over stay. */
  void remove() {
    meters.forEach(m -> PluginMeters.release(registry, m));
    replacements.values().forEach(m -> PluginMeters.release(registry, m));
  }
}
