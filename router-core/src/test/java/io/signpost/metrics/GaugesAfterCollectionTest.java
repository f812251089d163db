package io.signpost.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.chain.FakePlugin;
import io.signpost.chain.PluginChain;
import io.signpost.discovery.DiscoveryStatus;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.PluginConfig;
import io.signpost.routing.PoolDiscovery;
import io.signpost.routing.RoutingSnapshot.DiscoveryPool;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Micrometer holds the object a gauge reads weakly unless the gauge is built with {@code
 * strongReference(true)}, and such a gauge reads NaN once that object is collected. The router's
 * gauges read suppliers and lambdas that nothing else holds: every one of them, bound the way the
 * runtime binds it, must still read a number after the garbage collector ran.
 */
class GaugesAfterCollectionTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void everyRouterGaugeReadsANumberAfterACollection() throws Exception {
    PluginChain chain =
        new PluginChain(List.of(link("auth-next", true), link("auth", false)), timer, 4055);
    RouterMetrics router = new RouterMetrics(registry);
    RouterMetrics.registerBuildInfo(registry, "1.2.3", "abc1234");
    router.bindSuppressedFailureLines(chain, () -> chain);
    router.bindShadowCounters(chain, () -> chain);
    // Each supplier captures a value, as the runtime's do: a lambda that captures nothing is a
    // constant of its class and would never be collected.
    DiscoveryStatus status = new DiscoveryStatus(true, true, false, Duration.ZERO, 0, 0, null);
    List<DiscoveryPool> pools =
        List.of(new DiscoveryPool("game", "agones", PoolDiscovery.Mode.UNION, 2, 1, false, null));
    Instant notAfter = Instant.ofEpochSecond(1_900_000_000L);
    DiscoveryMetrics discovery = new DiscoveryMetrics(registry);
    discovery.bindProvider("agones", () -> status);
    discovery.bindPools(() -> pools);
    ConfigMetrics config = new ConfigMetrics(registry, "0123abcd");
    TlsMetrics tls = new TlsMetrics(registry, () -> notAfter);

    List<Gauge> gauges =
        registry.getMeters().stream()
            .filter(m -> m instanceof Gauge && m.getId().getName().startsWith("signpost."))
            .map(Gauge.class::cast)
            .toList();
    assertThat(gauges)
        .extracting(g -> g.getId().getName())
        .contains(
            MeterNames.CONNECTIONS_ACTIVE,
            MeterNames.BUILD_INFO,
            MeterNames.SHADOW_IN_FLIGHT,
            MeterNames.DISCOVERY_SYNCED,
            MeterNames.DISCOVERY_STALE,
            MeterNames.DISCOVERY_SYNC_AGE,
            MeterNames.DISCOVERY_BACKENDS,
            MeterNames.CONFIG_GENERATION,
            MeterNames.CONFIG_INFO,
            MeterNames.TLS_CERTIFICATE_EXPIRY);

    GarbageCollection.collectWeaklyHeld();

    assertThat(gauges)
        .allSatisfy(g -> assertThat(g.value()).as("%s after a collection", g.getId()).isNotNaN());
    assertThat(registry.get(MeterNames.DISCOVERY_BACKENDS).gauge().value()).isEqualTo(1);
    assertThat(registry.get(MeterNames.TLS_CERTIFICATE_EXPIRY).gauge().value())
        .isEqualTo(1_900_000_000.0);
    // The runtime holds the metric objects and the chain for as long as it serves; so does this.
    Reference.reachabilityFence(chain);
    Reference.reachabilityFence(router);
    Reference.reachabilityFence(discovery);
    Reference.reachabilityFence(config);
    Reference.reachabilityFence(tls);
  }

  private static PluginChain.Link link(String name, boolean shadow) {
    PluginConfig config =
        PluginConfig.of(name, "fake", MissingNode.getInstance()).withShadow(shadow);
    return new PluginChain.Link(config, FakePlugin.answering(name, ConnectResponse.EMPTY));
  }
}
