package io.signpost.config;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The referral signing key. Written as a raw string (its UTF-8 bytes), {@code base64:<standard
 * base64>} or {@code hex:<hex digits>}; prefixes are case-insensitive and surrounding blanks are
 * ignored, as in Hyrouter. {@link #toString()} never shows the key.
 */
public final class HmacSecret {

  private final byte[] bytes;

  private HmacSecret(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Decodes a secret.
   *
   * @throws IllegalArgumentException when the encoding is broken or the key is empty
   */
  public static HmacSecret parse(String text) {
    String s = requireNonNull(text, "text").strip();
    String lower = s.toLowerCase(Locale.ROOT);
    byte[] bytes;
    if (lower.startsWith("base64:")) {
      try {
        bytes = Base64.getDecoder().decode(s.substring("base64:".length()).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid base64 after \"base64:\": " + e.getMessage() + " (expected: standard base64)");
      }
    } else if (lower.startsWith("hex:")) {
      try {
        bytes = HexFormat.of().parseHex(s.substring("hex:".length()).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid hex after \"hex:\" (expected: an even number of hex digits)");
      }
    } else {
      bytes = s.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("empty secret (expected: at least one byte)");
    }
    return new HmacSecret(bytes);
  }

  /**
   * Whether {@code text} is a prefix with nothing after it ({@code base64:} or {@code hex:}, blanks
   * ignored): Hyrouter reads that as a key of no bytes and leaves envelopes unsigned.
   */
  public static boolean isEmptyEncoding(String text) {
    String s = requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
    return (s.startsWith("base64:") && s.substring("base64:".length()).isBlank())
        || (s.startsWith("hex:") && s.substring("hex:".length()).isBlank());
  }

  /** A secret with these bytes (copied). */
  public static HmacSecret of(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("empty secret (expected: at least one byte)");
    }
    return new HmacSecret(bytes.clone());
  }

  /** A copy of the key bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HmacSecret other && Arrays.equals(other.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "HmacSecret[" + bytes.length + " bytes]";
  }
}
