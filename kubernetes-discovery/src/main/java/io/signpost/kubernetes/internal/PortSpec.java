package io.signpost.kubernetes.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A section's {@code port}: by number ({@code number}, or {@code container_port} for pods) or by
 * name. Zero and empty mean unset.
 */
record PortSpec(String name, int number, int containerPort) {

  static PortSpec read(JsonNode port) {
    return new PortSpec(
        Sections.text(port, "name"),
        Sections.integer(port, "number"),
        Sections.integer(port, "container_port"));
  }

  boolean isUnset() {
    return name.isEmpty() && number <= 0 && containerPort <= 0;
  }

  @Override
  public String toString() {
    if (containerPort > 0) {
      return Integer.toString(containerPort);
    }
    if (number > 0) {
      return Integer.toString(number);
    }
    return name.isEmpty() ? "unset" : "\"" + name + "\"";
  }
}
