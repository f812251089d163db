package io.signpost.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.signpost.plugin.Backend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kubernetes provider over EndpointSlices, against a Kubernetes API served over HTTP. */
@Timeout(180)
class EndpointSliceDiscoveryIT {

  @TempDir Path dir;
  private MockCluster cluster;
  private Providers providers;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster();
    providers =
        Providers.kubernetes(
                """
                kubeconfig: "%s"
                namespaces: [ignored]
                resources:
                  - kind: endpointslices
                    service: {name: hytale-backend, namespace: games}
                    selector: {labels: "hyrouter/enabled=true"}
                    port: {name: game}
                filters: {require_endpoint_ready: true}
                metadata:
                  include_labels: [region]
                  include_annotations: [hyrouter/weight]
                """
                    .formatted(cluster.kubeconfig(dir)))
            .start();
    providers.await("first list", l -> true);
  }

  @AfterEach
  void stop() {
    providers.close();
    cluster.close();
  }

  private static EndpointSliceBuilder slice(String name, String service) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace("games")
        .withName(name)
        .addToLabels("kubernetes.io/service-name", service)
        .addToLabels("hyrouter/enabled", "true")
        .addToLabels("region", "eu")
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("metrics")
        .withPort(9090)
        .endPort()
        .addNewPort()
        .withName("game")
        .withPort(5520)
        .withProtocol("UDP")
        .endPort();
  }

  private static EndpointBuilder endpoint(Boolean ready, String... addresses) {
    return new EndpointBuilder()
        .addToAddresses(addresses)
        .withNewConditions()
        .withReady(ready)
        .endConditions();
  }

  private void apply(EndpointSlice s) {
    cluster
        .client()
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("games")
        .resource(s)
        .createOr(op -> op.update());
  }

  @Test
  void everyAddressOfEveryReadyEndpointIsABackend() throws Exception {
    apply(
        slice("hytale-backend-abc", "hytale-backend")
            .editMetadata()
            .addToAnnotations("hyrouter/weight", "4")
            .endMetadata()
            .addToEndpoints(endpoint(true, "10.0.1.1", "10.0.1.2").build())
            .addToEndpoints(endpoint(false, "10.0.1.3").build())
            .addToEndpoints(endpoint(null, "10.0.1.4").build())
            .build());

    Backend first =
        providers.awaitAddresses("10.0.1.1:5520", "10.0.1.2:5520", "10.0.1.4:5520").get(0);
    assertThat(first.weight()).isEqualTo(4);
    assertThat(first.meta())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "k8s.namespace", "games",
                "k8s.name", "hytale-backend-abc",
                "label.region", "eu",
                "annotation.hyrouter/weight", "4"));
  }

  @Test
  void slicesOfOtherServicesOrNotSelectedAreLeftOut() throws Exception {
    apply(slice("other-abc", "other").addToEndpoints(endpoint(true, "10.0.2.1").build()).build());
    apply(
        slice("hytale-backend-off", "hytale-backend")
            .editMetadata()
            .addToLabels("hyrouter/enabled", "false")
            .endMetadata()
            .addToEndpoints(endpoint(true, "10.0.2.2").build())
            .build());
    apply(
        slice("hytale-backend-on", "hytale-backend")
            .addToEndpoints(endpoint(true, "10.0.2.3").build())
            .build());

    providers.awaitAddresses("10.0.2.3:5520");
  }

  @Test
  void endpointChangesAndDeletionsAreFollowed() throws Exception {
    apply(
        slice("hytale-backend-abc", "hytale-backend")
            .addToEndpoints(endpoint(true, "10.0.3.1").build())
            .build());
    providers.awaitAddresses("10.0.3.1:5520");

    apply(
        slice("hytale-backend-abc", "hytale-backend")
            .addToEndpoints(endpoint(false, "10.0.3.1").build())
            .addToEndpoints(endpoint(true, "10.0.3.2").build())
            .build());
    providers.awaitAddresses("10.0.3.2:5520");

    cluster
        .client()
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("games")
        .withName("hytale-backend-abc")
        .delete();
    providers.awaitAddresses();
  }

  @Test
  void withoutTheNamedPortTheFirstPortIsUsed() throws Exception {
    apply(
        new EndpointSliceBuilder(
                slice("hytale-backend-x", "hytale-backend")
                    .addToEndpoints(endpoint(true, "10.0.4.1").build())
                    .build())
            .withPorts(
                new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder()
                    .withName("other")
                    .withPort(7000)
                    .build())
            .build());

    providers.awaitAddresses("10.0.4.1:7000");
  }
}
