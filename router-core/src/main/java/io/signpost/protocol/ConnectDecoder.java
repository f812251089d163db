package io.signpost.protocol;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the payload of a {@code Connect} packet in either layout.
 *
 * <p>Detection: layout A when the payload has at least 102 bytes and bytes 1..64 are ASCII hex
 * digits or NUL; otherwise layout B when it decodes; otherwise layout A when it decodes; otherwise
 * {@link ConnectDecodeResult.Undecodable}.
 *
 * <p>A layout decodes when its fixed part is complete and, for layout B, the required username and
 * language decode. Optional fields follow Hyrouter: a field is read when its null bit is set and
 * its offset is not negative, and a field that then fails to decode (offset outside the payload,
 * malformed length, over its maximum, truncated) is reported absent rather than failing the packet.
 * In layout A the username has no null bit and is read whenever its offset is not negative.
 *
 * <p>Total and allocation-bounded: every input yields a result, and every length is checked against
 * its maximum and the bytes that remain before anything is allocated. Stateless and thread-safe.
 */
public final class ConnectDecoder {
  private static final int HASH_LENGTH = 64;
  private static final int CLIENT_VERSION_LENGTH = 20;

  private ConnectDecoder() {}

  /** Decodes {@code payload} (the frame's payload, without the 8-byte header). */
  public static ConnectDecodeResult decode(byte[] payload) {
    requireNonNull(payload, "payload");
    if (payload.length >= ConnectLayout.A.fixedSize() && looksLikeHex(payload, 1, HASH_LENGTH)) {
      try {
        return new ConnectDecodeResult.Decoded(decodeLayoutA(payload));
      } catch (MalformedPacketException e) {
        return new ConnectDecodeResult.Undecodable("layout A: " + e.getMessage());
      }
    }
    String layoutBProblem;
    try {
      return new ConnectDecodeResult.Decoded(decodeLayoutB(payload));
    } catch (MalformedPacketException e) {
      layoutBProblem = e.getMessage();
    }
    try {
      return new ConnectDecodeResult.Decoded(decodeLayoutA(payload));
    } catch (MalformedPacketException e) {
      return new ConnectDecodeResult.Undecodable(
          "fits neither layout: B: " + layoutBProblem + "; A: " + e.getMessage());
    }
  }

  /** Decodes {@code payload} as layout A, without detection. */
  public static ConnectPacket decodeLayoutA(byte[] payload) throws MalformedPacketException {
    ByteBuffer in = fixedPart(payload, ConnectLayout.A);
    int nullBits = in.get() & 0xFF;
    String protocolHash = fixedAscii(in, HASH_LENGTH);
    int clientType = in.get() & 0xFF;
    String uuid = UuidCodec.read(in).toString();
    int languageOffset = Wire.i32le(in, "language offset");
    int tokenOffset = Wire.i32le(in, "identity token offset");
    int usernameOffset = Wire.i32le(in, "username offset");
    int dataOffset = Wire.i32le(in, "referral data offset");
    int sourceOffset = Wire.i32le(in, "referral source offset");

    Fields fields = new Fields(payload, ConnectLayout.A.fixedSize());
    return new ConnectPacket(
        ConnectLayout.A,
        protocolHash,
        clientType,
        uuid,
        fields.string(true, usernameOffset, "username", ConnectPacket.MAX_USERNAME_BYTES),
        fields.string(
            (nullBits & 0x01) != 0, languageOffset, "language", ConnectPacket.MAX_LANGUAGE_BYTES_A),
        fields.tokenPresent((nullBits & 0x02) != 0, tokenOffset),
        fields.data((nullBits & 0x04) != 0, dataOffset),
        fields.source((nullBits & 0x08) != 0, sourceOffset));
  }

