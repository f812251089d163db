package io.signpost.kubernetes;

import static io.signpost.kubernetes.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.signpost.plugin.Backend;
import io.signpost.runtime.Eventually;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kubernetes provider over Pods, against a Kubernetes API served over HTTP. */
@Timeout(180)
class PodDiscoveryIT {

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

  private Providers start(String resources, String filters) throws Exception {
    providers =
        Providers.kubernetes(
                """
                kubeconfig: "%s"
                namespaces: [default]
                resources:
                %s
                filters: %s
                metadata:
                  include_labels: [region]
                  include_annotations: [hyrouter/weight]
                """
                    .formatted(cluster.kubeconfig(dir), resources.indent(2), filters))
            .start();
    return providers;
  }

  private static final String GAME_PODS =
      """
      - kind: pods
        selector:
          labels: "app=game,region in (eu,us)"
          annotations: "hyrouter/enabled=true"
        port: {container_port: 5520}
      """;

  private static final String READY_RUNNING =
      "{require_pod_ready: true, require_pod_phase: [Running]}";

  private static Map<String, String> game(String region) {
    return Map.of("app", "game", "region", region);
  }

  private static PodBuilder enabled(PodBuilder b) {
    return b.editMetadata().addToAnnotations("hyrouter/enabled", "true").endMetadata();
  }

  private void create(Pod pod) {
    cluster.client().pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
  }

  private void update(Pod pod) {
    cluster.client().pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).update();
  }

  @Test
  void anEmptyClusterSyncsWithNoBackends() throws Exception {
    start(GAME_PODS, READY_RUNNING);

    assertThat(providers.await("first list", l -> true)).isEmpty();
    assertThat(providers.provider.status().synced()).isTrue();
  }

  @Test
  void readyRunningSelectedPodsBecomeBackendsWithHyroutersMetadata() throws Exception {
    start(GAME_PODS, READY_RUNNING);
    providers.await("first list", l -> true);

    create(
        enabled(pod("default", "a", "10.0.0.1", game("eu")))
            .editMetadata()
            .addToAnnotations("hyrouter/weight", "3")
            .endMetadata()
            .build());

    Backend a = providers.awaitAddresses("10.0.0.1:5520").get(0);
    assertThat(a.weight()).isEqualTo(3);
    assertThat(a.meta())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "k8s.namespace", "default",
                "k8s.name", "a",
                "k8s.node", "node-1",
                "label.region", "eu",
                "annotation.hyrouter/weight", "3"));
  }

  @Test
  void podsOutsideTheRulesAreLeftOut() throws Exception {
    start(GAME_PODS, READY_RUNNING);
    providers.await("first list", l -> true);
    create(enabled(pod("default", "ok", "10.0.0.1", game("us"))).build());
    create(enabled(pod("default", "wrong-region", "10.0.0.2", game("ap"))).build());
    create(pod("default", "not-enabled", "10.0.0.3", game("eu")).build());
    create(enabled(pod("other", "other-namespace", "10.0.0.4", game("eu"))).build());
    create(enabled(pod("default", "no-ip", "", game("eu"))).build());
    create(
        enabled(pod("default", "pending", "10.0.0.6", game("eu")))
            .editStatus()
            .withPhase("Pending")
            .endStatus()
            .build());
    create(Objects.notReady(enabled(pod("default", "unready", "10.0.0.7", game("eu"))).build()));
    create(enabled(pod("default", "zz-last", "10.0.0.9", game("eu"))).build());

    providers.awaitAddresses("10.0.0.1:5520", "10.0.0.9:5520");
  }

  @Test
  void updatesAndDeletesAreFollowed() throws Exception {
    start(GAME_PODS, READY_RUNNING);
    providers.await("first list", l -> true);
    Pod a = enabled(pod("default", "a", "10.0.0.1", game("eu"))).build();
    Pod b = Objects.notReady(enabled(pod("default", "b", "10.0.0.2", game("eu"))).build());
    create(a);
    create(b);
    providers.awaitAddresses("10.0.0.1:5520");

    update(enabled(pod("default", "b", "10.0.0.2", game("eu"))).build());
    providers.awaitAddresses("10.0.0.1:5520", "10.0.0.2:5520");

    update(new PodBuilder(a).editMetadata().addToLabels("region", "ap").endMetadata().build());
    providers.awaitAddresses("10.0.0.2:5520");

    cluster.client().pods().inNamespace("default").withName("b").delete();
    providers.awaitAddresses();
  }

  @Test
  void aPortIsFoundByNameAndAPodWithoutItIsSkipped() throws Exception {
    start(
        """
        - kind: pods
          selector: {labels: "app=game"}
          port: {name: game}
        """,
        "{}");
    create(pod("default", "a", "10.0.0.1", game("eu")).build());
    create(
        pod("default", "b", "10.0.0.2", game("eu"))
            .editSpec()
            .editFirstContainer()
            .editFirstPort()
            .withName("metrics")
            .endPort()
            .endContainer()
            .endSpec()
            .build());

    providers.awaitAddresses("10.0.0.1:5520");
  }

  @Test
  void withoutFiltersAnyPodWithAnIpCounts() throws Exception {
    start(
        """
        - kind: pods
          selector: {labels: "app=game"}
          port: {number: 7777}
        """,
        "{}");
    create(Objects.notReady(pod("default", "unready", "10.0.0.1", game("eu")).build()));
    create(pod("default", "no-ip", "", game("eu")).build());

    providers.awaitAddresses("10.0.0.1:7777");
  }

  @Test
  void everyNamespaceIsWatchedWhenNoneIsListed() throws Exception {
    providers =
        Providers.kubernetes(
                """
                kubeconfig: "%s"
                resources:
                  - kind: pods
                    selector: {labels: "app=game"}
                    port: {container_port: 5520}
                """
                    .formatted(cluster.kubeconfig(dir)))
            .start();
    create(pod("alpha", "a", "10.0.0.1", game("eu")).build());
    create(pod("beta", "b", "10.0.0.2", game("eu")).build());

    providers.awaitAddresses("10.0.0.1:5520", "10.0.0.2:5520");
  }

  @Test
  void aDroppedWatchIsResumedAndTheListKeptMeanwhile() throws Exception {
    start(GAME_PODS, READY_RUNNING);
    create(enabled(pod("default", "a", "10.0.0.1", game("eu"))).build());
    providers.awaitAddresses("10.0.0.1:5520");

    cluster.stop();
    Eventually.until(
        "the watch is seen down", () -> providers.provider.status(), s -> !s.watching());
    assertThat(providers.latest()).extracting(Backend::address).containsExactly("10.0.0.1:5520");
    assertThat(providers.provider.status().watchErrors()).isPositive();

    cluster.start();
    create(enabled(pod("default", "b", "10.0.0.2", game("eu"))).build());

    providers.awaitAddresses("10.0.0.1:5520", "10.0.0.2:5520");
    Eventually.until("watching again", () -> providers.provider.status(), s -> s.watching());
    assertThat(providers.provider.status().watchRestarts()).isPositive();
  }
}
