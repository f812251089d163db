package io.signpost.protocol;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Encodes a {@code Connect} payload the way a client sends it, in the packet's {@link
 * ConnectLayout}. The router never sends Connect; this exists for test clients, load tools and
 * tests, and is the inverse of {@link ConnectDecoder}.
 *
 * <p>Layout B's protocol CRC and build number are written as zero. A layout A payload is detected
 * as layout A only when its protocol hash is hex (as real hashes are); other hashes may be taken
 * for layout B by {@link ConnectDecoder#decode}. Stateless and thread-safe.
 */
public final class ConnectEncoder {
  private static final int HASH_LENGTH = 64;
  private static final int CLIENT_VERSION_LENGTH = 20;

  private ConnectEncoder() {}

  /**
   * The payload (without frame header) for {@code packet}.
   *
   * @param identityToken the token to send when {@code packet.identityTokenPresent()}; null sends
   *     an empty token; ignored when the packet has none
   * @throws FieldTooLongException when a field is longer than the protocol allows
   * @throws IllegalArgumentException when the protocol hash or client version is not NUL-free ASCII
   *     of at most 64 (A) or 20 (B) characters, the uuid does not parse, or a layout B packet lacks
   *     username or language
   */
  public static byte[] encode(ConnectPacket packet, @Nullable String identityToken)
      throws FieldTooLongException {
    requireNonNull(packet, "packet");
    String token =
        packet.identityTokenPresent() ? (identityToken == null ? "" : identityToken) : null;
    return packet.layout() == ConnectLayout.A ? layoutA(packet, token) : layoutB(packet, token);
  }

  private static byte[] layoutA(ConnectPacket p, @Nullable String token)
      throws FieldTooLongException {
    VariableBlock block = new VariableBlock();
    int language = block.string(p.language(), "language", ConnectPacket.MAX_LANGUAGE_BYTES_A);
    int tokenOffset = block.string(token, "identity token", ConnectPacket.MAX_IDENTITY_TOKEN_BYTES);
    int username = block.string(p.username(), "username", ConnectPacket.MAX_USERNAME_BYTES);
    int data = block.bytes(p.referralData());
    int source = block.host(p.referralSource());

    ByteBuffer out = ByteBuffer.allocate(ConnectLayout.A.fixedSize() + block.size());
    out.put(
        (byte)
            (bit(language, 0x01) | bit(tokenOffset, 0x02) | bit(data, 0x04) | bit(source, 0x08)));
    putFixedAscii(out, p.protocolHash(), HASH_LENGTH, "protocolHash");
    out.put((byte) p.clientType());
    UuidCodec.write(out, UUID.fromString(p.uuid()));
    for (int offset : new int[] {language, tokenOffset, username, data, source}) {
      Wire.putI32le(out, offset);
    }
    out.put(block.toByteArray());
    return out.array();
  }

  private static byte[] layoutB(ConnectPacket p, @Nullable String token)
      throws FieldTooLongException {
    requireNonNull(p.username(), "username (required in layout B)");
    requireNonNull(p.language(), "language (required in layout B)");
    VariableBlock block = new VariableBlock();
    int username = block.string(p.username(), "username", ConnectPacket.MAX_USERNAME_BYTES);
    int tokenOffset = block.string(token, "identity token", ConnectPacket.MAX_IDENTITY_TOKEN_BYTES);
    int language = block.string(p.language(), "language", ConnectPacket.MAX_LANGUAGE_BYTES_B);
    int data = block.bytes(p.referralData());
    int source = block.host(p.referralSource());

    ByteBuffer out = ByteBuffer.allocate(ConnectLayout.B.fixedSize() + block.size());
    out.put((byte) (bit(tokenOffset, 0x01) | bit(data, 0x02) | bit(source, 0x04)));
    Wire.putI32le(out, 0);
    Wire.putI32le(out, 0);
    putFixedAscii(out, p.protocolHash(), CLIENT_VERSION_LENGTH, "protocolHash");
    out.put((byte) p.clientType());
    UuidCodec.write(out, UUID.fromString(p.uuid()));
    for (int offset : new int[] {username, tokenOffset, language, data, source}) {
      Wire.putI32le(out, offset);
    }
    out.put(block.toByteArray());
    return out.array();
  }

  private static int bit(int offset, int bit) {
    return offset >= 0 ? bit : 0;
  }

  private static void putFixedAscii(ByteBuffer out, String value, int length, String field) {
    byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
    boolean valid = ascii.length <= length && value.chars().allMatch(c -> c > 0 && c < 0x80);
    if (!valid) {
      throw new IllegalArgumentException(
          field + ": " + value + " (expected: at most " + length + " NUL-free ASCII characters)");
    }
    out.put(ascii);
    out.put(new byte[length - ascii.length]);
  }

  /** The variable block under construction; each method returns the field's offset or -1. */
  private static final class VariableBlock extends ByteArrayOutputStream {

    int string(@Nullable String value, String field, int maxBytes) throws FieldTooLongException {
      return value == null ? -1 : append(varString(VarString.utf8(value, field, maxBytes)));
    }

    int bytes(@Nullable byte[] value) throws FieldTooLongException {
      if (value == null) {
        return -1;
      }
      if (value.length > ConnectPacket.MAX_REFERRAL_DATA_BYTES) {
        throw new FieldTooLongException(
            "referral data", value.length, ConnectPacket.MAX_REFERRAL_DATA_BYTES);
      }
      return append(varString(value));
    }

    int host(@Nullable HostAddress value) throws FieldTooLongException {
      return value == null ? -1 : append(value.encode());
    }

    private int append(byte[] encoded) {
      int offset = size();
      writeBytes(encoded);
      return offset;
    }

    private static byte[] varString(byte[] content) {
      ByteBuffer out = ByteBuffer.allocate(VarString.size(content));
      VarString.write(out, content);
      return out.array();
    }
  }
}
