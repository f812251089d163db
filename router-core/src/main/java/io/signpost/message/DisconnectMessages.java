package io.signpost.message;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.config.ConfigDefaults;
import io.signpost.config.MessagesConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The texts sent to players in a {@code Disconnect} packet, by message key and language.
 *
 * <p>Lookup for a key and the client's language: the {@code disconnect_locales} entry for the exact
 * tag, then for its base language ({@code pt} for {@code pt-BR}), then {@code disconnect}, then the
 * built-in English text. Tags compare case-insensitively with {@code _} read as {@code -}.
 * Templates may use {@code ${sni}} and {@code ${error}}; they are replaced in one pass, so
 * replacement text is never expanded again. Immutable and thread-safe; all lookups are resolved at
 * construction.
 */
public final class DisconnectMessages {

  /** No route matched and there is no default pool. */
  public static final String NO_ROUTE = "no_route";

  /** The pool had no usable backend. */
  public static final String NO_BACKENDS = "no_backends";

  /** Routing failed unexpectedly. */
  public static final String ROUTING_ERROR = "routing_error";

  /** Discovery could not supply backends. */
  public static final String DISCOVERY_ERROR = "discovery_error";

  /** A plugin denied the connection without giving a reason. */
  public static final String DENIED = "denied";

  /** The router failed while handling the connection. */
  public static final String INTERNAL_ERROR = "internal_error";

  /** Signpost: the router is shutting down and answers new clients instead of ignoring them. */
  public static final String SHUTTING_DOWN = "shutting_down";

  /** Every key, in documentation order. */
  public static final List<String> KEYS = MessagesConfig.KEYS;

  private final Map<String, String> base;
  private final Map<String, Map<String, String>> byTag;

  private DisconnectMessages(Map<String, String> base, Map<String, Map<String, String>> byTag) {
    this.base = base;
    this.byTag = byTag;
  }

  /** Messages from a loaded configuration. */
  public static DisconnectMessages of(MessagesConfig config) {
    requireNonNull(config, "config");
    Map<String, String> base = new HashMap<>(ConfigDefaults.DISCONNECT_MESSAGES);
    config
        .disconnect()
        .forEach(
            (k, v) -> {
              if (!v.isBlank()) {
                base.put(k, v);
              }
            });
    Map<String, Map<String, String>> byTag = new HashMap<>();
    config
        .disconnectLocales()
        .forEach(
            (tag, texts) -> {
              Map<String, String> merged = new HashMap<>(base);
              texts.forEach(
                  (k, v) -> {
                    if (!v.isBlank()) {
                      merged.put(k, v);
                    }
                  });
              byTag.put(normalizeTag(tag), Map.copyOf(merged));
            });
    return new DisconnectMessages(Map.copyOf(base), Map.copyOf(byTag));
  }

  /** The built-in texts and translations. */
  public static DisconnectMessages defaults() {
    return of(MessagesConfig.defaults());
  }

  /**
   * The text for a key in the client's language, with templates filled in.
   *
   * @param key one of {@link #KEYS}
   * @param language the client's language tag, for example {@code pt-BR}; null or empty for none
   * @param sni replaces {@code ${sni}}
   * @param error replaces {@code ${error}}
   * @throws IllegalArgumentException for an unknown key
   */
  public String render(String key, @Nullable String language, String sni, String error) {
    return fill(
        template(key, language), requireNonNull(sni, "sni"), requireNonNull(error, "error"));
  }

  /** The unfilled template for a key and language. */
  public String template(String key, @Nullable String language) {
    requireNonNull(key, "key");
    Map<String, String> texts = textsFor(language);
    String t = texts.get(key);
    if (t == null) {
      throw new IllegalArgumentException(
          "message key: " + key + " (expected: one of " + String.join(", ", KEYS) + ")");
    }
    return t;
  }

  private Map<String, String> textsFor(@Nullable String language) {
    if (language == null || language.isBlank() || byTag.isEmpty()) {
      return base;
    }
    String tag = normalizeTag(language);
    Map<String, String> exact = byTag.get(tag);
    if (exact != null) {
      return exact;
    }
    int dash = tag.indexOf('-');
    if (dash > 0) {
      Map<String, String> baseLanguage = byTag.get(tag.substring(0, dash));
      if (baseLanguage != null) {
        return baseLanguage;
      }
    }
    return base;
  }

  static String normalizeTag(String tag) {
    return tag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
  }

  /** Replaces {@code ${sni}} and {@code ${error}} in one left-to-right pass. */
  static String fill(String template, String sni, String error) {
    int i = template.indexOf("${");
    if (i < 0) {
      return template;
    }
    StringBuilder sb = new StringBuilder(template.length() + sni.length() + error.length());
    int from = 0;
    while (i >= 0) {
      sb.append(template, from, i);
      if (template.startsWith("${sni}", i)) {
        sb.append(sni);
        from = i + "${sni}".length();
      } else if (template.startsWith("${error}", i)) {
        sb.append(error);
        from = i + "${error}".length();
      } else {
        sb.append("${");
        from = i + 2;
      }
      i = template.indexOf("${", from);
    }
    return sb.append(template, from, template.length()).toString();
  }
}
