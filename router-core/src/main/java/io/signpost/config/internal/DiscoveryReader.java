package io.signpost.config.internal;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.signpost.config.ConfigDefaults;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code discovery.providers}: checks the shape of Hyrouter's Kubernetes and Agones sections
 * (keys, types, the simple value rules Hyrouter checks) and keeps each section as written; then
 * hands each entry to the {@link DiscoveryProviderFactory} of its type, which checks what only it
 * understands (label selector expressions, for one). A Hyrouter type with no installed factory is a
 * warning: the configuration loads and pools using the provider answer {@code discovery_error}.
 */
public final class DiscoveryReader {

  /** The provider types Hyrouter has, whose sections this reader knows the shape of. */
  private static final Set<String> HYROUTER_TYPES = Set.of("kubernetes", "agones");

  private static final Set<String> DISCOVERY_KEYS = Set.of("providers");
  private static final Set<String> PROVIDER_KEYS = Set.of("name", "type", "kubernetes", "agones");
  private static final Set<String> KUBERNETES_KEYS =
      Set.of("kubeconfig", "namespaces", "resources", "filters", "metadata", "stale_after");
  private static final Set<String> RESOURCE_KEYS = Set.of("kind", "service", "selector", "port");
  private static final Set<String> SERVICE_KEYS = Set.of("name", "namespace");
  private static final Set<String> SELECTOR_KEYS = Set.of("labels", "annotations");
  private static final Set<String> PORT_KEYS = Set.of("name", "number", "container_port");
  private static final Set<String> K8S_FILTER_KEYS =
      Set.of("require_pod_ready", "require_pod_phase", "require_endpoint_ready");
  private static final Set<String> METADATA_KEYS = Set.of("include_labels", "include_annotations");
  private static final Set<String> AGONES_KEYS =
      Set.of(
          "kubeconfig",
          "namespaces",
          "mode",
          "allocate_min_interval",
          "state",
          "selector",
          "metadata",
          "address",
          "port",
          "stale_after");
  private static final Set<String> ADDRESS_KEYS = Set.of("source", "preference");

  private final Map<String, DiscoveryProviderFactory> factories;
  private final Set<String> providerKeys;

  /**
   * @param factories discovery provider factories by {@link DiscoveryProviderFactory#type()}
   */
  public DiscoveryReader(Map<String, DiscoveryProviderFactory> factories) {
    this.factories = factories;
    Set<String> keys = new HashSet<>(PROVIDER_KEYS);
    keys.addAll(factories.keySet());
    this.providerKeys = Set.copyOf(keys);
  }

  /**
   * Reads every entry; problems of the providers' own checks go to {@code problems}.
   *
   * @return the entries that have a name and a type, in document order
   */
  public List<DiscoveryProviderConfig> read(ConfigNode discovery, List<ConfigProblem> problems) {
    List<DiscoveryProviderConfig> out = new ArrayList<>();
    if (!discovery.object(DISCOVERY_KEYS)) {
      return out;
    }
    Set<String> seen = new HashSet<>();
    for (ConfigNode p : discovery.get("providers").items()) {
      if (!p.object(providerKeys)) {
        continue;
      }
      String name = p.get("name").text("");
      if (name.isEmpty()) {
        p.get("name").error("must not be empty (expected: a unique provider name)");
      } else if (!seen.add(name)) {
        p.get("name").error("duplicate provider name \"" + name + "\" (expected: unique names)");
      }
      String typeText = p.get("type").text("");
      String type = typeText.strip().toLowerCase(Locale.ROOT);
      ConfigNode section = p.get(type);
      long before = p.errorCount();
      switch (type) {
        case "kubernetes" -> kubernetes(section);
        case "agones" -> agones(section);
        default -> {
          if (!factories.containsKey(type)) {
            p.get("type").error("\"" + typeText + "\" (expected: " + expectedTypes() + ")");
          }
        }
      }
      boolean known = HYROUTER_TYPES.contains(type) || factories.containsKey(type);
      if (known && !section.isPresent()) {
        section.error("must be set for type " + type + " (expected: an object)");
      }
      DiscoveryProviderConfig config =
          new DiscoveryProviderConfig(
              name, type, section.isPresent() ? section.json() : MissingNode.getInstance());
      out.add(config);
      if (!known || p.errorCount() > before) {
        continue;
      }
      DiscoveryProviderFactory factory = factories.get(type);
      if (factory == null) {
        p.get("type")
            .warning(
                "no discovery provider of type "
                    + type
                    + " is installed (expected: the kubernetes-discovery module on the class path);"
                    + " pools using \""
                    + name
                    + "\" answer discovery_error");
      } else {
        problems.addAll(factory.validate(config, p.path()));
      }
    }
    return out;
  }

