package io.signpost.routing;

import java.util.Locale;

/**
 * How Hyrouter normalises enumerated config values: trimmed, lower-case, {@code -} as {@code _}.
 */
final class ConfigNames {

  private ConfigNames() {}

  static String normalize(String value) {
    return value.strip().toLowerCase(Locale.ROOT).replace('-', '_');
  }

  static String configName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
