package io.signpost.protocol;

import io.signpost.annotation.Nullable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@code ClientReferral} packet (id 18) that sends a client on to its backend.
 *
 * <p>Payload: {@code u8 null bits} (0x01 target present, 0x02 data present), {@code i32 target
 * offset}, {@code i32 data offset} (little-endian, relative to byte 9, -1 when absent), then the
 * variable block: the target as a {@link HostAddress} and the data as a {@link VarInt} length and
 * at most {@value #MAX_DATA_BYTES} bytes. The router always sends the referral envelope as data.
 *
 * @param target the backend the client should connect to; null to send none
 * @param data the referral data (the envelope); null to send none, empty is sent as present and
 *     empty
 */
public record ClientReferralPacket(@Nullable HostAddress target, @Nullable byte[] data) {
  /** The longest referral data, in bytes. */
  public static final int MAX_DATA_BYTES = 4096;

  private static final int FIXED_SIZE = 9;

  public ClientReferralPacket {
    data = data == null ? null : data.clone();
  }

  @Override
  public @Nullable byte[] data() {
    return data == null ? null : data.clone();
  }

  /**
   * The payload, without the frame header.
   *
   * @throws FieldTooLongException when the host is over 256 UTF-8 bytes or the data over {@value
   *     #MAX_DATA_BYTES} bytes
   */
  public byte[] encode() throws FieldTooLongException {
    byte[] host = target == null ? null : target.hostUtf8();
    if (data != null && data.length > MAX_DATA_BYTES) {
      throw new FieldTooLongException("referral data", data.length, MAX_DATA_BYTES);
    }
    int hostSize = host == null ? 0 : 2 + VarString.size(host);
    int dataSize = data == null ? 0 : VarString.size(data);
    ByteBuffer out = ByteBuffer.allocate(FIXED_SIZE + hostSize + dataSize);
    out.put((byte) ((host == null ? 0 : 0x01) | (data == null ? 0 : 0x02)));
    Wire.putI32le(out, host == null ? -1 : 0);
    Wire.putI32le(out, data == null ? -1 : hostSize);
    if (host != null) {
      target.write(out, host);
    }
    if (data != null) {
      VarString.write(out, data);
    }
    return out.array();
  }

  /** The framed packet: header (id {@link PacketId#CLIENT_REFERRAL}) and payload. */
  public byte[] encodeFrame() throws FieldTooLongException {
    return Frames.encode(PacketId.CLIENT_REFERRAL, encode());
  }

  /**
   * Decodes a ClientReferral payload (as a test client would). A field is read when its null bit is
   * set; its offset must then point into the variable block.
   *
   * @throws MalformedPacketException when the fixed part is short or a flagged field does not
   *     decode
   */
  public static ClientReferralPacket decode(byte[] payload) throws MalformedPacketException {
    ByteBuffer in = ByteBuffer.wrap(payload);
    int nullBits = Wire.u8(in, "null bits");
    int hostOffset = Wire.i32le(in, "target offset");
    int dataOffset = Wire.i32le(in, "data offset");
    HostAddress target = null;
    if ((nullBits & 0x01) != 0) {
      target = HostAddress.read(Wire.at(payload, FIXED_SIZE, hostOffset, "target"));
    }
    byte[] data = null;
    if ((nullBits & 0x02) != 0) {
      data =
          VarString.readBytes(
              Wire.at(payload, FIXED_SIZE, dataOffset, "data"), "data", MAX_DATA_BYTES);
    }
    return new ClientReferralPacket(target, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientReferralPacket other
        && Objects.equals(target, other.target)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(target) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ClientReferralPacket[target="
        + target
        + ", data="
        + (data == null ? "null" : data.length + " bytes")
        + "]";
  }
}
