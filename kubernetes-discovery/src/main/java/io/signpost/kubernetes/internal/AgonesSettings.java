package io.signpost.kubernetes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.discovery.DiscoveryProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * An {@code agones:} provider section, read into values, with Hyrouter's defaults: observe mode,
 * state {@code Ready}, the {@code status.address} field, the first port.
 *
 * @param kubeconfig an explicit kubeconfig path; empty for the client's automatic configuration
 * @param namespaces observe: the namespaces watched, empty for all; allocate: the first is where
 *     allocations are made ({@code default} when none)
 * @param allocate whether each connection allocates a GameServer instead of observing them
 * @param allocateMinInterval the least time between two allocations; zero for none
 * @param states observe: the GameServer states routed to, lower case; allocate: the first is the
 *     state allocated from
 * @param labels the label selector
 * @param annotations the annotation selector (observe only)
 * @param metadata labels and annotations copied into backend metadata
 * @param addressSource {@code address}, {@code addresses} or empty (see {@link
 *     GameServerRules#address})
 * @param addressPreference address types tried in order
 * @param port where the game listens
 * @param staleAfter how long without a working watch before the provider counts as stale
 */
public record AgonesSettings(
    String kubeconfig,
    List<String> namespaces,
    boolean allocate,
    Duration allocateMinInterval,
    List<String> states,
    LabelSelector labels,
    AnnotationSelector annotations,
    MetadataSpec metadata,
    String addressSource,
    List<String> addressPreference,
    PortSpec port,
    Duration staleAfter) {

  /** Reads a section that passed validation. */
  public static AgonesSettings read(JsonNode section) {
    JsonNode selector = section.path("selector");
    JsonNode address = section.path("address");
    List<String> states =
        Sections.texts(section, "state").stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    return new AgonesSettings(
        Sections.text(section, "kubeconfig"),
        Sections.texts(section, "namespaces"),
        Sections.text(section, "mode").toLowerCase(Locale.ROOT).equals("allocate"),
        Sections.duration(section, "allocate_min_interval", Duration.ZERO),
        states.isEmpty() ? List.of("ready") : states,
        KubernetesSettings.labels(Sections.text(selector, "labels")),
        AnnotationSelector.parse(Sections.text(selector, "annotations")),
        MetadataSpec.read(section.path("metadata")),
        Sections.text(address, "source").toLowerCase(Locale.ROOT),
        Sections.texts(address, "preference"),
        PortSpec.read(section.path("port")),
        Sections.duration(section, "stale_after", DiscoveryProviderConfig.DEFAULT_STALE_AFTER));
  }

  /** Allocate mode: the namespace allocations are made in. */
  String allocationNamespace() {
    return namespaces.isEmpty() ? "default" : namespaces.get(0);
  }

  /** Allocate mode: the {@code gameServerState} asked for, as written in Agones. */
  String allocationState() {
    String s = states.get(0);
    return s.isEmpty() ? "Ready" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
