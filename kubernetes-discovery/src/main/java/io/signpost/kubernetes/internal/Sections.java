package io.signpost.kubernetes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.text.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lenient reads of a provider section the configuration loader has already checked: a missing, null
 * or mistyped value gives the default.
 */
final class Sections {

  private Sections() {}

  static String text(JsonNode node, String key) {
    JsonNode v = node.path(key);
    return v.isValueNode() && !v.isNull() ? v.asText().strip() : "";
  }

  static int integer(JsonNode node, String key) {
    JsonNode v = node.path(key);
    return v.canConvertToInt() ? v.intValue() : 0;
  }

  static boolean bool(JsonNode node, String key) {
    JsonNode v = node.path(key);
    if (v.isTextual()) {
      return switch (v.textValue()) {
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true" -> true;
        default -> false;
      };
    }
    return v.asBoolean(false);
  }

  /** The list's strings, stripped, blanks dropped. */
  static List<String> texts(JsonNode node, String key) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : node.path(key)) {
      if (item.isValueNode() && !item.isNull() && !item.asText().isBlank()) {
        out.add(item.asText().strip());
      }
    }
    return List.copyOf(out);
  }

  static Duration duration(JsonNode node, String key, Duration defaultValue) {
    String t = text(node, key);
    if (t.isEmpty()) {
      return defaultValue;
    }
    try {
      return GoDuration.parse(t);
    } catch (IllegalArgumentException e) {
      return defaultValue;
    }
  }
}
