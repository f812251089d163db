package io.signpost.kubernetes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.discovery.DiscoveryProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code kubernetes:} provider section, read into values. Defaults are Hyrouter's: no filters,
 * every namespace when none are listed.
 *
 * @param kubeconfig an explicit kubeconfig path; empty for the client's automatic configuration
 * @param namespaces the namespaces watched; empty for all
 * @param resources what is watched, in order
 * @param requirePodReady only pods whose {@code Ready} condition is true
 * @param requirePodPhase only pods in one of these phases (case-insensitive); empty for any
 * @param requireEndpointReady only endpoints not reported unready
 * @param metadata labels and annotations copied into backend metadata
 * @param staleAfter how long without a working watch before the provider counts as stale
 */
public record KubernetesSettings(
    String kubeconfig,
    List<String> namespaces,
    List<Resource> resources,
    boolean requirePodReady,
    List<String> requirePodPhase,
    boolean requireEndpointReady,
    MetadataSpec metadata,
    Duration staleAfter) {

  /** The kinds of resource the provider watches. */
  public enum Kind {
    PODS,
    ENDPOINT_SLICES,
    /** Not a kind Hyrouter knows: the resource is ignored, as in Hyrouter. */
    UNKNOWN;

    static Kind parse(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "pods", "pod" -> PODS;
        case "endpointslices", "endpointslice" -> ENDPOINT_SLICES;
        default -> UNKNOWN;
      };
    }
  }

  /**
   * One entry of {@code resources}.
   *
   * @param kind pods or endpoint slices
   * @param serviceName EndpointSlices only: the {@code kubernetes.io/service-name} they must carry;
   *     empty for any
   * @param serviceNamespace EndpointSlices only: the one namespace watched instead of {@code
   *     namespaces}; empty for those
   * @param labels the label selector
   * @param annotations the annotation selector
   * @param port where the game listens
   */
  public record Resource(
      Kind kind,
      String serviceName,
      String serviceNamespace,
      LabelSelector labels,
      AnnotationSelector annotations,
      PortSpec port) {

    /** The namespaces watched for this resource; empty for all. */
    List<String> namespaces(List<String> configured) {
      if (kind == Kind.ENDPOINT_SLICES && !serviceNamespace.isEmpty()) {
        return List.of(serviceNamespace);
      }
      return configured;
    }

    /** The selector sent to the API server: the labels, and the service name for slices. */
    LabelSelector serverSelector() throws LabelSelector.InvalidSelectorException {
      if (kind == Kind.ENDPOINT_SLICES && !serviceName.isEmpty()) {
        return LabelSelector.parse("kubernetes.io/service-name=" + serviceName).and(labels);
      }
      return labels;
    }
  }

  /**
   * Reads a section that passed validation.
   *
   * @throws IllegalArgumentException when a selector does not parse (validation reports it first)
   */
  public static KubernetesSettings read(JsonNode section) {
    List<Resource> resources = new ArrayList<>();
    for (JsonNode r : section.path("resources")) {
      JsonNode selector = r.path("selector");
      resources.add(
          new Resource(
              Kind.parse(Sections.text(r, "kind")),
              Sections.text(r.path("service"), "name"),
              Sections.text(r.path("service"), "namespace"),
              labels(Sections.text(selector, "labels")),
              AnnotationSelector.parse(Sections.text(selector, "annotations")),
              PortSpec.read(r.path("port"))));
    }
    JsonNode filters = section.path("filters");
    return new KubernetesSettings(
        Sections.text(section, "kubeconfig"),
        Sections.texts(section, "namespaces"),
        List.copyOf(resources),
        Sections.bool(filters, "require_pod_ready"),
        Sections.texts(filters, "require_pod_phase"),
        Sections.bool(filters, "require_endpoint_ready"),
        MetadataSpec.read(section.path("metadata")),
        Sections.duration(section, "stale_after", DiscoveryProviderConfig.DEFAULT_STALE_AFTER));
  }

  static LabelSelector labels(String expression) {
    try {
      return LabelSelector.parse(expression);
    } catch (LabelSelector.InvalidSelectorException e) {
      throw new IllegalArgumentException("selector.labels: " + e.getMessage(), e);
    }
  }
}
