package io.signpost.protocol;

import java.nio.ByteBuffer;

/** Builds framed packets: {@code u32 payload_len | u32 packet_id | payload}, little-endian. */
public final class Frames {
  private Frames() {}

  /** {@code payload} behind a header carrying its length and {@code packetId}. */
  public static byte[] encode(int packetId, byte[] payload) {
    ByteBuffer out = ByteBuffer.allocate(FrameHeader.SIZE + payload.length);
    Wire.putI32le(out, payload.length);
    Wire.putI32le(out, packetId);
    out.put(payload);
    return out.array();
  }
}
