package io.signpost.kubernetes;

import static io.signpost.kubernetes.Objects.gameServer;
import static io.signpost.kubernetes.Objects.players;
import static io.signpost.kubernetes.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.signpost.runtime.Eventually;
import io.signpost.runtime.RunningRouter;
import io.signpost.runtime.RunningRouter.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The discovery configurations in {@code dev/} (Hyrouter's, same shape) start unchanged but for the
 * listen address and the kubeconfig, and against a cluster holding matching objects route as
 * Hyrouter would: its selectors, filters, sort keys and discovery modes.
 */
@Timeout(240)
class HyrouterDevConfigsIT {

  private static final Path DEV = Path.of("..", "dev");

  @TempDir Path dir;
  private MockCluster cluster;
  private RunningRouter router;

  @BeforeEach
  void cluster() {
    cluster = new MockCluster();
  }

  @AfterEach
  void stop() {
    if (router != null) {
      router.close();
    }
    cluster.close();
  }

  private void start(String file) throws Exception {
    String text = Files.readString(DEV.resolve(file), StandardCharsets.UTF_8);
    String local =
        text.replace("listen: \":5520\"", "listen: \"127.0.0.1:0\"")
            .replace("kubeconfig: \"\"", "kubeconfig: \"" + cluster.kubeconfig(dir) + "\"");
    assertThat(local).doesNotContain("kubeconfig: \"\"").contains("127.0.0.1:0");
    router = RunningRouter.start(local, Map.of());
    // The dev configurations keep the default 5s connect_timeout, which also covers the QUIC
    // handshake: the JVM's first one takes seconds on a busy machine, so it is made beforehand.
    router.client.warmUp();
  }

  private String play() throws Exception {
    Answer a = router.send("play.example.com", RunningRouter.connect("steve", "de"));
    return a.isReferral()
        ? a.referralPacket().target().host() + ":" + a.referralPacket().target().port()
        : "disconnect: " + a.reason();
  }

  private void create(Pod p) {
    cluster.client().pods().inNamespace("default").resource(p).create();
  }

  @Test
  void podsAreRoutedInRegionOrder() throws Exception {
    Map<String, String> enabled = Map.of("hyrouter/enabled", "true");
    create(
        pod("default", "us-1", "10.4.0.2", Map.of("app", "hytale-backend", "region", "us"))
            .editMetadata()
            .withAnnotations(enabled)
            .endMetadata()
            .build());
    create(
        pod("default", "eu-1", "10.4.0.1", Map.of("app", "hytale-backend", "region", "eu"))
            .editMetadata()
            .withAnnotations(enabled)
            .endMetadata()
            .build());
    create(
        pod("default", "off", "10.4.0.3", Map.of("app", "hytale-backend", "region", "ap")).build());
    start("config.kubernetes.pods.dev.yaml");

    assertThat(Eventually.until("first pick", this::play, a -> !a.startsWith("disconnect")))
        .isEqualTo("10.4.0.1:5520");
    assertThat(play()).isEqualTo("10.4.0.2:5520");
    assertThat(play()).isEqualTo("10.4.0.1:5520");
  }

  @Test
  void endpointSlicesAreRoutedAndTheStaticBackendIsTheFallbackWhenThereAreNone() throws Exception {
    start("config.kubernetes.endpointslices.dev.yaml");
    assertThat(Eventually.until("synced", this::play, a -> !a.startsWith("disconnect")))
        .isEqualTo("play.hyvane.com:5520");

    cluster
        .client()
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("default")
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("hytale-backend-x1")
                .withNamespace("default")
                .addToLabels("kubernetes.io/service-name", "hytale-backend")
                .addToLabels("hyrouter/enabled", "true")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withName("game")
                .withPort(5520)
                .endPort()
                .addNewEndpoint()
                .withAddresses("10.5.0.1")
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .endEndpoint()
                .build())
        .create();

    Eventually.until("the slice's endpoint", this::play, "10.5.0.1:5520"::equals);
  }

  @Test
  void gameServersAreSortedByPlayersAndUnannotatedOnesLeftOut() throws Exception {
    Map<String, String> fleet = Map.of("agones.dev/fleet", "hytale");
    Map<String, String> enabled = Map.of("hyrouter/enabled", "true");
    for (var gs :
        new Object[][] {
          {"gs-busy", "Allocated", "10.6.0.1", 9},
          {"gs-quiet", "Ready", "10.6.0.2", 1},
          {"gs-reserved", "Reserved", "10.6.0.3", 4},
        }) {
      cluster
          .client()
          .genericKubernetesResources(Objects.GAME_SERVERS)
          .inNamespace("default")
          .resource(
              gameServer(
                  "default",
                  (String) gs[0],
                  (String) gs[1],
                  (String) gs[2],
                  7777,
                  fleet,
                  enabled,
                  players((int) gs[3], 10)))
          .create();
    }
    cluster
        .client()
        .genericKubernetesResources(Objects.GAME_SERVERS)
        .inNamespace("default")
        .resource(
            gameServer(
                "default", "gs-hidden", "Ready", "10.6.0.4", 7777, fleet, Map.of(), players(0, 10)))
        .create();
    start("config.agones.observe.dev.yaml");

    assertThat(Eventually.until("first pick", this::play, a -> !a.startsWith("disconnect")))
        .isEqualTo("10.6.0.2:7777");
    assertThat(play()).isEqualTo("10.6.0.3:7777");
    assertThat(play()).isEqualTo("10.6.0.1:7777");
  }

  @Test
  void eachConnectionAllocatesAndIsSentToThePreferredAddress() throws Exception {
    cluster
        .server()
        .expect()
        .post()
        .withPath("/apis/allocation.agones.dev/v1/namespaces/default/gameserverallocations")
        .andReturn(201, AllocationIT.allocated("gs-x", "198.51.100.20", 7400))
        .always();
    start("config.agones.allocate.dev.yaml");

    assertThat(play()).isEqualTo("198.51.100.20:7400");
  }
}
