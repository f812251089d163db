package io.signpost.server;

import io.signpost.protocol.FrameHeader;
import java.nio.charset.StandardCharsets;

/**
 * Frames for the listener's tests, framed by the protocol's codec; the payloads are hand-built, as
 * the listener does not look inside them.
 */
final class Frames {
  static final int CONNECT = 0;
  static final int DISCONNECT = 1;
  static final int CLIENT_REFERRAL = 18;

  private Frames() {}

  static byte[] frame(int packetId, byte[] payload) {
    return io.signpost.protocol.Frames.encode(packetId, payload);
  }

  /** A header declaring {@code length} bytes, with no payload. */
  static byte[] header(long length, int packetId) {
    return new FrameHeader(length, packetId).encode();
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
