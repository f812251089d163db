package io.signpost.protocol;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * A UUID as the protocol carries it: two big-endian 64-bit halves, most significant first. Its text
 * form is the usual lower-case 8-4-4-4-12 hex ({@link UUID#toString()}).
 */
public final class UuidCodec {
  /** Encoded size in bytes. */
  public static final int SIZE = 16;

  private UuidCodec() {}

  /** Reads 16 bytes at the buffer's position and advances past them. */
  public static UUID read(ByteBuffer in) throws MalformedPacketException {
    Wire.require(in, SIZE, "uuid");
    long msb = Wire.u64be(in, "uuid");
    long lsb = Wire.u64be(in, "uuid");
    return new UUID(msb, lsb);
  }

  /** Writes the 16 bytes of {@code uuid} at the buffer's position. */
  public static void write(ByteBuffer out, UUID uuid) {
    Wire.putU64be(out, uuid.getMostSignificantBits());
    Wire.putU64be(out, uuid.getLeastSignificantBits());
  }
}
