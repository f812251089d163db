package io.signpost.text;

import static java.util.Objects.requireNonNull;

/**
 * Shortens text to at most a number of UTF-16 characters ({@link String#length()}) without
 * splitting a surrogate pair, so the result is always well-formed where the input was. Text within
 * the bound is returned as it is, without copying. Thread-safe; stateless.
 */
public final class TextCut {

  private TextCut() {}

  /**
   * The longest prefix of {@code text} of at most {@code maxChars} characters that does not end
   * between the two halves of a surrogate pair.
   *
   * @throws IllegalArgumentException when {@code maxChars} is negative
   */
  public static String prefix(String text, int maxChars) {
    requireNonNull(text, "text");
    if (maxChars < 0) {
      throw new IllegalArgumentException("maxChars: " + maxChars + " (expected: >= 0)");
    }
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  /**
   * {@code text} when it has at most {@code maxChars} characters; else a {@link #prefix} followed
   * by the marker {@code "… (N more characters)"}, where N counts the characters left out, the
   * whole at most {@code maxChars} characters. When {@code maxChars} is too small for the marker,
   * the plain prefix.
   *
   * @throws IllegalArgumentException when {@code maxChars} is negative
   */
  public static String abbreviate(String text, int maxChars) {
    String kept = prefix(text, maxChars);
    if (kept.length() == text.length()) {
      return text;
    }
    // N is at most text.length(), so this marker is at least as long as the one used.
    int room = maxChars - marker(text.length()).length();
    if (room < 0) {
      return kept;
    }
    kept = prefix(text, room);
    return kept + marker(text.length() - kept.length());
  }

  private static String marker(int omitted) {
    return "… (" + omitted + " more characters)";
  }
}
