package io.signpost.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.chain.ChainResult;
import io.signpost.chain.FakePlugin;
import io.signpost.chain.PluginChain;
import io.signpost.decision.DecisionTrace;
import io.signpost.decision.TracePrivacy;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.PluginConfig;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code signpost.shadow.*}: registered per shadow plugin, read from the chain's tallies. */
class ShadowMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private static PluginChain.Link link(String name, boolean shadow, ConnectResponse answer) {
    PluginConfig config =
        PluginConfig.of(name, "fake", com.fasterxml.jackson.databind.node.MissingNode.getInstance())
            .withShadow(shadow);
    return new PluginChain.Link(config, FakePlugin.answering(name, answer));
  }

  private double shadowCalls(String result) {
    return registry
        .get(MeterNames.SHADOW_CALLS)
        .tag("plugin", "auth-next")
        .tag("result", result)
        .functionCounter()
        .count();
  }

  @Test
  void disagreementsAreCountedPerPluginAndKindAndShadowStepsStayOutOfThePluginMeters()
      throws Exception {
    ConnectResponse deny = new ConnectResponse(true, "no", null, null, null, null);
    PluginChain chain =
        new PluginChain(
            List.of(link("auth-next", true, deny), link("auth", false, ConnectResponse.EMPTY)),
            timer,
            4055);
    RouterMetrics metrics = new RouterMetrics(registry);
    metrics.bindShadowCounters(chain);
    Backend a = Backend.of("a.internal", 5520);
    ConnectRequest request =
        new ConnectRequest(ConnectEvent.ofSni("play.example.com"), "", List.of(a), 0, a, null);

    for (int i = 0; i < 4; i++) {
      ChainResult result = chain.run(request).get(30, TimeUnit.SECONDS);
      metrics.recordDecision(
          DecisionTrace.builder(new TracePrivacy(false, true)).chain(result).build());
    }
    // The meters read a lambda nothing else holds; they must survive a collection.
    GarbageCollection.collectWeaklyHeld();

    assertThat(shadowCalls("disagree")).isEqualTo(4);
    assertThat(shadowCalls("agree")).isZero();
    assertThat(shadowCalls("skipped")).isZero();
    assertThat(registry.find(MeterNames.SHADOW_CALLS).tag("result", "pending").meters()).isEmpty();
    assertThat(
            registry
                .get(MeterNames.SHADOW_DISAGREEMENTS)
                .tag("plugin", "auth-next")
                .tag("kind", "deny")
                .functionCounter()
                .count())
        .isEqualTo(4);
    assertThat(registry.get(MeterNames.SHADOW_IN_FLIGHT).tag("plugin", "auth-next").gauge().value())
        .isZero();
    // The shadow's would-be deny is not a deny of the plugin, nor a call of the real chain.
    assertThat(registry.find(MeterNames.PLUGIN_CALLS).tag("plugin", "auth-next").meters())
        .isEmpty();
    assertThat(registry.find(MeterNames.PLUGIN_DENIES).tag("plugin", "auth-next").meters())
        .isEmpty();
    assertThat(registry.find(MeterNames.SHADOW_CALLS).tag("plugin", "auth").meters()).isEmpty();
    assertThat(
            registry
                .get(MeterNames.PLUGIN_CALLS)
                .tag("plugin", "auth")
                .tag("result", "ok")
                .counter()
                .count())
        .isEqualTo(4);
  }
}
