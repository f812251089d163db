package io.signpost.discovery;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * Services the router lends to the providers it creates.
 *
 * @param scheduler a shared timer for periodic checks and throttling delays; tasks must be short
 *     and must not block
 * @param nanoClock the monotonic clock providers measure ages and intervals with, normally {@code
 *     System::nanoTime}
 */
public record DiscoveryContext(ScheduledExecutorService scheduler, LongSupplier nanoClock) {

  public DiscoveryContext {
    requireNonNull(scheduler, "scheduler");
    requireNonNull(nanoClock, "nanoClock");
  }
}