  /** Decodes {@code payload} as layout B, without detection. */
  public static ConnectPacket decodeLayoutB(byte[] payload) throws MalformedPacketException {
    ByteBuffer in = fixedPart(payload, ConnectLayout.B);
    int nullBits = in.get() & 0xFF;
    in.position(in.position() + 8); // protocol CRC and build number: not reported
    String clientVersion = fixedAscii(in, CLIENT_VERSION_LENGTH);
    int clientType = in.get() & 0xFF;
    String uuid = UuidCodec.read(in).toString();
    int usernameOffset = Wire.i32le(in, "username offset");
    int tokenOffset = Wire.i32le(in, "identity token offset");
    int languageOffset = Wire.i32le(in, "language offset");
    int dataOffset = Wire.i32le(in, "referral data offset");
    int sourceOffset = Wire.i32le(in, "referral source offset");

    Fields fields = new Fields(payload, ConnectLayout.B.fixedSize());
    return new ConnectPacket(
        ConnectLayout.B,
        clientVersion,
        clientType,
        uuid,
        fields.required(usernameOffset, "username", ConnectPacket.MAX_USERNAME_BYTES),
        fields.required(languageOffset, "language", ConnectPacket.MAX_LANGUAGE_BYTES_B),
        fields.tokenPresent((nullBits & 0x01) != 0, tokenOffset),
        fields.data((nullBits & 0x02) != 0, dataOffset),
        fields.source((nullBits & 0x04) != 0, sourceOffset));
  }

  private static ByteBuffer fixedPart(byte[] payload, ConnectLayout layout)
      throws MalformedPacketException {
    if (payload.length < layout.fixedSize()) {
      throw new MalformedPacketException(
          "payload length ("
              + payload.length
              + ") is below the layout "
              + layout
              + " minimum ("
              + layout.fixedSize()
              + ")");
    }
    return ByteBuffer.wrap(payload);
  }

  static boolean looksLikeHex(byte[] bytes, int start, int length) {
    for (int i = start; i < start + length; i++) {
      int c = bytes[i];
      boolean hex =
          c == 0 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }

  /** A NUL-padded ASCII field: the bytes before the first NUL; non-ASCII bytes become U+FFFD. */
  private static String fixedAscii(ByteBuffer in, int length) {
    int start = in.position();
    int end = start;
    while (end < start + length && in.get(end) != 0) {
      end++;
    }
    String value = new String(in.array(), start, end - start, StandardCharsets.US_ASCII);
    in.position(start + length);
    return value;
  }

  /** Reads the variable-block fields of one payload. */
  private record Fields(byte[] payload, int base) {

    String required(int offset, String field, int maxBytes) throws MalformedPacketException {
      if (offset < 0) {
        throw new MalformedPacketException(field + " is absent (required in layout B)");
      }
      return VarString.read(Wire.at(payload, base, offset, field), field, maxBytes);
    }

    @Nullable
    String string(boolean flagged, int offset, String field, int maxBytes) {
      if (!flagged || offset < 0) {
        return null;
      }
      try {
        return VarString.read(Wire.at(payload, base, offset, field), field, maxBytes);
      } catch (MalformedPacketException e) {
        return null;
      }
    }

    boolean tokenPresent(boolean flagged, int offset) {
      if (!flagged || offset < 0) {
        return false;
      }
      String field = "identity token";
      try {
        VarString.lengthOf(
            Wire.at(payload, base, offset, field), field, ConnectPacket.MAX_IDENTITY_TOKEN_BYTES);
        return true;
      } catch (MalformedPacketException e) {
        return false;
      }
    }

    @Nullable
    byte[] data(boolean flagged, int offset) {
      if (!flagged || offset < 0) {
        return null;
      }
      String field = "referral data";
      try {
        return VarString.readBytes(
            Wire.at(payload, base, offset, field), field, ConnectPacket.MAX_REFERRAL_DATA_BYTES);
      } catch (MalformedPacketException e) {
        return null;
      }
    }

    @Nullable
    HostAddress source(boolean flagged, int offset) {
      if (!flagged || offset < 0) {
        return null;
      }
      try {
        return HostAddress.read(Wire.at(payload, base, offset, "referral source"));
      } catch (MalformedPacketException e) {
        return null;
      }
    }
  }
}
