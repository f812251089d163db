package io.signpost.plugin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What the chain does when a plugin call fails or times out. */
public enum OnError {
  /** Log the failure and go on with the next plugin: fail open (Hyrouter's only behaviour). */
  CONTINUE,
  /** Refuse the connection: fail closed, for plugins whose silence must not admit anyone. */
  DENY;

  private static final Map<String, OnError> SPELLINGS = spellingsWithAliases();

  private static Map<String, OnError> spellingsWithAliases() {
    Map<String, OnError> spellings = new LinkedHashMap<>();
    for (OnError policy : values()) {
      spellings.put(policy.configName(), policy);
    }
    spellings.put("fail_open", CONTINUE);
    spellings.put("fail_closed", DENY);
    return java.util.Collections.unmodifiableMap(spellings);
  }

  /** The config spelling, lower case. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Every config spelling and its policy: {@code continue}, {@code deny}, and the aliases {@code
   * fail_open}, {@code fail_closed}.
   */
  public static Map<String, OnError> spellings() {
    return SPELLINGS;
  }

  /** Parses the config spelling or an alias; empty when unknown. */
  public static Optional<OnError> parse(String value) {
    return Optional.ofNullable(SPELLINGS.get(value));
  }
}
