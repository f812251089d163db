package io.signpost.plugin;

import java.util.Locale;
import java.util.Optional;

/** What the chain does when a plugin call fails or times out. */
public enum OnError {
  /** Log the failure and go on with the next plugin: fail open (Hyrouter's only behaviour). */
  CONTINUE,
  /** Refuse the connection: fail closed, for plugins whose silence must not admit anyone. */
  DENY;

  /** The config spelling, lower case. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the config spelling ({@code continue}, {@code deny}, or the aliases {@code fail_open},
   * {@code fail_closed}); empty when unknown.
   */
  public static Optional<OnError> parse(String value) {
    return switch (value) {
      case "continue", "fail_open" -> Optional.of(CONTINUE);
      case "deny", "fail_closed" -> Optional.of(DENY);
      default -> Optional.empty();
    };
  }
}