  private String expectedTypes() {
    Set<String> types = new LinkedHashSet<>(List.of("kubernetes", "agones"));
    types.addAll(new TreeSet<>(factories.keySet()));
    List<String> list = List.copyOf(types);
    return list.size() == 2
        ? list.get(0) + " or " + list.get(1)
        : String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
  }

  private static void staleAfter(ConfigNode section) {
    section.get("stale_after").duration(ConfigDefaults.DISCOVERY_STALE_AFTER, false);
  }

  private static void kubernetes(ConfigNode k) {
    if (!k.object(KUBERNETES_KEYS)) {
      return;
    }
    k.get("kubeconfig").text();
    k.get("namespaces").textList();
    staleAfter(k);
    for (ConfigNode r : k.get("resources").items()) {
      if (!r.object(RESOURCE_KEYS)) {
        continue;
      }
      r.get("kind").text();
      ConfigNode service = r.get("service");
      if (service.object(SERVICE_KEYS)) {
        service.get("name").text();
        service.get("namespace").text();
      }
      selector(r.get("selector"));
      port(r.get("port"));
    }
    ConfigNode filters = k.get("filters");
    if (filters.object(K8S_FILTER_KEYS)) {
      filters.get("require_pod_ready").bool(false);
      filters.get("require_pod_phase").textList();
      filters.get("require_endpoint_ready").bool(false);
    }
    metadata(k.get("metadata"));
  }

  private static void agones(ConfigNode a) {
    if (!a.object(AGONES_KEYS)) {
      return;
    }
    a.get("kubeconfig").text();
    a.get("namespaces").textList();
    staleAfter(a);
    String mode = a.get("mode").text("");
    String m = mode.strip().toLowerCase(Locale.ROOT);
    if (!m.isEmpty() && !m.equals("observe") && !m.equals("allocate")) {
      a.get("mode").error("\"" + mode + "\" (expected: observe or allocate)");
    }
    String interval = a.get("allocate_min_interval").text("");
    if (!interval.isBlank()) {
      a.get("allocate_min_interval").duration(null, true);
    }
    a.get("state").textList();
    selector(a.get("selector"));
    metadata(a.get("metadata"));
    ConfigNode address = a.get("address");
    if (address.object(ADDRESS_KEYS)) {
      String source = address.get("source").text("");
      String s = source.strip().toLowerCase(Locale.ROOT);
      if (!s.isEmpty() && !s.equals("address") && !s.equals("addresses")) {
        address.get("source").error("\"" + source + "\" (expected: address or addresses)");
      }
      address.get("preference").textList();
    }
    port(a.get("port"));
  }

  private static void selector(ConfigNode s) {
    if (!s.object(SELECTOR_KEYS)) {
      return;
    }
    s.get("labels").text();
    String annotations = s.get("annotations").text("");
    for (String token : annotations.split(",", -1)) {
      String t = token.strip();
      if (t.isEmpty()) {
        continue;
      }
      int eq = t.indexOf('=');
      if (eq <= 0 || t.substring(eq + 1).isBlank() || t.substring(0, eq).isBlank()) {
        s.get("annotations").error("invalid selector token \"" + t + "\" (expected: k=v[,k=v...])");
      }
    }
  }

  private static void port(ConfigNode p) {
    if (!p.object(PORT_KEYS)) {
      return;
    }
    p.get("name").text();
    p.get("number").integer(0, 0, 65535, "0..65535");
    p.get("container_port").integer(0, 0, 65535, "0..65535");
  }

  private static void metadata(ConfigNode m) {
    if (m.object(METADATA_KEYS)) {
      m.get("include_labels").textList();
      m.get("include_annotations").textList();
    }
  }
}
