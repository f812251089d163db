package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A backend game server: where a client may be referred.
 *
 * <p>The JSON form is {@code {"host": "...", "port": 5520, "weight": 1, "meta": {...}}} as in
 * Hyrouter. {@code meta} carries discovery metadata (labels, annotations, counters) that filters,
 * sort keys and load-aware strategies read; it is never null (empty when there is none) and is
 * omitted from JSON when empty.
 *
 * @param host host name or IP literal the client will dial
 * @param port UDP port, 1..65535 for a usable backend
 * @param weight relative weight for the {@code weighted} strategy; 0 when unset
 * @param meta metadata by key
 */
public record Backend(
    @JsonProperty("host") String host,
    @JsonProperty("port") int port,
    @JsonProperty("weight") int weight,
    @JsonProperty("meta") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> meta) {

  public Backend {
    host = host == null ? "" : host;
    meta = meta == null ? Map.of() : Map.copyOf(meta);
  }

  /** A backend with no weight and no metadata. */
  public static Backend of(String host, int port) {
    return new Backend(requireNonNull(host, "host"), port, 0, Map.of());
  }

  /**
   * Whether the client could be referred here: a non-blank host and a port in 1..65535. Plugin
   * output that fails this check is not applied.
   */
  @JsonIgnore
  public boolean isUsable() {
    return !host.isBlank() && port >= 1 && port <= 65535;
  }

  /** {@code host:port}, with IPv6 literals in brackets. */
  @JsonIgnore
  public String address() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
