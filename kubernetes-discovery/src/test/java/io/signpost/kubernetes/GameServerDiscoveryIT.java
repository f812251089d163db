package io.signpost.kubernetes;

import static io.signpost.kubernetes.Objects.gameServer;
import static io.signpost.kubernetes.Objects.players;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.signpost.plugin.Backend;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agones provider in observe mode, against a Kubernetes API served over HTTP. */
@Timeout(180)
class GameServerDiscoveryIT {

  @TempDir Path dir;
  private MockCluster cluster;
  private Providers providers;

  private static final Map<String, String> FLEET = Map.of("agones.dev/fleet", "hytale");
  private static final Map<String, String> ENABLED = Map.of("hyrouter/enabled", "true");

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

  private void start(String extra) throws Exception {
    providers =
        Providers.agones(
                """
                kubeconfig: "%s"
                namespaces: [default]
                mode: observe
                selector:
                  labels: "agones.dev/fleet=hytale"
                  annotations: "hyrouter/enabled=true"
                metadata:
                  include_labels: [agones.dev/fleet]
                  include_annotations: [agones.dev/sdk-game-start]
                port: {name: gameport}
                %s
                """
                    .formatted(cluster.kubeconfig(dir), extra))
            .start();
    providers.await("first list", l -> true);
  }

  private void apply(GenericKubernetesResource gs) {
    cluster
        .client()
        .genericKubernetesResources(Objects.GAME_SERVERS)
        .inNamespace(gs.getMetadata().getNamespace())
        .resource(gs)
        .createOr(op -> op.update());
  }

  private void delete(String name) {
    cluster
        .client()
        .genericKubernetesResources(Objects.GAME_SERVERS)
        .inNamespace("default")
        .withName(name)
        .delete();
  }

  @Test
  void readyGameServersBecomeBackendsWithCountersListsAndIncludedMetadata() throws Exception {
    start("");
    Map<String, Object> status = new LinkedHashMap<>(players(3, 20));
    status.put(
        "lists",
        Map.of(
            "whitelistedPlayers", Map.of("values", List.of("a-uuid", "b-uuid"), "capacity", 100)));
    Map<String, String> annotations = new LinkedHashMap<>(ENABLED);
    annotations.put("agones.dev/sdk-game-start", "-1");
    annotations.put("hyrouter/weight", "2");
    apply(gameServer("default", "gs-1", "Ready", "10.1.0.1", 7001, FLEET, annotations, status));

    Backend gs = providers.awaitAddresses("10.1.0.1:7001").get(0);
    assertThat(gs.weight()).isEqualTo(2);
    assertThat(gs.meta())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "k8s.namespace", "default",
                "k8s.name", "gs-1",
                "gameserver.state", "Ready",
                "counter.players.count", "3",
                "counter.players.capacity", "20",
                "list.whitelistedPlayers.values", "[\"a-uuid\",\"b-uuid\"]",
                "list.whitelistedPlayers.capacity", "100",
                "label.agones.dev/fleet", "hytale",
                "annotation.agones.dev/sdk-game-start", "-1",
                "annotation.hyrouter/weight", "2"));
  }

  @Test
  void onlyTheConfiguredStatesCountAndShutdownNever() throws Exception {
    start("state: [Ready, Allocated, Shutdown]");
    apply(gameServer("default", "a-ready", "Ready", "10.1.1.1", 7001, FLEET, ENABLED, Map.of()));
    apply(
        gameServer(
            "default", "b-allocated", "Allocated", "10.1.1.2", 7001, FLEET, ENABLED, Map.of()));
    apply(
        gameServer(
            "default", "c-scheduled", "Scheduled", "10.1.1.3", 7001, FLEET, ENABLED, Map.of()));
    apply(
        gameServer(
            "default", "d-shutdown", "Shutdown", "10.1.1.4", 7001, FLEET, ENABLED, Map.of()));
    apply(
        gameServer(
            "default",
            "e-other-fleet",
            "Ready",
            "10.1.1.5",
            7001,
            Map.of("agones.dev/fleet", "other"),
            ENABLED,
            Map.of()));
    apply(
        gameServer(
            "default", "f-not-enabled", "Ready", "10.1.1.6", 7001, FLEET, Map.of(), Map.of()));
    apply(gameServer("default", "g-no-address", "Ready", "", 7001, FLEET, ENABLED, Map.of()));

    providers.awaitAddresses("10.1.1.1:7001", "10.1.1.2:7001");
  }

  @Test
  void counterChangesStateChangesAndDeletionsAreFollowed() throws Exception {
    start("");
    apply(gameServer("default", "gs-1", "Ready", "10.1.2.1", 7001, FLEET, ENABLED, players(1, 10)));
    providers.await(
        "one player",
        l -> l.size() == 1 && "1".equals(l.get(0).meta().get("counter.players.count")));

    apply(gameServer("default", "gs-1", "Ready", "10.1.2.1", 7001, FLEET, ENABLED, players(7, 10)));
    providers.await(
        "seven players",
        l -> l.size() == 1 && "7".equals(l.get(0).meta().get("counter.players.count")));

    apply(
        gameServer(
            "default", "gs-1", "Shutdown", "10.1.2.1", 7001, FLEET, ENABLED, players(7, 10)));
    providers.awaitAddresses();

    apply(gameServer("default", "gs-2", "Ready", "10.1.2.2", 7001, FLEET, ENABLED, Map.of()));
    providers.awaitAddresses("10.1.2.2:7001");
    delete("gs-2");
    providers.awaitAddresses();
  }

  @Test
  void addressesAreChosenByPreference() throws Exception {
    start(
        """
        address:
          source: addresses
          preference: [ExternalIP, PublicIP]
        """);
    Map<String, Object> status =
        Map.of(
            "addresses",
            List.of(
                Map.of("type", "InternalIP", "address", "10.1.3.1"),
                Map.of("type", "PublicIP", "address", "203.0.113.7"),
                Map.of("type", "Hostname", "address", "node-a")));
    apply(gameServer("default", "gs-1", "Ready", "10.1.3.1", 7001, FLEET, ENABLED, status));

    providers.awaitAddresses("203.0.113.7:7001");
  }
}
