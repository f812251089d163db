package io.signpost.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The syntax of a configuration file, chosen by its extension. */
public enum ConfigFormat {
  /** {@code .yaml} or {@code .yml}. */
  YAML,
  /** {@code .json}. */
  JSON;

  /** The format for a file name; empty for an unsupported extension. */
  public static Optional<ConfigFormat> of(Path path) {
    Path name = path.getFileName();
    String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".yaml") || n.endsWith(".yml")) {
      return Optional.of(YAML);
    }
    if (n.endsWith(".json")) {
      return Optional.of(JSON);
    }
    return Optional.empty();
  }
}
