package io.signpost.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Disconnect} packet (id 1) the router sends to refuse a client.
 *
 * <p>Payload: {@code 00 00} for an empty reason, else {@code 01 00} followed by the reason as a
 * {@link VarString}. A reason longer than {@value #MAX_REASON_BYTES} UTF-8 bytes is truncated to
 * that length at a character boundary (never inside a multi-byte sequence) when the packet is
 * built, so {@link #reason()} is exactly what goes on the wire. Unpaired surrogates become {@code
 * ?}, as {@link String#getBytes} encodes them.
 *
 * @param reason the text shown to the player; empty for none
 */
public record DisconnectPacket(String reason) {
  /** The longest reason, in UTF-8 bytes. */
  public static final int MAX_REASON_BYTES = 4_096_000;

  public DisconnectPacket {
    requireNonNull(reason, "reason");
    byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
    reason =
        new String(utf8, 0, utf8BoundaryAtMost(utf8, MAX_REASON_BYTES), StandardCharsets.UTF_8);
  }

  /** The payload, without the frame header. */
  public byte[] encode() {
    if (reason.isEmpty()) {
      return new byte[] {0, 0};
    }
    byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(2 + VarString.size(utf8));
    out.put((byte) 0x01).put((byte) 0);
    VarString.write(out, utf8);
    return out.array();
  }

  /** The framed packet: header (id {@link PacketId#DISCONNECT}) and payload. */
  public byte[] encodeFrame() {
    return Frames.encode(PacketId.DISCONNECT, encode());
  }

  /**
   * Decodes a Disconnect payload (as a test client would).
   *
   * @throws MalformedPacketException when the payload is shorter than 2 bytes, the reason is
   *     malformed or over its maximum, or bytes follow the reason
   */
  public static DisconnectPacket decode(byte[] payload) throws MalformedPacketException {
    ByteBuffer in = ByteBuffer.wrap(payload);
    int nullBits = Wire.u8(in, "null bits");
    Wire.u8(in, "disconnect type");
    String reason = (nullBits & 0x01) != 0 ? VarString.read(in, "reason", MAX_REASON_BYTES) : "";
    if (in.hasRemaining()) {
      throw new MalformedPacketException(
          "Disconnect has " + in.remaining() + " trailing bytes after the reason");
    }
    return new DisconnectPacket(reason);
  }

  /**
   * The largest length {@code <= max} that does not cut {@code utf8} inside a multi-byte sequence.
   */
  static int utf8BoundaryAtMost(byte[] utf8, int max) {
    if (utf8.length <= max) {
      return utf8.length;
    }
    int cut = max;
    while (cut > 0 && (utf8[cut] & 0xC0) == 0x80) {
      cut--;
    }
    return cut;
  }
}
