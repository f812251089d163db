package io.signpost.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A string as {@link VarInt} byte length followed by that many UTF-8 bytes. Every field has its own
 * maximum byte length, checked before anything is allocated.
 *
 * <p>Decoding is lenient about UTF-8 content the way the game's peers are: malformed sequences
 * become U+FFFD rather than an error.
 */
public final class VarString {
  private VarString() {}

  /**
   * Reads one VarString at the buffer's position and advances past it.
   *
   * @param field the field name, used in error messages
   * @param maxBytes the field's maximum length in bytes
   * @throws MalformedPacketException when the length is malformed, over {@code maxBytes} or more
   *     than the bytes that remain
   */
  public static String read(ByteBuffer in, String field, int maxBytes)
      throws MalformedPacketException {
    int length = lengthOf(in, field, maxBytes);
    byte[] utf8 = Wire.bytes(in, length, field);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /**
   * Reads a {@link VarInt} length and that many raw bytes (the same shape as a VarString, for
   * binary fields such as referral data) and advances past them.
   *
   * @throws MalformedPacketException as {@link #read}
   */
  public static byte[] readBytes(ByteBuffer in, String field, int maxBytes)
      throws MalformedPacketException {
    int length = lengthOf(in, field, maxBytes);
    return Wire.bytes(in, length, field);
  }

  /**
   * Reads a VarInt length and checks it against {@code maxBytes} and against what remains, without
   * consuming the bytes it announces.
   */
  static int lengthOf(ByteBuffer in, String field, int maxBytes) throws MalformedPacketException {
    int length;
    try {
      length = VarInt.read(in);
    } catch (MalformedPacketException e) {
      throw new MalformedPacketException(field + " length: " + e.getMessage());
    }
    if (length > maxBytes) {
      throw new MalformedPacketException(
          field + " length (" + length + ") exceeds the allowed maximum (" + maxBytes + ")");
    }
    Wire.require(in, length, field);
    return length;
  }

  /** The UTF-8 bytes of {@code value}, checked against the field's maximum. */
  public static byte[] utf8(String value, String field, int maxBytes) throws FieldTooLongException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > maxBytes) {
      throw new FieldTooLongException(field, utf8.length, maxBytes);
    }
    return utf8;
  }

  /** Writes {@code utf8} (already checked with {@link #utf8}) as a VarString. */
  public static void write(ByteBuffer out, byte[] utf8) {
    VarInt.write(out, utf8.length);
    out.put(utf8);
  }

  /** The encoded size of {@code utf8} as a VarString. */
  public static int size(byte[] utf8) {
    return VarInt.size(utf8.length) + utf8.length;
  }
}
