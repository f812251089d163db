package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.annotation.Nullable;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code type: whitelist}: a backend whose metadata {@code enabled_key} is {@code true}, {@code 1}
 * or {@code yes} (any case) admits only clients listed under {@code list_key}; other backends are
 * kept.
 *
 * <p>The list is a JSON array of strings ({@code ["a","b"]}; {@code null} entries are skipped) or a
 * comma-separated list. When the whitelist is enabled, a backend is dropped if the list is missing,
 * empty or garbled, or if the client did not send the subject (no UUID or username). Keys are
 * metadata keys as written (no {@code label:} prefixes), as in Hyrouter. Matching is exact and
 * case-sensitive.
 *
 * @param subject which client field is looked up; default {@code uuid}
 * @param enabledKey metadata key of the on/off switch
 * @param listKey metadata key of the list
 */
public record WhitelistFilter(Subject subject, String enabledKey, String listKey)
    implements Filter {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The client field matched against the list. */
  public enum Subject {
    UUID,
    USERNAME;

    public String configName() {
      return ConfigNames.configName(this);
    }

    public static Optional<Subject> parse(String value) {
      return ConfigNames.parse(values(), value);
    }
  }

  public WhitelistFilter {
    requireNonNull(subject, "subject");
    enabledKey = requireNonNull(enabledKey, "enabledKey").strip();
    listKey = requireNonNull(listKey, "listKey").strip();
  }

  @Override
  public boolean accepts(Backend backend, ConnectEvent event, long nowMillis) {
    String enabled = backend.meta().getOrDefault(enabledKey, "").strip().toLowerCase(Locale.ROOT);
    if (!(enabled.equals("true") || enabled.equals("1") || enabled.equals("yes"))) {
      return true;
    }
    String raw = backend.meta().getOrDefault(listKey, "").strip();
    String want = subject == Subject.UUID ? event.uuid() : event.username();
    if (raw.isEmpty() || want == null || want.isBlank()) {
      return false;
    }
    return listContains(raw, want.strip());
  }

  /** Whether a JSON string array or a comma-separated list contains {@code want} exactly. */
  static boolean listContains(String raw, String want) {
    if (raw.startsWith("[")) {
      JsonNode array = parseArray(raw);
      if (array == null) {
        return false;
      }
      for (JsonNode item : array) {
        if (!item.isTextual() && !item.isNull()) {
          return false;
        }
      }
      for (JsonNode item : array) {
        if (want.equals(item.textValue())) {
          return true;
        }
      }
      return false;
    }
    int start = 0;
    while (start <= raw.length()) {
      int comma = raw.indexOf(',', start);
      int end = comma < 0 ? raw.length() : comma;
      if (raw.substring(start, end).strip().equals(want)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private static @Nullable JsonNode parseArray(String raw) {
    try {
      JsonNode node = JSON.readTree(raw);
      return node != null && node.isArray() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String type() {
    return "whitelist";
  }

  @Override
  public String toString() {
    return "whitelist(" + subject.configName() + " in " + listKey + " if " + enabledKey + ")";
  }
}
