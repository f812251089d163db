package io.signpost.plugin;

import java.util.Locale;
import java.util.Optional;

/** The chain stage a plugin runs in. Stages run in declaration order. */
public enum Stage {
  /** Admission decisions: authentication, bans, maintenance windows. */
  DENY,
  /** Backend selection: re-pick, replace candidates. The default stage. */
  ROUTE,
  /** Last-moment changes: referral content. */
  MUTATE;

  /** The config spelling, lower case. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the config spelling; empty when unknown. */
  public static Optional<Stage> parse(String value) {
    for (Stage stage : values()) {
      if (stage.configName().equals(value)) {
        return Optional.of(stage);
      }
    }
    return Optional.empty();
  }
}
