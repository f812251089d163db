package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Services the router lends to the plugins it creates.
 *
 * @param meterRegistry where plugins register their own meters; names start with {@code
 *     signpost.plugin.} and carry the tag {@code plugin=<name>}
 * @param scheduler a shared timer for deadlines, retries and back-off; tasks must be short and must
 *     not block
 */
public record PluginContext(MeterRegistry meterRegistry, ScheduledExecutorService scheduler) {

  public PluginContext {
    requireNonNull(meterRegistry, "meterRegistry");
    requireNonNull(scheduler, "scheduler");
  }
}
