package io.signpost.protocol;

import java.nio.ByteBuffer;

/**
 * The 8-byte header in front of every packet on a stream: {@code u32 payload_len | u32 packet_id},
 * both little-endian.
 *
 * @param payloadLength the declared payload length, unsigned ({@code 0..2^32-1})
 * @param packetId the packet id (see {@link PacketId}); the raw 32 bits, so ids of 2^31 and above
 *     appear negative
 */
public record FrameHeader(long payloadLength, int packetId) {
  /** Header size in bytes. */
  public static final int SIZE = 8;

  public FrameHeader {
    if (payloadLength < 0 || payloadLength > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "payloadLength: " + payloadLength + " (expected: 0.." + 0xFFFF_FFFFL + ")");
    }
  }

  /**
   * Parses the first 8 bytes of {@code bytes}; later bytes are ignored.
   *
   * @throws MalformedPacketException when fewer than 8 bytes are given
   */
  public static FrameHeader parse(byte[] bytes) throws MalformedPacketException {
    return parse(ByteBuffer.wrap(bytes));
  }

  /**
   * Parses 8 bytes at the buffer's position and advances past them.
   *
   * @throws MalformedPacketException when fewer than 8 bytes remain (nothing is consumed)
   */
  public static FrameHeader parse(ByteBuffer in) throws MalformedPacketException {
    Wire.require(in, SIZE, "frame header");
    long length = Wire.i32le(in, "payload length") & 0xFFFF_FFFFL;
    int packetId = Wire.i32le(in, "packet id");
    return new FrameHeader(length, packetId);
  }

  /** The 8 header bytes. */
  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(SIZE);
    Wire.putI32le(out, (int) payloadLength);
    Wire.putI32le(out, packetId);
    return out.array();
  }
}
