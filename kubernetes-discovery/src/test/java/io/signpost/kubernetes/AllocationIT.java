package io.signpost.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.signpost.discovery.AllocationFailedException;
import io.signpost.discovery.AllocationThrottledException;
import io.signpost.plugin.Backend;
import io.signpost.plugin.Deadline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agones provider in allocate mode, against an API whose allocation answers are scripted. */
@Timeout(120)
class AllocationIT {

  static final String PATH =
      "/apis/allocation.agones.dev/v1/namespaces/games/gameserverallocations";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private MockCluster cluster;
  private Providers providers;

  @BeforeEach
  void cluster() {
    cluster = new MockCluster();
  }

  @AfterEach
  void stop() {
    if (providers != null) {
      providers.close();
    }
    cluster.close();
  }

  private void start(String interval) throws Exception {
    providers =
        Providers.agones(
                """
                kubeconfig: "%s"
                namespaces: [games, ignored]
                mode: allocate
                allocate_min_interval: %s
                state: [Ready]
                selector:
                  labels: "agones.dev/fleet=hytale,region in (eu,us),!draining"
                metadata:
                  include_labels: [agones.dev/fleet]
                address:
                  source: addresses
                  preference: [ExternalIP]
                port: {name: gameport}
                """
                    .formatted(cluster.kubeconfig(dir), interval))
            .start();
  }

  /** A GameServerAllocation answer as Agones gives it. */
  static String allocated(String name, String externalIp, int port) {
    return """
        {"apiVersion": "allocation.agones.dev/v1", "kind": "GameServerAllocation",
         "metadata": {"name": "%s", "namespace": "games"},
         "status": {"state": "Allocated", "gameServerName": "%s", "nodeName": "node-7",
                    "address": "10.2.0.1",
                    "addresses": [{"type": "InternalIP", "address": "10.2.0.1"},
                                  {"type": "ExternalIP", "address": "%s"}],
                    "ports": [{"name": "metrics", "port": 9000}, {"name": "gameport", "port": %d}],
                    "metadata": {"labels": {"agones.dev/fleet": "hytale"}}}}
        """
        .formatted(name, name, externalIp, port);
  }

  private List<Backend> allocate() throws Exception {
    return providers
        .provider
        .allocate(Deadline.after(Duration.ofSeconds(30)))
        .get(60, TimeUnit.SECONDS);
  }

  @Test
  void eachAllocationIsOneGameServerAllocationInTheFirstNamespace() throws Exception {
    cluster
        .server()
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(201, allocated("gs-a", "198.51.100.1", 7101))
        .once();
    cluster
        .server()
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(201, allocated("gs-b", "198.51.100.2", 7102))
        .once();
    start("0s");
    assertThat(providers.provider.allocates()).isTrue();
    assertThat(providers.provider.status().synced()).isTrue();

    Backend a = allocate().get(0);
    Backend b = allocate().get(0);

    assertThat(a.address()).isEqualTo("198.51.100.1:7101");
    assertThat(b.address()).isEqualTo("198.51.100.2:7102");
    assertThat(a.meta())
        .containsEntry("k8s.namespace", "games")
        .containsEntry("k8s.name", "gs-a")
        .containsEntry("gameserver.name", "gs-a")
        .containsEntry("gameserver.state", "Allocated")
        .containsEntry("label.agones.dev/fleet", "hytale");
    RecordedRequest request = cluster.server().takeRequest(10, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    JsonNode body = JSON.readTree(request.getBody().readUtf8());
    assertThat(body.path("kind").asText()).isEqualTo("GameServerAllocation");
    assertThat(body.path("metadata").path("generateName").asText()).isEqualTo("signpost-");
    assertThat(body.path("spec").path("gameServerState").asText()).isEqualTo("Ready");
    assertThat(body.path("spec").path("required").toString())
        .isEqualTo(
            "{\"matchLabels\":{\"agones.dev/fleet\":\"hytale\"},\"matchExpressions\":["
                + "{\"key\":\"region\",\"operator\":\"In\",\"values\":[\"eu\",\"us\"]},"
                + "{\"key\":\"draining\",\"operator\":\"DoesNotExist\"}]}");
  }

  @Test
  void noGameServerToAllocateFailsWithTheReason() throws Exception {
    cluster
        .server()
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(
            201, "{\"kind\": \"GameServerAllocation\", \"status\": {\"state\": \"UnAllocated\"}}")
        .once();
    start("0s");

    assertThatThrownBy(this::allocate)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(AllocationFailedException.class)
        .hasMessage("no GameServer could be allocated (state UnAllocated)");
  }

  @Test
  void aRefusalCarriesTheApiServersMessage() throws Exception {
    cluster
        .server()
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(
            403,
            Map.of(
                "kind", "Status",
                "message",
                    "gameserverallocations.allocation.agones.dev is forbidden: User cannot create"))
        .once();
    start("0s");

    assertThatThrownBy(this::allocate)
        .cause()
        .isInstanceOf(AllocationFailedException.class)
        .hasMessage(
            "allocation refused: HTTP 403: gameserverallocations.allocation.agones.dev is"
                + " forbidden: User cannot create");
  }

  @Test
  void theMinimumIntervalSpacesAllocationsAndRefusesOnesThatWouldMissTheirDeadline()
      throws Exception {
    cluster
        .server()
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(201, allocated("gs-a", "198.51.100.1", 7101))
        .always();
    start("1h");

    assertThat(allocate()).hasSize(1);
    assertThatThrownBy(
            () ->
                providers
                    .provider
                    .allocate(Deadline.after(Duration.ofSeconds(5)))
                    .get(60, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(AllocationThrottledException.class)
        .hasMessageStartingWith("allocate_min_interval (1h0m0s) would start this allocation ");
  }
}
