package io.signpost.kubernetes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.configtree.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the configuration loader cannot check in a {@code kubernetes:} or {@code agones:} section:
 * label selectors (parsed as the API server would), namespace and service names, and settings that
 * do nothing. Problems carry their full path.
 */
public final class SectionCheck {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Set<String> AGONES_STATES =
      Set.of(
          "portallocation",
          "creating",
          "starting",
          "scheduled",
          "requestready",
          "ready",
          "reserved",
          "allocated",
          "shutdown",
          "error",
          "unhealthy");

  private final List<ConfigProblem> problems = new ArrayList<>();

  private SectionCheck() {}

  /** The problems of a {@code kubernetes:} section at {@code path}. */
  public static List<ConfigProblem> kubernetes(JsonNode section, String path) {
    SectionCheck c = new SectionCheck();
    c.namespaces(section, path);
    JsonNode resources = section.path("resources");
    if (resources.isEmpty()) {
      c.warning(path + ".resources", "empty: this provider never finds a backend");
    }
    boolean pods = false;
    for (int i = 0; i < resources.size(); i++) {
      JsonNode r = resources.get(i);
      String at = path + ".resources[" + i + "]";
      KubernetesSettings.Kind kind = KubernetesSettings.Kind.parse(Sections.text(r, "kind"));
      if (kind == KubernetesSettings.Kind.UNKNOWN) {
        c.warning(
            at + ".kind",
            "\""
                + Sections.text(r, "kind")
                + "\" is not a known kind and the resource is ignored, as in Hyrouter (expected:"
                + " pods or endpointslices)");
        continue;
      }
      c.labelSelector(r.path("selector"), at + ".selector.labels");
      JsonNode service = r.path("service");
      if (kind == KubernetesSettings.Kind.PODS) {
        pods = true;
        if (!service.isMissingNode() && !service.isNull()) {
          c.warning(at + ".service", "has no effect for kind pods");
        }
        if (PortSpec.read(r.path("port")).isUnset()) {
          c.warning(
              at + ".port",
              "unset: no pod has a port, so none is routed to (expected: container_port, number"
                  + " or name)");
        }
      } else {
        String name = Sections.text(service, "name");
        if (!name.isEmpty() && !LabelSelector.isValidValue(name)) {
          c.error(at + ".service.name", "\"" + name + "\" is not a valid service name");
        }
        c.namespace(Sections.text(service, "namespace"), at + ".service.namespace");
        if (PortSpec.read(r.path("port")).containerPort() > 0) {
          c.warning(at + ".port.container_port", "has no effect for kind endpointslices");
        }
      }
    }
    if (pods && !Sections.bool(section.path("filters"), "require_pod_ready")) {
      c.warning(
          path + ".filters.require_pod_ready",
          "not set: pods that are not Ready are routed to, as in Hyrouter (expected: true)");
    }
    return c.problems;
  }

  /** The problems of an {@code agones:} section at {@code path}. */
  public static List<ConfigProblem> agones(JsonNode section, String path) {
    SectionCheck c = new SectionCheck();
    c.namespaces(section, path);
    LabelSelector selector = c.labelSelector(section.path("selector"), path + ".selector.labels");
    boolean allocate = Sections.text(section, "mode").toLowerCase(Locale.ROOT).equals("allocate");
    List<String> states = Sections.texts(section, "state");
    for (int i = 0; i < states.size(); i++) {
      if (!AGONES_STATES.contains(states.get(i).toLowerCase(Locale.ROOT))) {
        c.warning(
            path + ".state[" + i + "]",
            "\"" + states.get(i) + "\" is not an Agones GameServer state and matches nothing");
      }
    }
    JsonNode address = section.path("address");
    if (Sections.text(address, "source").equalsIgnoreCase("address")
        && !Sections.texts(address, "preference").isEmpty()) {
      c.warning(path + ".address.preference", "has no effect with source address");
    }
    if (allocate) {
      c.allocateMode(section, path, selector, states);
    } else if (!Sections.text(section, "allocate_min_interval").isEmpty()) {
      c.warning(path + ".allocate_min_interval", "has no effect in observe mode");
    }
    return c.problems;
  }

  private void allocateMode(
      JsonNode section, String path, LabelSelector selector, List<String> states) {
    if (selector != null) {
      for (LabelSelector.Requirement r : selector.requirements()) {
        if (r.operator() == LabelSelector.Operator.GREATER_THAN
            || r.operator() == LabelSelector.Operator.LESS_THAN) {
          error(
              path + ".selector.labels",
              "\""
                  + r.key()
                  + "\" compares with > or <, which a GameServerAllocation cannot express"
                  + " (expected: =, !=, in, notin or existence)");
        }
      }
    }
    if (!Sections.text(section.path("selector"), "annotations").isEmpty()) {
      warning(
          path + ".selector.annotations",
          "has no effect in allocate mode: allocations select by labels only");
    }
    if (Sections.texts(section, "namespaces").size() > 1) {
      warning(path + ".namespaces", "allocate mode uses only the first, as in Hyrouter");
    }
    if (states.size() > 1) {
      warning(path + ".state", "allocate mode uses only the first, as in Hyrouter");
    }
    if (!states.isEmpty()
        && !states.get(0).equalsIgnoreCase("ready")
        && !states.get(0).equalsIgnoreCase("allocated")) {
      error(
          path + ".state[0]",
          "\"" + states.get(0) + "\" cannot be allocated from (expected: Ready or Allocated)");
    }
  }

  private LabelSelector labelSelector(JsonNode selector, String path) {
    String expression = Sections.text(selector, "labels");
    try {
      return LabelSelector.parse(expression);
    } catch (LabelSelector.InvalidSelectorException e) {
      error(
          path,
          "\""
              + expression
              + "\" is not a label selector: "
              + e.getMessage()
              + " (expected: e.g. app=game,region in (eu,us))");
      return null;
    }
  }

  private void namespaces(JsonNode section, String path) {
    List<String> namespaces = Sections.texts(section, "namespaces");
    for (int i = 0; i < namespaces.size(); i++) {
      namespace(namespaces.get(i), path + ".namespaces[" + i + "]");
    }
  }

  private void namespace(String ns, String path) {
    if (!ns.isEmpty() && !DNS_LABEL.matcher(ns).matches()) {
      error(
          path,
          "\""
              + ns
              + "\" is not a namespace name (expected: lower-case letters, digits and -, at most"
              + " 63)");
    }
  }

  private void error(String path, String message) {
    problems.add(ConfigProblem.error(path, message));
  }

  private void warning(String path, String message) {
    problems.add(ConfigProblem.warning(path, message));
  }
}
