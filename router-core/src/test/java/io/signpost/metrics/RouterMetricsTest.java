package io.signpost.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.chain.ChainResult;
import io.signpost.chain.FakePlugin;
import io.signpost.chain.PluginChain;
import io.signpost.decision.DecisionTrace;
import io.signpost.decision.Outcome;
import io.signpost.decision.TracePrivacy;
import io.signpost.decision.Traces;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginTrapException;
import io.signpost.plugin.Stage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RouterMetrics metrics = new RouterMetrics(registry, 3);

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void connectionsAndHandshakes() {
    metrics.connectionAccepted();
    metrics.connectionAccepted();
    metrics.connectionClosed();
    metrics.handshakeFailed(HandshakeFailure.ALPN);
    metrics.handshakeFailed(HandshakeFailure.ALPN);
    metrics.handshakeFailed(HandshakeFailure.LIMIT);
    metrics.connectionUnanswered(Unanswered.TIMEOUT);

    assertThat(count("signpost.connections.accepted")).isEqualTo(2);
    assertThat(registry.get("signpost.connections.active").gauge().value()).isEqualTo(1);
    assertThat(metrics.activeConnections()).isEqualTo(1);
    assertThat(count("signpost.handshakes.failed", "reason", "alpn")).isEqualTo(2);
    assertThat(count("signpost.handshakes.failed", "reason", "limit")).isEqualTo(1);
    assertThat(count("signpost.connections.unanswered", "reason", "timeout")).isEqualTo(1);
    assertThat(count("signpost.connections.unanswered", "reason", "frame_too_large")).isZero();
    assertThat(count("signpost.handshakes.failed", "reason", "tls")).isZero();
  }

  @Test
  void decisionsByOutcomeAndRouteWithDurations() {
    metrics.recordDecision(Traces.referral("a", "default", "10.0.0.1:5520"));
    metrics.recordDecision(Traces.referral("a", "default", "10.0.0.1:5520"));
    metrics.recordDecision(Traces.withSteps(Outcome.NO_BACKENDS, "routes[0]", List.of()));
    metrics.recordDecision(Traces.withSteps(Outcome.NO_ROUTE, null, List.of()));

    assertThat(count("signpost.decisions", "outcome", "referral", "route", "default")).isEqualTo(2);
    assertThat(count("signpost.decisions", "outcome", "no_backends", "route", "routes[0]"))
        .isEqualTo(1);
    assertThat(count("signpost.decisions", "outcome", "no_route", "route", "none")).isEqualTo(1);
    assertThat(
            registry
                .get("signpost.decision.duration")
                .tags("outcome", "referral")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(4.0);
    assertThat(
            registry.get("signpost.decision.duration").tags("outcome", "referral").timer().count())
        .isEqualTo(2);
    assertThat(count("signpost.backend.selected", "route", "default", "backend", "10.0.0.1:5520"))
        .isEqualTo(2);
    assertThat(registry.find("signpost.backend.selected").tags("route", "routes[0]").counters())
        .isEmpty();
  }

  @Test
  void backendTagIsCappedAtTheConfiguredNumberOfValues() {
    for (int i = 1; i <= 5; i++) {
      metrics.recordDecision(Traces.referral("a", "default", "10.0.0." + i + ":5520"));
    }
    metrics.recordDecision(Traces.referral("a", "default", "10.0.0.1:5520"));

    List<String> backends =
        registry.find("signpost.backend.selected").counters().stream()
            .map(c -> c.getId().getTag("backend"))
            .sorted()
            .toList();
    assertThat(backends)
        .containsExactly("10.0.0.1:5520", "10.0.0.2:5520", "10.0.0.3:5520", "other");
    assertThat(count("signpost.backend.selected", "route", "default", "backend", "other"))
        .isEqualTo(2);
    assertThat(count("signpost.backend.selected", "route", "default", "backend", "10.0.0.1:5520"))
        .isEqualTo(2);
  }

  @Test
  void pluginMetersAreDerivedFromTheSteps() {
    metrics.recordDecision(
        Traces.withSteps(
            Outcome.REFERRAL,
            "default",
            List.of(
                Traces.ok("geo", "candidates=2", "selected_index=1"),
                Traces.ok("mut", "referral_content=12 bytes"),
                Traces.failed("flaky", PluginException.Kind.TIMEOUT, OnError.CONTINUE))));
    metrics.recordDecision(
        Traces.withSteps(
            Outcome.DENY,
            "default",
            List.of(Traces.ok("geo", "backend=b:2"), Traces.ok("auth", "deny"))));
    metrics.recordDecision(
        Traces.withSteps(
            Outcome.DENY,
            "default",
            List.of(
                Traces.ok("geo"),
                Traces.failed("auth", PluginException.Kind.BREAKER_OPEN, OnError.DENY))));

    assertThat(count("signpost.plugin.calls", "plugin", "geo", "result", "ok")).isEqualTo(3);
    assertThat(count("signpost.plugin.calls", "plugin", "geo", "result", "failure")).isZero();
    assertThat(count("signpost.plugin.repicks", "plugin", "geo")).isEqualTo(2);
    assertThat(count("signpost.plugin.calls", "plugin", "auth", "result", "ok")).isEqualTo(1);
    assertThat(count("signpost.plugin.calls", "plugin", "auth", "result", "failure")).isEqualTo(1);
    assertThat(count("signpost.plugin.denies", "plugin", "auth")).isEqualTo(1);
    assertThat(
            count(
                "signpost.plugin.failures",
                "plugin",
                "auth",
                "kind",
                "breaker_open",
                "policy",
                "deny"))
        .isEqualTo(1);
    assertThat(
            count(
                "signpost.plugin.failures",
                "plugin",
                "flaky",
                "kind",
                "timeout",
                "policy",
                "continue"))
        .isEqualTo(1);
    assertThat(count("signpost.plugin.referral_rewrites", "plugin", "mut")).isEqualTo(1);
    assertThat(count("signpost.plugin.repicks", "plugin", "mut")).isZero();
    assertThat(
            registry
                .get("signpost.plugin.duration")
                .tags("plugin", "flaky")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(5.0);
    assertThat(registry.get("signpost.plugin.duration").tags("plugin", "geo").timer().count())
        .isEqualTo(3);
    assertThat(count("signpost.decisions", "outcome", "deny", "route", "default")).isEqualTo(2);
  }

  @Test
  void identitiesNeverBecomeTags() throws Exception {
    DecisionTrace trace =
        DecisionTrace.builder(new TracePrivacy(true, false))
            .event(
                new ConnectEvent(
                    "play.example.com",
                    null,
                    null,
                    null,
                    "123e4567-e89b-12d3-a456-426614174000",
                    "alice",
                    null,
                    true,
                    "hytale/2"))
            .client(new java.net.InetSocketAddress("192.0.2.7", 40000))
            .route("default", "random")
            .routing(List.of(Backend.of("a", 1)), Backend.of("a", 1))
            .outcome(Outcome.REFERRAL, null)
            .build();
    metrics.recordDecision(trace);

    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getTags())
          .allSatisfy(
              tag ->
                  assertThat(tag.getValue())
                      .doesNotContain("alice", "123e4567", "192.0.2.7", "play.example.com"));
    }
  }

  @Test
  void recordsARealChainRun() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    Backend a = Backend.of("10.0.0.1", 5520);
    Backend b = Backend.of("10.0.0.2", 5520);
    try (PluginChain chain =
        new PluginChain(
            List.of(
                link(
                    "auth",
                    Stage.DENY,
                    OnError.CONTINUE,
                    () ->
                        CompletableFuture.failedFuture(
                            new PluginTrapException("auth", "unreachable"))),
                link(
                    "geo",
                    Stage.ROUTE,
                    OnError.CONTINUE,
                    () ->
                        CompletableFuture.completedFuture(
                            new ConnectResponse(false, null, null, 1, null, null)))),
            timer,
            4055)) {
      ConnectRequest request =
          new ConnectRequest(
              ConnectEvent.ofSni("play.example.com"), "round_robin", List.of(a, b), 0, a, null);
      for (int i = 0; i < 2; i++) {
        ChainResult result = chain.run(request).get(30, TimeUnit.SECONDS);
        metrics.recordDecision(
            DecisionTrace.builder(TracePrivacy.DEFAULT)
                .route("default", "round_robin")
                .chain(result)
                .duration(Duration.ofMillis(1))
                .build());
      }
    } finally {
      timer.shutdownNow();
    }

    assertThat(count("signpost.decisions", "outcome", "referral", "route", "default")).isEqualTo(2);
    assertThat(count("signpost.backend.selected", "route", "default", "backend", "10.0.0.2:5520"))
        .isEqualTo(2);
    assertThat(
            count(
                "signpost.plugin.failures", "plugin", "auth", "kind", "trap", "policy", "continue"))
        .isEqualTo(2);
    assertThat(count("signpost.plugin.calls", "plugin", "auth", "result", "failure")).isEqualTo(2);
    assertThat(count("signpost.plugin.repicks", "plugin", "geo")).isEqualTo(2);
  }

  @Test
  void countsTheFailureLinesTheChainSuppressed() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    long frozen = System.nanoTime();
    try (PluginChain chain =
        new PluginChain(
            List.of(
                link(
                    "auth",
                    Stage.DENY,
                    OnError.DENY,
                    () ->
                        CompletableFuture.failedFuture(
                            new PluginTrapException("auth", "unreachable"))),
                link(
                    "geo",
                    Stage.ROUTE,
                    OnError.CONTINUE,
                    () -> CompletableFuture.completedFuture(ConnectResponse.EMPTY))),
            timer,
            4055,
            () -> frozen)) {
      metrics.bindSuppressedFailureLines(chain);
      ConnectRequest request =
          new ConnectRequest(
              ConnectEvent.ofSni("play.example.com"),
              "round_robin",
              List.of(Backend.of("10.0.0.1", 5520)),
              0,
              Backend.of("10.0.0.1", 5520),
              null);
      for (int i = 0; i < 50; i++) {
        chain.run(request).get(5, TimeUnit.SECONDS);
      }
      // The meters read a lambda nothing else holds; they must survive a collection.
      GarbageCollection.collectWeaklyHeld();

      assertThat(
              registry
                  .get("signpost.log.suppressed")
                  .tags("plugin", "auth", "source", "plugin_failure")
                  .functionCounter()
                  .count())
          .isEqualTo(30);
      assertThat(
              registry
                  .get("signpost.log.suppressed")
                  .tags("plugin", "geo", "source", "plugin_failure")
                  .functionCounter()
                  .count())
          .isZero();
    } finally {
      timer.shutdownNow();
    }
  }

  private static PluginChain.Link link(
      String name,
      Stage stage,
      OnError onError,
      Supplier<CompletableFuture<ConnectResponse>> answer) {
    PluginConfig config =
        new PluginConfig(
            name, "fake", stage, null, null, Duration.ofSeconds(2), onError, null, null);
    return new PluginChain.Link(config, new FakePlugin(name, r -> answer.get()));
  }
}
