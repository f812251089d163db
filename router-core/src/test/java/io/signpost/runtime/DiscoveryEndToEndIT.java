package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.discovery.AllocationFailedException;
import io.signpost.plugin.Backend;
import io.signpost.runtime.RunningRouter.Answer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Discovery through the whole router over QUIC, with a provider the test drives: not ready and
 * {@code discovery_error} until the first list, then the pools follow it; a lost watch keeps the
 * last list and is reported stale, not unready; allocations answer per connection.
 */
@Timeout(120)
class DiscoveryEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String CONFIG =
      """
      listen: "127.0.0.1:0"
      admin:
        listen: "127.0.0.1:0"
      limits:
        max_new_connections_per_source: 100000
        connect_timeout: 30s
        shutdown_grace: 1s
      messages:
        disconnect:
          discovery_error: "looking: ${error}"
      discovery:
        providers:
          - name: fleet
            type: fake
            fake: {stale_after: 300}
          - name: allocator
            type: fake
            fake: {allocate: true}
      routing:
        routes:
          - match: {hostname: "alloc.example.com"}
            pool:
              strategy: round_robin
              discovery: {provider: allocator, mode: prefer}
        default:
          strategy: least_loaded
          key: counter:players.count
          backends:
            - {host: static.internal, port: 5520, meta: {counter.players.count: "50"}}
          discovery: {provider: fleet, mode: union}
      """;

  private final FakeDiscovery discovery = new FakeDiscovery();
  private RunningRouter router;

  @AfterEach
  void stop() {
    if (router != null) {
      router.close();
    }
  }

  private static Backend server(String host, int players) {
    return new Backend(host, 7777, 0, Map.of("counter.players.count", Integer.toString(players)));
  }

  private Answer connect(String sni) throws Exception {
    return router.send(sni, RunningRouter.connect("steve", null));
  }

  private String referredHost() throws Exception {
    Answer a = connect("play.example.com");
    return a.isReferral() ? a.referralPacket().target().host() : a.toString();
  }

  private JsonNode readyz() throws Exception {
    return JSON.readTree(router.admin("/readyz").body());
  }

  @Test
  void poolsFollowTheProvidersListAndReadinessWaitsForTheFirstOne() throws Exception {
    router = RunningRouter.start(CONFIG, Map.of(), discovery.factories());

    HttpResponse<String> notReady = router.admin("/readyz");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(readyz().get("not_ready").toString()).isEqualTo("[\"discovery:fleet\"]");
    assertThat(readyz().get("reasons").toString()).contains("discovery:fleet not synced yet");
    assertThat(connect("play.example.com").reason())
        .isEqualTo("looking: discovery provider \"fleet\" has not synced yet");

    discovery.provider("fleet").publish(List.of(server("a.internal", 5), server("b.internal", 2)));

    assertThat(Eventually.until("pick", this::referredHost, "b.internal"::equals))
        .isEqualTo("b.internal");
    assertThat(router.admin("/readyz").statusCode()).isEqualTo(200);

    discovery.provider("fleet").publish(List.of(server("a.internal", 1), server("b.internal", 2)));
    Eventually.until("pick after update", this::referredHost, "a.internal"::equals);

    discovery.provider("fleet").publish(List.of());
    Eventually.until("static only", this::referredHost, "static.internal"::equals);

    JsonNode last = JSON.readTree(router.admin("/debug/decisions").body()).get("decisions").get(0);
    assertThat(last.get("discovery_provider").asText()).isEqualTo("fleet");
    assertThat(last.get("discovered").size()).isZero();
  }

  @Test
  void decisionsAndMetricsShowWhatCameFromDiscovery() throws Exception {
    router = RunningRouter.start(CONFIG, Map.of(), discovery.factories());
    discovery.provider("fleet").publish(List.of(server("a.internal", 5), server("b.internal", 2)));
    Eventually.until("pick", this::referredHost, "b.internal"::equals);

    JsonNode last = JSON.readTree(router.admin("/debug/decisions").body()).get("decisions").get(0);
    assertThat(last.get("candidates").toString())
        .isEqualTo("[\"a.internal:7777\",\"b.internal:7777\",\"static.internal:5520\"]");
    assertThat(last.get("discovered").toString())
        .isEqualTo("[\"a.internal:7777\",\"b.internal:7777\"]");
    String scrape = router.admin("/metrics").body();
    assertThat(
            Metrics.sample(
                scrape, "signpost_discovery_backends{provider=\"fleet\",route=\"default\"}"))
        .contains(2.0);
    assertThat(Metrics.sample(scrape, "signpost_discovery_synced{provider=\"fleet\"}"))
        .contains(1.0);
  }

  @Test
  void aLostWatchKeepsTheLastListAndIsReportedStaleNotUnready() throws Exception {
    router = RunningRouter.start(CONFIG, Map.of(), discovery.factories());
    FakeDiscovery.Provider fleet = discovery.provider("fleet");
    fleet.publish(List.of(server("a.internal", 5)));
    Eventually.until("pick", this::referredHost, "a.internal"::equals);

    fleet.lose("connection refused");

    JsonNode stale =
        Eventually.until(
            "stale", this::readyz, r -> r.get("degraded").toString().contains("discovery:fleet"));
    assertThat(stale.get("status").asText()).isEqualTo("ready");
    assertThat(stale.get("discovery").get(0).get("stale").asBoolean()).isTrue();
    assertThat(stale.get("reasons").toString())
        .contains("discovery:fleet stale: no working watch for")
        .contains("routing on its last list of 1 backends")
        .contains("connection refused");
    assertThat(referredHost()).isEqualTo("a.internal");

    fleet.recover();
    Eventually.until("recovered", this::readyz, r -> r.get("degraded").isEmpty());
  }

  @Test
  void anAllocatingProviderIsAskedForEachConnection() throws Exception {
    router = RunningRouter.start(CONFIG, Map.of(), discovery.factories());
    FakeDiscovery.Provider allocator = discovery.provider("allocator");
    allocator.allocations(
        deadline -> CompletableFuture.completedFuture(List.of(server("gs-1.internal", 0))));

    Answer allocated = connect("alloc.example.com");
    assertThat(allocated.referralPacket().target().host()).isEqualTo("gs-1.internal");

    allocator.allocations(
        deadline ->
            CompletableFuture.failedFuture(
                new AllocationFailedException("no GameServer is Ready (UnAllocated)", null)));
    assertThat(connect("alloc.example.com").reason())
        .isEqualTo(
            "looking: discovery provider \"allocator\": no GameServer is Ready (UnAllocated)");
    String scrape = router.admin("/metrics").body();
    assertThat(
            Metrics.sample(
                scrape,
                "signpost_discovery_allocations_seconds_count{outcome=\"failed\",provider=\"allocator\"}"))
        .contains(1.0);
  }

  @Test
  void providersAreClosedWithTheRouter() throws Exception {
    router = RunningRouter.start(CONFIG, Map.of(), discovery.factories());
    router.close();
    router = null;
    assertThat(discovery.provider("fleet").closed()).isTrue();
  }
}
