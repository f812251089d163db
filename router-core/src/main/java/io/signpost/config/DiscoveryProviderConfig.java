package io.signpost.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code discovery.providers}. Providers are parsed and checked but not run yet; the
 * type-specific section is kept as written.
 *
 * @param name the name pools refer to
 * @param type {@code kubernetes} or {@code agones}
 * @param section the {@code kubernetes:} or {@code agones:} object
 */
public record DiscoveryProviderConfig(String name, String type, JsonNode section) {

  public DiscoveryProviderConfig {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    section = requireNonNull(section, "section").deepCopy();
  }
}
