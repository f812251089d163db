package io.signpost.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One complete packet taken off a stream: its id and its payload (without the header).
 *
 * @param packetId the packet id (see {@link PacketId})
 * @param payload the payload bytes; copied in and out, so a frame is immutable
 */
public record Frame(int packetId, byte[] payload) {
  public Frame {
    payload = requireNonNull(payload, "payload").clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload length without copying the payload. */
  public int payloadLength() {
    return payload.length;
  }

  /** The frame as it goes on the wire: header then payload. */
  public byte[] encode() {
    return Frames.encode(packetId, payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame other
        && packetId == other.packetId
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * packetId + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Frame[" + PacketId.name(packetId) + ", " + payload.length + " bytes]";
  }
}
