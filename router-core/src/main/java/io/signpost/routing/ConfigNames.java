package io.signpost.routing;

import java.util.Locale;
import java.util.Optional;

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

  /** The constant whose {@link #configName} equals {@code value} once normalised; empty if none. */
  static <E extends Enum<E>> Optional<E> parse(E[] constants, String value) {
    String n = normalize(value);
    for (E constant : constants) {
      if (configName(constant).equals(n)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }
}
