package io.signpost.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The chain stage a plugin runs in. Stages run in declaration order. */
public enum Stage {
  /** Admission decisions: authentication, bans, maintenance windows. */
  DENY,
  /** Backend selection: re-pick, replace candidates. The default stage. */
  ROUTE,
  /** Last-moment changes: referral content. */
  MUTATE;

  private static final Map<String, Stage> SPELLINGS;

  static {
    Map<String, Stage> spellings = new LinkedHashMap<>();
    for (Stage stage : values()) {
      spellings.put(stage.configName(), stage);
    }
    SPELLINGS = Collections.unmodifiableMap(spellings);
  }

  /** The config spelling, lower case. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every config spelling and its stage, in declaration order. */
  public static Map<String, Stage> spellings() {
    return SPELLINGS;
  }

  /** Parses the config spelling; empty when unknown. */
  public static Optional<Stage> parse(String value) {
    return Optional.ofNullable(SPELLINGS.get(value));
  }
}
