package io.signpost.config;

import static java.util.Objects.requireNonNull;

import io.signpost.configtree.ConfigProblem;
import java.util.List;

/**
 * A configuration that loaded, with the warnings found on the way (unknown keys, settings that have
 * no effect); the caller logs them.
 *
 * @param config the configuration
 * @param warnings problems of severity {@link ConfigProblem.Severity#WARNING}
 */
public record LoadedConfig(SignpostConfig config, List<ConfigProblem> warnings) {

  public LoadedConfig {
    requireNonNull(config, "config");
    warnings = List.copyOf(warnings);
  }
}
