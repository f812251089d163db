package io.signpost.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The configuration in service and its reloads: {@code signpost_config_reloads_total{result}},
 * {@code signpost_config_generation} (1 at start, one more per applied reload), {@code
 * signpost_config_info{digest}} (always 1, the digest of the document in service) and {@code
 * signpost_config_reload_duration_seconds}. Thread-safe.
 */
public final class ConfigMetrics {

  /** How a reload ended, the {@code result} tag. */
  public enum Result {
    /** A new configuration is in service. */
    APPLIED,
    /** The document did not change; nothing was done. */
    UNCHANGED,
    /** The new document did not validate, or changes what needs a restart; the old one serves. */
    REFUSED,
    /** A plugin of the new configuration failed to load or warm up; the old one serves. */
    FAILED;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final AtomicLong generation = new AtomicLong();
  private final Timer duration;
  private Gauge info;

  public ConfigMetrics(MeterRegistry registry, String digest) {
    this.registry = registry;
    for (Result result : Result.values()) {
      counter(result);
    }
    Gauge.builder(MeterNames.CONFIG_GENERATION, generation, AtomicLong::get)
        .description("The configuration generation in service: 1 at start, +1 per applied reload")
        .strongReference(true)
        .register(registry);
    duration =
        Timer.builder(MeterNames.CONFIG_RELOAD_DURATION)
            .description("How long a reload took, from reading the file to the swap or refusal")
            .register(registry);
    inService(1, digest);
  }

  /** Counts one reload and how long it took. */
  public void reloaded(Result result, Duration took) {
    counter(result).increment();
    duration.record(took);
  }

  /** The configuration now in service. */
  public synchronized void inService(long number, String digest) {
    generation.set(number);
    if (info != null) {
      registry.remove(info);
    }
    info =
        Gauge.builder(MeterNames.CONFIG_INFO, () -> 1)
            .description("The configuration in service, by the SHA-256 of its document (always 1)")
            .tag("digest", digest)
            .strongReference(true)
            .register(registry);
  }

  private Counter counter(Result result) {
    return Counter.builder(MeterNames.CONFIG_RELOADS)
        .description("Configuration reloads, by result")
        .tag("result", result.tag())
        .register(registry);
  }
}
