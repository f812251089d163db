package io.signpost.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code discovery.providers}. The type-specific section is kept as written: its shape
 * is checked by the configuration loader, its meaning by the {@link
 * io.signpost.discovery.DiscoveryProviderFactory} of the type, which reads it.
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
