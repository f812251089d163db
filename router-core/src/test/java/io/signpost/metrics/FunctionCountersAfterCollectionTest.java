package io.signpost.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.discovery.DiscoveryStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Function counters read lambdas that nothing else holds: they must keep counting after the garbage
 * collector ran, not repeat the value they had before it.
 */
class FunctionCountersAfterCollectionTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void aHeldFunctionCounterReadsItsLambdaAfterACollection() throws Exception {
    AtomicLong count = new AtomicLong();
    HeldFunctionCounter.builder("test.counter", () -> count.get()).register(registry);
    count.set(3);
    assertThat(registry.get("test.counter").functionCounter().count()).isEqualTo(3);

    GarbageCollection.collectWeaklyHeld();
    count.set(7);

    assertThat(registry.get("test.counter").functionCounter().count()).isEqualTo(7);
  }

  @Test
  void discoveryWatchCountersKeepCountingAfterACollection() throws Exception {
    AtomicLong errors = new AtomicLong();
    new DiscoveryMetrics(registry)
        .bindProvider(
            "agones",
            () -> new DiscoveryStatus(true, true, false, Duration.ZERO, 0, errors.get(), null));
    errors.set(1);
    assertThat(watchErrors()).isEqualTo(1);

    GarbageCollection.collectWeaklyHeld();
    errors.set(5);

    assertThat(watchErrors()).isEqualTo(5);
    assertThat(registry.get(MeterNames.DISCOVERY_SYNCED).gauge().value()).isEqualTo(1);
  }

  private double watchErrors() {
    return registry
        .get(MeterNames.DISCOVERY_WATCH_ERRORS)
        .tag("provider", "agones")
        .functionCounter()
        .count();
  }
}
