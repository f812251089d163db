package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Backend;

/**
 * A compiled reference to one value of a backend, as written in {@code key}, {@code sort[].key},
 * filter operands and the like.
 *
 * <p>{@code host}, {@code port} and {@code weight} name the backend's own fields. The prefixes
 * {@code label:}, {@code annotation:} and {@code counter:} read the metadata keys {@code label.x},
 * {@code annotation.x} and {@code counter.x} (the names discovery gives them). Anything else is a
 * metadata key as written. A value that is missing or empty counts as absent.
 *
 * @param source the key as written
 * @param field which backend field is read
 * @param metaKey the metadata key for {@link Field#META}; empty otherwise
 */
public record BackendKey(String source, Field field, String metaKey) {

  /** The part of a backend a key reads. */
  public enum Field {
    HOST,
    PORT,
    WEIGHT,
    META
  }

  public BackendKey {
    requireNonNull(source, "source");
    requireNonNull(field, "field");
    requireNonNull(metaKey, "metaKey");
  }

  /** Compiles a key; surrounding blanks are ignored. */
  public static BackendKey of(String key) {
    String k = key.strip();
    return switch (k) {
      case "host" -> new BackendKey(k, Field.HOST, "");
      case "port" -> new BackendKey(k, Field.PORT, "");
      case "weight" -> new BackendKey(k, Field.WEIGHT, "");
      default -> new BackendKey(k, Field.META, metaKey(k));
    };
  }

  private static String metaKey(String k) {
    for (String prefix : new String[] {"label", "annotation", "counter"}) {
      if (k.startsWith(prefix + ":")) {
        return prefix + "." + k.substring(prefix.length() + 1).strip();
      }
    }
    return k;
  }

  /** The value as text; null when absent or empty. */
  public @Nullable String text(Backend backend) {
    String v =
        switch (field) {
          case HOST -> backend.host();
          case PORT -> Integer.toString(backend.port());
          case WEIGHT -> Integer.toString(backend.weight());
          case META -> backend.meta().get(metaKey);
        };
    return v == null || v.isEmpty() ? null : v;
  }

  /**
   * The value as a number; {@link Double#NaN} when absent or not a number. {@code port} and {@code
   * weight} are always numbers.
   */
  public double number(Backend backend) {
    return switch (field) {
      case PORT -> backend.port();
      case WEIGHT -> backend.weight();
      case HOST -> parseNumber(backend.host());
      case META -> parseNumber(backend.meta().get(metaKey));
    };
  }

  /**
   * Parses a decimal or scientific number the way Go's {@code strconv.ParseFloat} accepts it (no
   * surrounding blanks, no Java type suffixes); {@link Double#NaN} otherwise.
   */
  public static double parseNumber(@Nullable String raw) {
    if (raw == null || raw.isEmpty()) {
      return Double.NaN;
    }
    double integer = parseSmallInteger(raw);
    if (!Double.isNaN(integer)) {
      return integer;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
      if (!ok) {
        return parseSpecial(raw);
      }
    }
    try {
      return Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Fast path for counters: an optional minus and up to 15 digits; NaN for anything else. */
  private static double parseSmallInteger(String raw) {
    int i = raw.charAt(0) == '-' ? 1 : 0;
    int len = raw.length();
    if (len == i || len - i > 15) {
      return Double.NaN;
    }
    long v = 0;
    for (; i < len; i++) {
      char c = raw.charAt(i);
      if (c < '0' || c > '9') {
        return Double.NaN;
      }
      v = v * 10 + (c - '0');
    }
    return raw.charAt(0) == '-' ? -v : v;
  }

  private static double parseSpecial(String raw) {
    String s = raw.toLowerCase(java.util.Locale.ROOT);
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("inf") || s.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.NaN;
  }

  @Override
  public String toString() {
    return source;
  }
}
