package io.signpost.protocol;

import java.nio.ByteBuffer;

/**
 * The protocol's variable-length unsigned integer: 7-bit groups, least significant first, high bit
 * set on every byte but the last, at most {@value #MAX_BYTES} bytes, never negative (so the value
 * range is {@code 0..Integer.MAX_VALUE}).
 */
public final class VarInt {
  /** The longest encoding: five bytes carry the 31 bits of a non-negative {@code int}. */
  public static final int MAX_BYTES = 5;

  private VarInt() {}

  /**
   * Reads one VarInt at the buffer's position and advances past it.
   *
   * @throws MalformedPacketException when the input ends inside the VarInt, when it runs over five
   *     bytes, or when its value does not fit a non-negative {@code int}; the position is then
   *     unspecified
   */
  public static int read(ByteBuffer in) throws MalformedPacketException {
    int value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (!in.hasRemaining()) {
        throw new MalformedPacketException("VarInt is truncated after " + i + " bytes");
      }
      int b = in.get() & 0xFF;
      if (i == MAX_BYTES - 1 && b > 0x07) {
        throw new MalformedPacketException(
            "VarInt exceeds the allowed maximum (" + Integer.MAX_VALUE + ") or 5 bytes");
      }
      value |= (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalStateException("unreachable: the fifth byte is checked above");
  }

  /** How many bytes {@link #write} produces for {@code value}. */
  public static int size(int value) {
    requireNonNegative(value);
    int size = 1;
    while ((value >>>= 7) != 0) {
      size++;
    }
    return size;
  }

  /**
   * Writes {@code value} at the buffer's position.
   *
   * @throws IllegalArgumentException when {@code value} is negative
   */
  public static void write(ByteBuffer out, int value) {
    requireNonNegative(value);
    while ((value & ~0x7F) != 0) {
      out.put((byte) (value & 0x7F | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  /** {@code value} encoded on its own. */
  public static byte[] encode(int value) {
    ByteBuffer out = ByteBuffer.allocate(size(value));
    write(out, value);
    return out.array();
  }

  private static void requireNonNegative(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("VarInt value: " + value + " (expected: >= 0)");
    }
  }
}
