package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Services the router lends to the plugins it creates.
 *
 * @param meterRegistry where plugins register their own meters; names start with {@code
 *     signpost.plugin.} and carry the tag {@code plugin=<name>}
 * @param scheduler a shared timer for retries and back-off; tasks must be short and must not block
 * @param deadlines the timer for call deadlines, shared with the chain: arm one task per call on
 *     it, not on {@code scheduler}
 */
public record PluginContext(
    MeterRegistry meterRegistry, ScheduledExecutorService scheduler, DeadlineTimer deadlines) {

  public PluginContext {
    requireNonNull(meterRegistry, "meterRegistry");
    requireNonNull(scheduler, "scheduler");
    requireNonNull(deadlines, "deadlines");
  }

  /** Services with a deadline timer of their own on {@code scheduler}, for tools and tests. */
  public PluginContext(MeterRegistry meterRegistry, ScheduledExecutorService scheduler) {
    this(meterRegistry, scheduler, new DeadlineTimer(requireNonNull(scheduler, "scheduler")));
  }
}
