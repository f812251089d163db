package io.signpost.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A configuration document fit to show: the value of every key that names a secret ({@code
 * hmac_secret}, {@code retry_token_secret}, and in plugin sections anything named like a password,
 * token, credential or API key) is replaced by {@value #REDACTED}. Paths to secret files ({@code
 * *_file}) stay, since they are not the secret.
 */
public final class RedactedDocument {

  /** What a secret value reads as. */
  public static final String REDACTED = "<redacted>";

  private static final List<String> SECRET_WORDS =
      List.of("secret", "password", "passwd", "token", "credential", "api_key", "apikey", "auth");

  private RedactedDocument() {}

  /** A redacted copy of {@code document}; the argument is left as it is. */
  public static JsonNode of(JsonNode document) {
    JsonNode copy = document.deepCopy();
    redact(copy);
    return copy;
  }

  /** Whether a value under {@code key} is shown as {@value #REDACTED}. */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.endsWith("_file") || k.endsWith("_path") || k.equals("key_id")) {
      return false;
    }
    return SECRET_WORDS.stream().anyMatch(k::contains);
  }

  private static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (isSecretKey(field.getKey()) && !field.getValue().isNull()) {
          field.setValue(object.textNode(REDACTED));
        } else {
          redact(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(RedactedDocument::redact);
    }
  }
}
