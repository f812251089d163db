package io.signpost.discovery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

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

  /**
   * How long a provider's last good list keeps serving while its source fails, unless the section
   * sets {@code stale_after}.
   */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(1);

  public DiscoveryProviderConfig {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    section = requireNonNull(section, "section").deepCopy();
  }
}
