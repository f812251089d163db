package io.signpost.kubernetes.internal;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.signpost.plugin.Backend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyrouter's rules for an EndpointSlice: matching labels and annotations, the configured service's
 * {@code kubernetes.io/service-name}, and a port (the configured number, else the port with the
 * configured name, else the slice's first port). Each address of each endpoint is a backend, except
 * endpoints reported unready when {@code filters.require_endpoint_ready} (an endpoint whose
 * readiness is unknown counts as ready). Backends carry {@code k8s.namespace}, {@code k8s.name}
 * (the slice), the included labels and annotations of the slice, and its {@code hyrouter/weight}.
 */
final class EndpointSliceRules {

  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final KubernetesSettings settings;
  private final KubernetesSettings.Resource resource;

  EndpointSliceRules(KubernetesSettings settings, KubernetesSettings.Resource resource) {
    this.settings = settings;
    this.resource = resource;
  }

  List<Backend> backends(EndpointSlice slice) {
    if (slice.getMetadata() == null) {
      return List.of();
    }
    Map<String, String> labels = slice.getMetadata().getLabels();
    Map<String, String> annotations = slice.getMetadata().getAnnotations();
    if (!resource.labels().matches(labels) || !resource.annotations().matches(annotations)) {
      return List.of();
    }
    if (!resource.serviceName().isEmpty()
        && (labels == null || !resource.serviceName().equals(labels.get(SERVICE_NAME_LABEL)))) {
      return List.of();
    }
    int port = port(slice);
    if (port <= 0 || slice.getEndpoints() == null) {
      return List.of();
    }
    int weight = Weights.of(labels, annotations);
    List<Backend> out = new ArrayList<>();
    for (Endpoint ep : slice.getEndpoints()) {
      if (settings.requireEndpointReady()
          && ep.getConditions() != null
          && Boolean.FALSE.equals(ep.getConditions().getReady())) {
        continue;
      }
      if (ep.getAddresses() == null) {
        continue;
      }
      for (String address : ep.getAddresses()) {
        Map<String, String> meta = new LinkedHashMap<>();
        K8sMeta.fill(meta, slice.getMetadata().getNamespace(), slice.getMetadata().getName(), null);
        settings.metadata().copy(labels, annotations, meta);
        out.add(new Backend(address, port, weight, meta));
      }
    }
    return out;
  }

  private int port(EndpointSlice slice) {
    PortSpec spec = resource.port();
    if (spec.number() > 0) {
      return spec.number();
    }
    List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
    if (!spec.name().isEmpty()) {
      for (EndpointPort p : ports) {
        if (spec.name().equals(p.getName()) && p.getPort() != null) {
          return p.getPort();
        }
      }
    }
    for (EndpointPort p : ports) {
      if (p.getPort() != null) {
        return p.getPort();
      }
    }
    return 0;
  }
}
