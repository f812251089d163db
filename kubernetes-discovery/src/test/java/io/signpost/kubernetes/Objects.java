package io.signpost.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cluster objects for tests, as a controller would leave them. */
final class Objects {

  private Objects() {}

  /** {@code agones.dev/v1} GameServers, addressed without API discovery. */
  static final ResourceDefinitionContext GAME_SERVERS =
      new ResourceDefinitionContext.Builder()
          .withGroup("agones.dev")
          .withVersion("v1")
          .withKind("GameServer")
          .withPlural("gameservers")
          .withNamespaced(true)
          .build();

  /** A Running, Ready pod with an IP and a container port {@code game}: 5520. */
  static PodBuilder pod(String namespace, String name, String ip, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .addNewContainer()
        .withName("server")
        .withImage("game:1")
        .addNewPort()
        .withName("game")
        .withContainerPort(5520)
        .withProtocol("UDP")
        .endPort()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPodIP(ip)
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus();
  }

  static Pod notReady(Pod pod) {
    return new PodBuilder(pod)
        .editStatus()
        .withConditions(
            new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                .withType("Ready")
                .withStatus("False")
                .build())
        .endStatus()
        .build();
  }

  /** An Agones GameServer as the Agones controller reports it. */
  static GenericKubernetesResource gameServer(
      String namespace,
      String name,
      String state,
      String address,
      int port,
      Map<String, String> labels,
      Map<String, String> annotations,
      Map<String, Object> extraStatus) {
    GenericKubernetesResource gs = new GenericKubernetesResource();
    gs.setApiVersion("agones.dev/v1");
    gs.setKind("GameServer");
    gs.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withLabels(labels)
            .withAnnotations(annotations)
            .build());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("state", state);
    status.put("address", address);
    status.put("ports", List.of(Map.of("name", "gameport", "port", port)));
    status.putAll(extraStatus);
    gs.setAdditionalProperty("status", status);
    return gs;
  }

  /** {@code status.counters.players} with a count and a capacity. */
  static Map<String, Object> players(int count, int capacity) {
    return Map.of("counters", Map.of("players", Map.of("count", count, "capacity", capacity)));
  }
}
