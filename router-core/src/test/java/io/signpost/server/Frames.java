package io.signpost.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-built frames for tests: {@code u32 length | u32 id | payload}, little endian. */
final class Frames {
  static final int CONNECT = 0;
  static final int DISCONNECT = 1;
  static final int CLIENT_REFERRAL = 18;

  private Frames() {}

  static byte[] frame(int packetId, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(payload.length)
        .putInt(packetId)
        .put(payload)
        .array();
  }

  /** A header declaring {@code length} bytes, with no payload. */
  static byte[] header(long length, int packetId) {
    return ByteBuffer.allocate(8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt((int) length)
        .putInt(packetId)
        .array();
  }

  static byte[] connect(String marker) {
    return frame(CONNECT, marker.getBytes(StandardCharsets.UTF_8));
  }

  /** A Disconnect with a reason: {@code 01 00} + VarString (reasons under 128 bytes here). */
  static byte[] disconnect(String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[3 + text.length];
    payload[0] = 1;
    payload[2] = (byte) text.length;
    System.arraycopy(text, 0, payload, 3, text.length);
    return frame(DISCONNECT, payload);
  }

  /** Something shaped like a ClientReferral; the listener does not look inside. */
  static byte[] referral(String target) {
    return frame(CLIENT_REFERRAL, target.getBytes(StandardCharsets.UTF_8));
  }
}
