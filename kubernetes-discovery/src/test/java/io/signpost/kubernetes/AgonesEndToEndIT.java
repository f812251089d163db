package io.signpost.kubernetes;

import static io.signpost.kubernetes.Objects.gameServer;
import static io.signpost.kubernetes.Objects.players;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.signpost.runtime.Eventually;
import io.signpost.runtime.Metrics;
import io.signpost.runtime.RunningRouter;
import io.signpost.runtime.RunningRouter.Answer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router over QUIC with Agones discovery against a Kubernetes API served over HTTP: observe
 * mode refers each client to the GameServer with the fewest players and follows the counters;
 * allocate mode refers to the allocated GameServer.
 */
@Timeout(240)
class AgonesEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> FLEET = Map.of("agones.dev/fleet", "hytale");

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
          discovery_error: "No game server: ${error}"
      discovery:
        providers:
          - name: fleet
            type: agones
            agones:
              kubeconfig: "%1$s"
              namespaces: [default]
              mode: observe
              selector: {labels: "agones.dev/fleet=hytale"}
              port: {name: gameport}
          - name: allocator
            type: agones
            agones:
              kubeconfig: "%1$s"
              namespaces: [games]
              mode: allocate
              selector: {labels: "agones.dev/fleet=hytale"}
              port: {name: gameport}
      routing:
        routes:
          - match: {hostname: "match.example.com"}
            pool:
              strategy: round_robin
              discovery: {provider: allocator, mode: prefer}
          - match: {hostname: "play.example.com"}
            pool:
              strategy: least_loaded
              key: counter:players.count
              filters:
                - {type: compare, left: counter:players.count, op: lt, right: counter:players.capacity}
              discovery: {provider: fleet, mode: prefer}
      """;

  @TempDir Path dir;
  private MockCluster cluster;
  private RunningRouter router;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster();
  }

  @AfterEach
  void stop() {
    if (router != null) {
      router.close();
    }
    cluster.close();
  }

  private void startRouter() throws Exception {
    router = RunningRouter.start(CONFIG.formatted(cluster.kubeconfig(dir)), Map.of());
  }

  private void apply(GenericKubernetesResource gs) {
    cluster
        .client()
        .genericKubernetesResources(Objects.GAME_SERVERS)
        .inNamespace("default")
        .resource(gs)
        .createOr(op -> op.update());
  }

  private static GenericKubernetesResource server(String name, String ip, int players) {
    return gameServer("default", name, "Ready", ip, 7777, FLEET, Map.of(), players(players, 10));
  }

  private String referred(String sni) throws Exception {
    Answer a = router.send(sni, RunningRouter.connect("steve", null));
    return a.isReferral()
        ? a.referralPacket().target().host() + ":" + a.referralPacket().target().port()
        : "disconnect: " + a.reason();
  }

  private String play() throws Exception {
    return referred("play.example.com");
  }

  @Test
  void clientsGoToTheGameServerWithTheFewestPlayersAndFollowTheCounters() throws Exception {
    apply(server("gs-1", "10.3.0.1", 5));
    apply(server("gs-2", "10.3.0.2", 2));
    apply(server("gs-3", "10.3.0.3", 10));
    startRouter();

    Eventually.until("ready", () -> router.admin("/readyz").statusCode(), c -> c == 200);
    assertThat(Eventually.until("fewest players", this::play, "10.3.0.2:7777"::equals))
        .isEqualTo("10.3.0.2:7777");

    apply(server("gs-2", "10.3.0.2", 9));
    Eventually.until("gs-1 has fewer now", this::play, "10.3.0.1:7777"::equals);

    JsonNode last = JSON.readTree(router.admin("/debug/decisions").body()).get("decisions").get(0);
    assertThat(last.get("discovery_provider").asText()).isEqualTo("fleet");
    assertThat(last.get("discovered").toString())
        .isEqualTo("[\"10.3.0.1:7777\",\"10.3.0.2:7777\"]");
    String scrape = router.admin("/metrics").body();
    assertThat(
            Metrics.sample(
                scrape, "signpost_discovery_backends{provider=\"fleet\",route=\"routes[1]\"}"))
        .contains(3.0);
    assertThat(Metrics.sample(scrape, "signpost_discovery_sync_age_seconds{provider=\"fleet\"}"))
        .contains(0.0);

    for (String gs : new String[] {"gs-1", "gs-2", "gs-3"}) {
      cluster
          .client()
          .genericKubernetesResources(Objects.GAME_SERVERS)
          .inNamespace("default")
          .withName(gs)
          .delete();
    }
    assertThat(Eventually.until("no game server", this::play, a -> a.startsWith("disconnect")))
        .isEqualTo(
            "disconnect: No game server: discovery provider \"fleet\" found no backends and"
                + " routes[1] has no static backends");
  }

  @Test
  void allocateModeRefersToTheAllocatedGameServer() throws Exception {
    cluster
        .server()
        .expect()
        .post()
        .withPath(AllocationIT.PATH)
        .andReturn(201, AllocationIT.allocated("gs-x", "198.51.100.9", 7300))
        .once();
    cluster
        .server()
        .expect()
        .post()
        .withPath(AllocationIT.PATH)
        .andReturn(201, "{\"status\": {\"state\": \"UnAllocated\"}}")
        .once();
    startRouter();

    assertThat(referred("match.example.com")).isEqualTo("10.2.0.1:7300");
    assertThat(referred("match.example.com"))
        .isEqualTo(
            "disconnect: No game server: discovery provider \"allocator\": no GameServer could be"
                + " allocated (state UnAllocated)");
    String scrape = router.admin("/metrics").body();
    assertThat(
            Metrics.sample(
                scrape,
                "signpost_discovery_allocations_seconds_count{outcome=\"allocated\",provider=\"allocator\"}"))
        .contains(1.0);
  }
}
