package io.signpost.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.signpost.plugin.Backend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hyrouter's rules for a pod: it needs a pod IP, a phase among {@code filters.require_pod_phase}
 * (when set), a true {@code Ready} condition (when {@code filters.require_pod_ready}), matching
 * labels and annotations, and a port (the configured number, or the container port with the
 * configured name). Its backend carries {@code k8s.namespace}, {@code k8s.name}, {@code k8s.node},
 * the included labels and annotations, and the {@code hyrouter/weight} weight.
 */
final class PodRules {

  private final KubernetesSettings settings;
  private final KubernetesSettings.Resource resource;

  PodRules(KubernetesSettings settings, KubernetesSettings.Resource resource) {
    this.settings = settings;
    this.resource = resource;
  }

  Optional<Backend> backend(Pod pod) {
    if (!allowed(pod)) {
      return Optional.empty();
    }
    int port = port(pod);
    if (port <= 0) {
      return Optional.empty();
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    Map<String, String> meta = new LinkedHashMap<>();
    K8sMeta.fill(
        meta,
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        pod.getSpec() == null ? null : pod.getSpec().getNodeName());
    settings.metadata().copy(labels, annotations, meta);
    return Optional.of(
        new Backend(pod.getStatus().getPodIP(), port, Weights.of(labels, annotations), meta));
  }

  private boolean allowed(Pod pod) {
    if (pod.getMetadata() == null || pod.getStatus() == null) {
      return false;
    }
    String ip = pod.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) {
      return false;
    }
    if (!resource.labels().matches(pod.getMetadata().getLabels())) {
      return false;
    }
    if (!settings.requirePodPhase().isEmpty()) {
      String phase = pod.getStatus().getPhase();
      if (settings.requirePodPhase().stream().noneMatch(p -> p.equalsIgnoreCase(phase))) {
        return false;
      }
    }
    if (settings.requirePodReady() && !ready(pod)) {
      return false;
    }
    return resource.annotations().matches(pod.getMetadata().getAnnotations());
  }

  private static boolean ready(Pod pod) {
    if (pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  private int port(Pod pod) {
    PortSpec spec = resource.port();
    if (spec.containerPort() > 0) {
      return spec.containerPort();
    }
    if (spec.number() > 0) {
      return spec.number();
    }
    if (spec.name().isEmpty() || pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return 0;
    }
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getPorts() == null) {
        continue;
      }
      for (ContainerPort p : c.getPorts()) {
        if (spec.name().equals(p.getName())
            && p.getContainerPort() != null
            && p.getContainerPort() > 0) {
          return p.getContainerPort();
        }
      }
    }
    return 0;
  }
}
