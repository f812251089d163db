package io.signpost.plugin;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.TextNode;
import io.signpost.annotation.Nullable;
import io.signpost.json.GoJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a plugin's answer in one pass over its bytes with a streaming {@link JsonParser}, no
 * tree, for the forms plugins actually send. It defines nothing: the tree decoder ({@link
 * PluginJson#decodeResponseTree}) does, and this one must produce exactly what that one produces or
 * leave the input to it.
 *
 * <p>{@link #tryDecode} returns {@code null} ("declines") for any input it does not handle itself:
 * every text that is not valid JSON, is not one object, or contains a form whose meaning only the
 * tree decoder and Jackson's data binding define. It declines
 *
 * <ul>
 *   <li>a field given twice, under the same spelling or another one ({@code deny} and {@code Deny},
 *       {@code referral_content} and {@code referral_data}), in the answer or in a backend: the
 *       tree decoder merges repeats in an order of its own;
 *   <li>a value of another JSON type than the field's ({@code "deny":1}, {@code "port":"5"}, {@code
 *       "selected_index":1.0}), which data binding would coerce or refuse;
 *   <li>an integer outside {@code int}, a {@code null} candidate, a {@code null} or non-string
 *       {@code meta} value, and a base64 string that does not decode.
 * </ul>
 *
 * It accepts, with the tree decoder's meaning: names that match a field without regard to case
 * ({@link GoJson#fieldFor}), {@code null} for any field (the field's default), unknown fields of
 * any content, and a repeated {@code meta} key (the last wins). Every token is read through the
 * parser {@link GoJson#createParser} gives, and every scalar, skipped ones included, through the
 * accessor {@link GoJson#read} calls on it, so a text that would fail the tree decoder's parsing
 * (nesting depth, string or number length, encoding) also fails here and is declined.
 *
 * <p>Thread-safe; a {@code null} array is declined (the tree decoder reports it).
 */
final class StreamingResponseDecoder {

  // ConnectResponse fields, as bits of a "seen" mask; both referral names are one field.
  private static final int DENY = 1;
  private static final int DENY_REASON = 1 << 1;
  private static final int CANDIDATES = 1 << 2;
  private static final int SELECTED_INDEX = 1 << 3;
  private static final int BACKEND = 1 << 4;
  private static final int REFERRAL = 1 << 5;

  // Backend fields.
  private static final int HOST = 1;
  private static final int PORT = 1 << 1;
  private static final int WEIGHT = 1 << 2;
  private static final int META = 1 << 3;

  /** A response's field names, also the names {@link PluginJson} matches a tree against. */
  static final String[] RESPONSE_NAMES = {
    "deny",
    "deny_reason",
    "candidates",
    "selected_index",
    "backend",
    "referral_content",
    "referral_data"
  };

  private static final int[] RESPONSE_BITS = {
    DENY, DENY_REASON, CANDIDATES, SELECTED_INDEX, BACKEND, REFERRAL, REFERRAL
  };
  private static final String[] BACKEND_NAMES = {"host", "port", "weight", "meta"};
  private static final int[] BACKEND_BITS = {HOST, PORT, WEIGHT, META};

  private final GoJson json;
  private final Base64Variant base64;

  /**
   * @param json the reader the tree decoder uses, whose parser settings this decoder shares
   * @param base64 the variant the tree decoder's data binding decodes byte fields with
   */
  StreamingResponseDecoder(GoJson json, Base64Variant base64) {
    this.json = json;
    this.base64 = base64;
  }

  /**
   * The answer {@code utf8} encodes, exactly as the tree decoder would return it, or {@code null}
   * when this decoder leaves the input to the tree decoder (see the class comment): a text the
   * parser refuses is declined, not reported.
   */
  @Nullable
  ConnectResponse tryDecode(@Nullable byte[] utf8) {
    if (utf8 == null) {
      return null;
    }
    if (isEmptyObject(utf8)) {
      return ConnectResponse.EMPTY;
    }
    try (JsonParser p = json.createParser(utf8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ConnectResponse response = response(p);
      return response != null && p.nextToken() == null ? response : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Whether the bytes are {@code {}} with optional JSON whitespace: ASCII without a zero byte,
   * which the parser reads as UTF-8, so the tree decoder's answer is the empty response.
   */
  private static boolean isEmptyObject(byte[] b) {
    int i = skipWhitespace(b, 0);
    if (i == b.length || b[i] != '{') {
      return false;
    }
    i = skipWhitespace(b, i + 1);
    if (i == b.length || b[i] != '}') {
      return false;
    }
    return skipWhitespace(b, i + 1) == b.length;
  }

  private static int skipWhitespace(byte[] b, int i) {
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  /** The members of the answer object, the parser on its START_OBJECT. */
  private @Nullable ConnectResponse response(JsonParser p) throws IOException {
    int seen = 0;
    boolean deny = false;
    String denyReason = null;
    List<Backend> candidates = null;
    Integer selectedIndex = null;
    Backend backend = null;
    byte[] referral = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      int field = responseField(name);
      JsonToken t = p.nextToken();
      if (field == 0) {
        if (!skip(p, t)) {
          return null;
        }
        continue;
      }
      if ((seen & field) != 0) {
        return null;
      }
      seen |= field;
      boolean isNull = t == JsonToken.VALUE_NULL;
      switch (field) {
        case DENY -> {
          if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            deny = t == JsonToken.VALUE_TRUE;
          } else if (!isNull) {
            return null;
          }
        }
        case DENY_REASON -> {
          if (t == JsonToken.VALUE_STRING) {
            denyReason = p.getText();
          } else if (!isNull) {
            return null;
          }
        }
        case CANDIDATES -> {
          if (t == JsonToken.START_ARRAY) {
            candidates = new ArrayList<>();
            for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
              Backend candidate = t == JsonToken.START_OBJECT ? backend(p) : null;
              if (candidate == null) {
                return null;
              }
              candidates.add(candidate);
            }
          } else if (!isNull) {
            return null;
          }
        }
        case SELECTED_INDEX -> {
          if (isInt(p, t)) {
            selectedIndex = p.getIntValue();
          } else if (!isNull) {
            return null;
          }
        }
        case BACKEND -> {
          if (t == JsonToken.START_OBJECT) {
            backend = backend(p);
            if (backend == null) {
              return null;
            }
          } else if (!isNull) {
            return null;
          }
        }
        default -> { // REFERRAL
          if (t == JsonToken.VALUE_STRING) {
            referral = base64(p.getText());
          } else if (!isNull) {
            return null;
          }
        }
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      return null;
    }
    return new ConnectResponse(deny, denyReason, candidates, selectedIndex, backend, referral);
  }

  /**
   * The bytes of a base64 byte field, as the tree decoder's data binding decodes its text node.
   * Canonical standard base64 (whole quads of the standard alphabet, {@code =} only as the last one
   * or two characters, no whitespace) means the same to every decoder and goes to the JDK's, which
   * is several times faster than Jackson's; anything else goes to the text node.
   */
  private byte[] base64(String text) throws IOException {
    return isCanonicalBase64(text)
        ? Base64.getDecoder().decode(text)
        : TextNode.valueOf(text).getBinaryValue(base64);
  }

  private static boolean isCanonicalBase64(String s) {
    int length = s.length();
    if (length % 4 != 0) {
      return false;
    }
    int end = length;
    if (end > 0 && s.charAt(end - 1) == '=') {
      end--;
      if (s.charAt(end - 1) == '=') {
        end--;
      }
    }
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /** A backend object, the parser on its START_OBJECT; {@code null} to decline. */
  private static @Nullable Backend backend(JsonParser p) throws IOException {
    int seen = 0;
    String host = null;
    int port = 0;
    int weight = 0;
    Map<String, String> meta = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      int field = backendField(name);
      JsonToken t = p.nextToken();
      if (field == 0) {
        if (!skip(p, t)) {
          return null;
        }
        continue;
      }
      if ((seen & field) != 0) {
        return null;
      }
      seen |= field;
      boolean isNull = t == JsonToken.VALUE_NULL;
      switch (field) {
        case HOST -> {
          if (t == JsonToken.VALUE_STRING) {
            host = p.getText();
          } else if (!isNull) {
            return null;
          }
        }
        case PORT, WEIGHT -> {
          int value = 0;
          if (isInt(p, t)) {
            value = p.getIntValue();
          } else if (!isNull) {
            return null;
          }
          if (field == PORT) {
            port = value;
          } else {
            weight = value;
          }
        }
        default -> { // META
          if (t == JsonToken.START_OBJECT) {
            meta = meta(p);
            if (meta == null) {
              return null;
            }
          } else if (!isNull) {
            return null;
          }
        }
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      return null;
    }
    return new Backend(host, port, weight, meta);
  }

  /**
   * A {@code meta} object of strings, the parser on its START_OBJECT; {@code null} to decline. Of a
   * repeated key the last value wins, as in the tree. One entry, the common case, needs no hash
   * map.
   */
  private static @Nullable Map<String, String> meta(JsonParser p) throws IOException {
    String firstKey = null;
    String firstValue = null;
    Map<String, String> more = null;
    for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        return null;
      }
      String value = p.getText();
      if (firstKey == null) {
        firstKey = key;
        firstValue = value;
      } else {
        if (more == null) {
          more = new HashMap<>();
          more.put(firstKey, firstValue);
        }
        more.put(key, value);
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      return null;
    }
    return more != null ? more : firstKey != null ? Map.of(firstKey, firstValue) : Map.of();
  }

  /** Whether the token is an integer in {@code int} range. */
  private static boolean isInt(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT;
  }

  /**
   * Reads past the value that starts with {@code token}, reading each scalar with the accessor
   * {@link GoJson#read} calls on it, so the same texts fail; {@code false} at an unexpected end.
   */
  private static boolean skip(JsonParser p, @Nullable JsonToken token) throws IOException {
    int depth = 0;
    for (JsonToken t = token; t != null; t = p.nextToken()) {
      switch (t) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        case VALUE_STRING -> p.getText();
        case VALUE_NUMBER_INT -> {
          switch (p.getNumberType()) {
            case INT -> p.getIntValue();
            case LONG -> p.getLongValue();
            default -> p.getBigIntegerValue();
          }
        }
        case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
        default -> {} // FIELD_NAME, true, false, null
      }
      if (depth == 0) {
        return true;
      }
    }
    return false;
  }

  /** The field bit {@code name} decodes into, as {@link GoJson#fieldFor} matches it; 0 if none. */
  private static int responseField(String name) {
    return switch (name) {
      case "deny" -> DENY;
      case "deny_reason" -> DENY_REASON;
      case "candidates" -> CANDIDATES;
      case "selected_index" -> SELECTED_INDEX;
      case "backend" -> BACKEND;
      case "referral_content", "referral_data" -> REFERRAL;
      default -> matchIgnoringCase(name, RESPONSE_NAMES, RESPONSE_BITS);
    };
  }

  private static int backendField(String name) {
    return switch (name) {
      case "host" -> HOST;
      case "port" -> PORT;
      case "weight" -> WEIGHT;
      case "meta" -> META;
      default -> matchIgnoringCase(name, BACKEND_NAMES, BACKEND_BITS);
    };
  }

  /**
   * The bit of the field equal to {@code name} ignoring case, 0 if none. At most one field can
   * match (no two field names are equal ignoring case), so the order {@link GoJson#fieldFor} tries
   * them in does not matter.
   */
  private static int matchIgnoringCase(String name, String[] names, int[] bits) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return bits[i];
      }
    }
    return 0;
  }
}
