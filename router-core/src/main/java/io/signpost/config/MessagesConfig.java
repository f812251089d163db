package io.signpost.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code messages} section, with defaults applied.
 *
 * @param disconnect texts by message key ({@link #KEYS}); complete after loading
 * @param disconnectLocales overrides by language tag as written; each may cover only some keys
 */
public record MessagesConfig(
    Map<String, String> disconnect, Map<String, Map<String, String>> disconnectLocales) {

  /**
   * Every message key: Hyrouter's four, then Signpost's {@code denied}, {@code internal_error} and
   * {@code shutting_down}.
   */
  public static final List<String> KEYS =
      List.of(
          "no_route",
          "no_backends",
          "routing_error",
          "discovery_error",
          "denied",
          "internal_error",
          "shutting_down");

  public MessagesConfig {
    disconnect = Map.copyOf(disconnect);
    Map<String, Map<String, String>> locales = new LinkedHashMap<>();
    disconnectLocales.forEach((tag, texts) -> locales.put(tag, Map.copyOf(texts)));
    disconnectLocales = java.util.Collections.unmodifiableMap(locales);
  }

  /** The built-in texts and translations. */
  public static MessagesConfig defaults() {
    return new MessagesConfig(
        ConfigDefaults.DISCONNECT_MESSAGES, ConfigDefaults.DISCONNECT_LOCALES);
  }
}
