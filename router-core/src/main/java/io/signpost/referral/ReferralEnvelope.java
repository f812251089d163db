package io.signpost.referral;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The referral envelope, version 1: the bytes the router sends as {@code ClientReferral} data,
 * always, even when the content is empty, so that backends can rely on it.
 *
 * <pre>
 * 0..3   magic        ASCII "HYRP"
 * 4      version      1
 * 5      flags        0x01 = signed with HMAC-SHA256
 * 6      key id       0..255
 * 7..8   content len  u16, little-endian
 * 9..    content      what plugins set as referral content
 * end    signature    32-byte HMAC-SHA256 over header and content, present when flag 0x01 is set
 * </pre>
 *
 * <p>The whole envelope fits in {@value #MAX_ENVELOPE_BYTES} bytes, so the content is at most
 * {@value #MAX_CONTENT_BYTES_UNSIGNED} bytes unsigned and {@value #MAX_CONTENT_BYTES_SIGNED} bytes
 * signed.
 *
 * <p>All methods are thread-safe: each call uses its own {@link Mac}.
 *
 * @param magic always {@value #MAGIC}
 * @param version always {@value #VERSION}
 * @param flags the flags byte; only {@link #FLAG_SIGNED} is defined
 * @param keyId the key id the signer used (from {@code referral.key_id}), {@code 0..255}
 * @param content the referral content; copied in and out
 * @param signature the 32-byte HMAC when signed, else null; copied in and out
 */
public record ReferralEnvelope(
    String magic, int version, int flags, int keyId, byte[] content, @Nullable byte[] signature) {

  public static final String MAGIC = "HYRP";
  public static final int VERSION = 1;
  public static final int FLAG_SIGNED = 0x01;
  public static final int HEADER_BYTES = 9;
  public static final int SIGNATURE_BYTES = 32;
  public static final int MAX_ENVELOPE_BYTES = 4096;

  /** {@value #MAX_ENVELOPE_BYTES} minus the header. */
  public static final int MAX_CONTENT_BYTES_UNSIGNED = MAX_ENVELOPE_BYTES - HEADER_BYTES;

  /** {@value #MAX_ENVELOPE_BYTES} minus header and signature. */
  public static final int MAX_CONTENT_BYTES_SIGNED =
      MAX_ENVELOPE_BYTES - HEADER_BYTES - SIGNATURE_BYTES;

  private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
  private static final String HMAC = "HmacSHA256";

  public ReferralEnvelope {
    if (!MAGIC.equals(magic) || version != VERSION) {
      throw new IllegalArgumentException(
          "magic/version: " + magic + "/" + version + " (expected: " + MAGIC + "/" + VERSION + ")");
    }
    requireNonNull(content, "content");
    requireByte(flags, "flags");
    requireByte(keyId, "keyId");
    boolean signed = (flags & FLAG_SIGNED) != 0;
    int maxContent = signed ? MAX_CONTENT_BYTES_SIGNED : MAX_CONTENT_BYTES_UNSIGNED;
    if (content.length > maxContent) {
      throw new IllegalArgumentException(
          "content: " + content.length + " bytes (expected: <= " + maxContent + ")");
    }
    if (signed != (signature != null)
        || (signature != null && signature.length != SIGNATURE_BYTES)) {
      throw new IllegalArgumentException(
          "signature: "
              + (signature == null ? "null" : signature.length + " bytes")
              + " (expected: "
              + (signed ? SIGNATURE_BYTES + " bytes" : "null")
              + ")");
    }
    content = content.clone();
    signature = signature == null ? null : signature.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public @Nullable byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  /** Whether flag {@link #FLAG_SIGNED} is set (a signature is present). */
  public boolean signed() {
    return (flags & FLAG_SIGNED) != 0;
  }

  /**
   * Builds an envelope around {@code content}.
   *
   * @param keyId the key id to record, {@code 0..255}
   * @param content the referral content
   * @param hmacKey the HMAC-SHA256 key; null or empty sends the envelope unsigned
   * @throws ReferralContentTooLargeException when the content exceeds {@value
   *     #MAX_CONTENT_BYTES_SIGNED} bytes (signed) or {@value #MAX_CONTENT_BYTES_UNSIGNED}
   *     (unsigned)
   * @throws IllegalArgumentException when {@code keyId} is outside {@code 0..255}
   */
  public static byte[] encode(int keyId, byte[] content, @Nullable byte[] hmacKey)
      throws ReferralContentTooLargeException {
    requireByte(keyId, "keyId");
    requireNonNull(content, "content");
    boolean signed = hmacKey != null && hmacKey.length > 0;
    int max = signed ? MAX_CONTENT_BYTES_SIGNED : MAX_CONTENT_BYTES_UNSIGNED;
    if (content.length > max) {
      throw new ReferralContentTooLargeException(content.length, max, signed);
    }
    byte[] out = new byte[HEADER_BYTES + content.length + (signed ? SIGNATURE_BYTES : 0)];
    writeHeader(out, signed ? FLAG_SIGNED : 0, keyId, content.length);
    System.arraycopy(content, 0, out, HEADER_BYTES, content.length);
    if (signed) {
      byte[] mac = hmac(hmacKey, out, HEADER_BYTES + content.length);
      System.arraycopy(mac, 0, out, HEADER_BYTES + content.length, SIGNATURE_BYTES);
    }
    return out;
  }

  /**
   * Parses an envelope. The input must be exactly one envelope: no trailing bytes. Does not check
   * the signature; see {@link #verify}.
   *
   * @throws MalformedEnvelopeException when the bytes are not a v1 envelope (too long, too short,
   *     wrong magic, version other than 1, flags other than 0x00/0x01, length mismatch)
   */
  public static ReferralEnvelope parse(byte[] bytes) throws MalformedEnvelopeException {
    requireNonNull(bytes, "bytes");
    if (bytes.length > MAX_ENVELOPE_BYTES) {
      throw new MalformedEnvelopeException(
          "envelope length ("
              + bytes.length
              + ") exceeds the allowed maximum ("
              + MAX_ENVELOPE_BYTES
              + ")");
    }
    if (bytes.length < HEADER_BYTES) {
      throw new MalformedEnvelopeException(
          "envelope length (" + bytes.length + ") is below the header size (" + HEADER_BYTES + ")");
    }
    if (!Arrays.equals(bytes, 0, MAGIC_BYTES.length, MAGIC_BYTES, 0, MAGIC_BYTES.length)) {
      throw new MalformedEnvelopeException(
          "magic (" + HexFormat.of().formatHex(bytes, 0, 4) + ") is not \"HYRP\"");
    }
    int version = bytes[4] & 0xFF;
    if (version != VERSION) {
      throw new MalformedEnvelopeException(
          "version (" + version + ") is not supported (expected: 1)");
    }
    int flags = bytes[5] & 0xFF;
    if ((flags & ~FLAG_SIGNED) != 0) {
      throw new MalformedEnvelopeException(
          "flags (0x" + Integer.toHexString(flags) + ") are not supported (expected: 0x0 or 0x1)");
    }
    int contentLength = (bytes[7] & 0xFF) | (bytes[8] & 0xFF) << 8;
    boolean signed = (flags & FLAG_SIGNED) != 0;
    int expected = HEADER_BYTES + contentLength + (signed ? SIGNATURE_BYTES : 0);
    if (bytes.length != expected) {
      throw new MalformedEnvelopeException(
          "envelope length ("
              + bytes.length
              + ") does not match header, content length ("
              + contentLength
              + ")"
              + (signed ? " and signature" : "")
              + " (expected: "
              + expected
              + ")");
    }
    byte[] content = Arrays.copyOfRange(bytes, HEADER_BYTES, HEADER_BYTES + contentLength);
    byte[] signature =
        signed ? Arrays.copyOfRange(bytes, expected - SIGNATURE_BYTES, expected) : null;
    return new ReferralEnvelope(MAGIC, version, flags, bytes[6] & 0xFF, content, signature);
  }

  /**
   * Checks the envelope's signature against {@code hmacKey} in constant time.
   *
   * @return true only when the envelope is signed and its HMAC-SHA256 over header and content
   *     matches; false when it is unsigned, the key is empty, or the HMAC differs
   */
  public static boolean verify(ReferralEnvelope envelope, byte[] hmacKey) {
    requireNonNull(envelope, "envelope");
    requireNonNull(hmacKey, "hmacKey");
    if (!envelope.signed() || hmacKey.length == 0) {
      return false;
    }
    byte[] signedBytes = envelope.signedBytes();
    return MessageDigest.isEqual(
        hmac(hmacKey, signedBytes, signedBytes.length), envelope.signature);
  }

  /** Header and content: the bytes the signature covers. */
  public byte[] signedBytes() {
    byte[] out = new byte[HEADER_BYTES + content.length];
    writeHeader(out, flags, keyId, content.length);
    System.arraycopy(content, 0, out, HEADER_BYTES, content.length);
    return out;
  }

  private static void writeHeader(byte[] out, int flags, int keyId, int contentLength) {
    System.arraycopy(MAGIC_BYTES, 0, out, 0, MAGIC_BYTES.length);
    out[4] = VERSION;
    out[5] = (byte) flags;
    out[6] = (byte) keyId;
    out[7] = (byte) contentLength;
    out[8] = (byte) (contentLength >>> 8);
  }

  private static byte[] hmac(byte[] key, byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  private static void requireByte(int value, String name) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: 0..255)");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReferralEnvelope other
        && magic.equals(other.magic)
        && version == other.version
        && flags == other.flags
        && keyId == other.keyId
        && Arrays.equals(content, other.content)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(magic, version, flags, keyId) * 31
        + Arrays.hashCode(content) * 17
        + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "ReferralEnvelope[v"
        + version
        + ", flags=0x"
        + Integer.toHexString(flags)
        + ", keyId="
        + keyId
        + ", content="
        + content.length
        + " bytes, signed="
        + signed()
        + "]";
  }
}
