package io.signpost.protocol;

import java.nio.ByteBuffer;

/**
 * Bounds-checked fixed-width reads and writes on a {@link ByteBuffer}, independent of the buffer's
 * byte order. Every read checks what remains first, so a short buffer yields a {@link
 * MalformedPacketException} and never a {@link java.nio.BufferUnderflowException}.
 */
final class Wire {
  private Wire() {}

  static void require(ByteBuffer in, int count, String what) throws MalformedPacketException {
    if (in.remaining() < count) {
      throw new MalformedPacketException(
          what + " needs " + count + " bytes but only " + in.remaining() + " remain");
    }
  }

  static int u8(ByteBuffer in, String what) throws MalformedPacketException {
    require(in, 1, what);
    return in.get() & 0xFF;
  }

  static int u16le(ByteBuffer in, String what) throws MalformedPacketException {
    require(in, 2, what);
    return (in.get() & 0xFF) | (in.get() & 0xFF) << 8;
  }

  static int i32le(ByteBuffer in, String what) throws MalformedPacketException {
    require(in, 4, what);
    return (in.get() & 0xFF)
        | (in.get() & 0xFF) << 8
        | (in.get() & 0xFF) << 16
        | (in.get() & 0xFF) << 24;
  }

  static long u64be(ByteBuffer in, String what) throws MalformedPacketException {
    require(in, 8, what);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = value << 8 | (in.get() & 0xFF);
    }
    return value;
  }

  static byte[] bytes(ByteBuffer in, int count, String what) throws MalformedPacketException {
    require(in, count, what);
    byte[] out = new byte[count];
    in.get(out);
    return out;
  }

  static void putU16le(ByteBuffer out, int value) {
    out.put((byte) value).put((byte) (value >>> 8));
  }

  static void putI32le(ByteBuffer out, int value) {
    out.put((byte) value)
        .put((byte) (value >>> 8))
        .put((byte) (value >>> 16))
        .put((byte) (value >>> 24));
  }

  static void putI32le(byte[] out, int offset, int value) {
    out[offset] = (byte) value;
    out[offset + 1] = (byte) (value >>> 8);
    out[offset + 2] = (byte) (value >>> 16);
    out[offset + 3] = (byte) (value >>> 24);
  }

  static void putU64be(ByteBuffer out, long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.put((byte) (value >>> shift));
    }
  }

  /**
   * Positions a view of {@code payload} at {@code base + offset}, the way variable-block offsets
   * are resolved; refuses an offset that points before the block or past the end.
   */
  static ByteBuffer at(byte[] payload, int base, int offset, String what)
      throws MalformedPacketException {
    if (offset < 0 || offset > payload.length - base) {
      throw new MalformedPacketException(
          what
              + " offset ("
              + offset
              + ") is outside the variable block (0.."
              + Math.max(0, payload.length - base)
              + ")");
    }
    return ByteBuffer.wrap(payload).position(base + offset);
  }
}
