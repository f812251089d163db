package io.signpost.kubernetes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.plugin.Backend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hyrouter's rules for an Agones GameServer, read as a generic object: its state must be among the
 * configured ones (never {@code Shutdown}), it must have an address and a port. Its backend carries
 * {@code k8s.namespace}, {@code k8s.name}, {@code gameserver.state}, {@code
 * counter.<name>.count}/{@code .capacity}, {@code list.<name>.values} (a JSON array of the list's
 * strings) and {@code .capacity}, the included labels and annotations, the {@code hyrouter/weight}
 * label and annotation, and that weight.
 */
final class GameServerRules {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgonesSettings settings;

  GameServerRules(AgonesSettings settings) {
    this.settings = settings;
  }

  /**
   * The backend of a GameServer whose labels and annotations already matched.
   *
   * @param status the object's {@code status}
   */
  Optional<Backend> backend(
      String namespace,
      String name,
      Map<String, String> labels,
      Map<String, String> annotations,
      Map<String, Object> status) {
    String state = text(status.get("state"));
    String lower = state.strip().toLowerCase(Locale.ROOT);
    if (lower.equals("shutdown") || !settings.states().contains(lower)) {
      return Optional.empty();
    }
    String host = address(status, settings);
    int port = port(list(status.get("ports")), settings.port());
    if (host.isEmpty() || port <= 0) {
      return Optional.empty();
    }
    Map<String, String> meta = new LinkedHashMap<>();
    K8sMeta.fill(meta, namespace, name, null);
    meta.put("gameserver.state", state);
    copyWeight(labels, "label.", meta);
    copyWeight(annotations, "annotation.", meta);
    for (Map.Entry<String, Object> c : map(status.get("counters")).entrySet()) {
      Map<String, Object> counter = map(c.getValue());
      putNumber(meta, "counter." + c.getKey() + ".count", counter.get("count"));
      putNumber(meta, "counter." + c.getKey() + ".capacity", counter.get("capacity"));
    }
    settings.metadata().copy(labels, annotations, meta);
    for (Map.Entry<String, Object> l : map(status.get("lists")).entrySet()) {
      Map<String, Object> agonesList = map(l.getValue());
      List<String> values = new ArrayList<>();
      for (Object v : list(agonesList.get("values"))) {
        if (v instanceof String s) {
          values.add(s);
        }
      }
      if (!values.isEmpty()) {
        meta.put("list." + l.getKey() + ".values", json(values));
      }
      putNumber(meta, "list." + l.getKey() + ".capacity", agonesList.get("capacity"));
    }
    return Optional.of(new Backend(host, port, Weights.ofMeta(meta), meta));
  }

  private static void copyWeight(
      Map<String, String> from, String prefix, Map<String, String> meta) {
    String v = from == null ? null : from.get(Weights.KEY);
    if (v != null && !v.isEmpty()) {
      meta.put(prefix + Weights.KEY, v);
    }
  }

  /**
   * The address clients are sent to. With neither {@code address.source} nor a preference: {@code
   * status.address}. With {@code source: address}: the same. Otherwise ({@code source: addresses}
   * or a preference alone): the first {@code status.addresses} entry whose type is preferred, in
   * preference order, else the first entry, else {@code status.address}.
   */
  static String address(Map<String, Object> status, AgonesSettings settings) {
    String address = text(status.get("address"));
    String source = settings.addressSource();
    if (source.isEmpty() && settings.addressPreference().isEmpty()) {
      return address;
    }
    if (source.equals("address")) {
      return address;
    }
    Map<String, String> byType = new LinkedHashMap<>();
    for (Object entry : list(status.get("addresses"))) {
      Map<String, Object> a = map(entry);
      String type = text(a.get("type")).strip();
      String value = text(a.get("address")).strip();
      if (!type.isEmpty() && !value.isEmpty()) {
        byType.put(type, value);
      }
    }
    if (byType.isEmpty()) {
      return address;
    }
    for (String type : settings.addressPreference()) {
      String v = byType.get(type.strip());
      if (v != null) {
        return v;
      }
    }
    return byType.values().iterator().next();
  }

  /** The configured number; else the port with the configured name; else the first port. */
  static int port(List<Object> ports, PortSpec spec) {
    if (spec.number() > 0) {
      return spec.number();
    }
    for (Object entry : ports) {
      Map<String, Object> p = map(entry);
      int port = integer(p.get("port"));
      if (!spec.name().isEmpty()) {
        if (spec.name().equals(text(p.get("name"))) && port > 0) {
          return port;
        }
        continue;
      }
      if (port > 0) {
        return port;
      }
    }
    return 0;
  }

  private static void putNumber(Map<String, String> meta, String key, Object value) {
    if (value != null) {
      meta.put(key, number(value));
    }
  }

  /** As Go's {@code fmt.Sprint} prints a JSON number: integers without a decimal point. */
  private static String number(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }

  static int integer(Object v) {
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (v instanceof String s) {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  static String text(Object v) {
    return v instanceof String s ? s : "";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object v) {
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object v) {
    return v instanceof List<?> l ? (List<Object>) l : List.of();
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
