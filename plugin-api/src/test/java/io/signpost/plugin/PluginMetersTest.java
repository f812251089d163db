package io.signpost.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two instances of one plugin overlap during a reload; each meter ends up bound to the newer. */
class PluginMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Tags tags = Tags.of("plugin", "p");

  private Gauge gauge(AtomicInteger source) {
    return PluginMeters.takeOver(
        registry,
        "pool.size",
        tags,
        () -> Gauge.builder("pool.size", source, AtomicInteger::get).tags(tags).register(registry));
  }

  @Test
  void theNewInstanceTakesTheMeterOverAndTheOldOneCannotRemoveIt() {
    Gauge old = gauge(new AtomicInteger(1));
    Gauge replacement = gauge(new AtomicInteger(7));

    assertThat(replacement).isNotSameAs(old);
    PluginMeters.release(registry, old);
    assertThat(registry.get("pool.size").tags(tags).gauge().value()).isEqualTo(7.0);

    PluginMeters.release(registry, replacement);
    assertThat(registry.find("pool.size").gauge()).isNull();
  }

  @Test
  void metersWithMoreTagsAreLeftAlone() {
    Gauge.builder("pool.size", () -> 3).tags(tags.and("zone", "eu")).register(registry);
    gauge(new AtomicInteger(1));
    assertThat(registry.find("pool.size").gauges()).hasSize(2);
  }
}
