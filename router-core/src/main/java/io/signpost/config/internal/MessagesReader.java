package io.signpost.config.internal;

import io.signpost.config.ConfigDefaults;
import io.signpost.config.MessagesConfig;
import io.signpost.configtree.ConfigNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code messages}: configured texts replace the built-in ones key by key (blank values keep
 * the built-in text); {@code disconnect_locales}, when present, replaces the built-in translations.
 */
public final class MessagesReader {

  private static final Set<String> MESSAGES_KEYS = Set.of("disconnect", "disconnect_locales");
  private static final Set<String> TEXT_KEYS = Set.copyOf(MessagesConfig.KEYS);

  public MessagesConfig read(ConfigNode messages) {
    messages.object(MESSAGES_KEYS);
    Map<String, String> disconnect = new LinkedHashMap<>(ConfigDefaults.DISCONNECT_MESSAGES);
    disconnect.putAll(texts(messages.get("disconnect")));
    ConfigNode localesNode = messages.get("disconnect_locales");
    Map<String, Map<String, String>> locales;
    if (localesNode.isPresent()) {
      locales = new LinkedHashMap<>();
      Map<String, String> tagByNormalized = new HashMap<>();
      localesNode
          .entries()
          .forEach(
              (tag, node) -> {
                String normalized =
                    tag.strip().replace('_', '-').toLowerCase(java.util.Locale.ROOT);
                if (normalized.isEmpty()) {
                  node.error("empty language tag (expected: e.g. de or pt-BR)");
                }
                String earlier = tagByNormalized.put(normalized, tag);
                if (earlier != null) {
                  node.warning(
                      "language tag \""
                          + tag
                          + "\" is the same as \""
                          + earlier
                          + "\" (tags ignore case, _ is -): this one is used");
                  locales.remove(earlier);
                }
                locales.put(tag, texts(node));
              });
    } else {
      locales = ConfigDefaults.DISCONNECT_LOCALES;
    }
    return new MessagesConfig(disconnect, locales);
  }

  /** Non-blank texts of one message set. */
  private static Map<String, String> texts(ConfigNode set) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!set.object(TEXT_KEYS)) {
      return out;
    }
    for (String key : MessagesConfig.KEYS) {
      String t = set.get(key).text();
      if (t != null && !t.isBlank()) {
        out.put(key, t);
      }
    }
    return out;
  }
}
