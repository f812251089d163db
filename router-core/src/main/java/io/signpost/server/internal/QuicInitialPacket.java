package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client's QUIC version 1 Initial packets of a datagram, unprotected (RFC 9001, section 5: the
 * keys derive from the Destination Connection ID, so anyone on the path can read them) and reduced
 * to their CRYPTO frames, which carry the TLS ClientHello.
 *
 * <p>Only what is needed to read the ClientHello is decoded; anything unexpected (another version,
 * a short header, a frame type an Initial packet does not carry, a failed authentication) ends the
 * parse with what was found so far. Never throws on input. Stateless and thread-safe.
 */
final class QuicInitialPacket {

  /** A piece of the CRYPTO stream: {@code data} at {@code offset}. */
  record Crypto(long offset, byte[] data) {}

  /**
   * The CRYPTO frames of the client Initial packets at the start of a datagram.
   *
   * @param connectionId the Destination Connection ID, in hex
   */
  record Found(String connectionId, List<Crypto> crypto) {}

  private static final int VERSION_1 = 0x00000001;
  private static final byte[] INITIAL_SALT_V1 =
      HexFormat.of().parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
  private static final int MAX_CID = 20;

  private QuicInitialPacket() {}

  /** The CRYPTO frames of the Initial packets {@code datagram} starts with; null when none. */
  static @Nullable Found read(ByteBuffer datagram) {
    ByteBuffer in = datagram.duplicate();
    String connectionId = null;
    List<Crypto> crypto = new ArrayList<>();
    while (in.remaining() > 7) {
      int start = in.position();
      byte first = in.get(start);
      boolean longInitial = (first & 0xC0) == 0xC0 && ((first >> 4) & 0x03) == 0;
      if (!longInitial || in.getInt(start + 1) != VERSION_1) {
        break;
      }
      Packet packet = header(in);
      if (packet == null
          || (connectionId != null
              && !connectionId.equals(HexFormat.of().formatHex(packet.dcid)))) {
        break;
      }
      connectionId = HexFormat.of().formatHex(packet.dcid);
      byte[] plaintext = unprotect(datagram, start, packet);
      if (plaintext == null || !frames(plaintext, crypto)) {
        break;
      }
      in.position(packet.end);
    }
    return connectionId == null || crypto.isEmpty() ? null : new Found(connectionId, crypto);
  }

  /** Header fields up to the packet number; positions are absolute in the datagram. */
  private record Packet(byte[] dcid, int pnOffset, int end) {}

  private static @Nullable Packet header(ByteBuffer in) {
    int start = in.position();
    in.position(start + 5);
    int dcidLength = in.get() & 0xFF;
    if (dcidLength > MAX_CID || in.remaining() < dcidLength + 1) {
      return null;
    }
    byte[] dcid = new byte[dcidLength];
    in.get(dcid);
    int scidLength = in.get() & 0xFF;
    if (scidLength > MAX_CID || in.remaining() < scidLength) {
      return null;
    }
    in.position(in.position() + scidLength);
    long tokenLength = varint(in);
    if (tokenLength < 0 || tokenLength > in.remaining()) {
      return null;
    }
    in.position(in.position() + (int) tokenLength);
    long length = varint(in);
    if (length < 20 || length > in.remaining()) {
      return null;
    }
    return new Packet(dcid, in.position(), in.position() + (int) length);
  }

  /** Removes header protection and decrypts the payload; null when that fails. */
  private static @Nullable byte[] unprotect(ByteBuffer datagram, int start, Packet packet) {
    try {
      byte[] secret = clientInitialSecret(packet.dcid);
      byte[] key = expandLabel(secret, "quic key", 16);
      byte[] iv = expandLabel(secret, "quic iv", 12);
      byte[] hp = expandLabel(secret, "quic hp", 16);
      byte[] sample = new byte[16];
      datagram.get(packet.pnOffset + 4, sample);
      Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hp, "AES"));
      byte[] mask = ecb.doFinal(sample);
      byte[] header = new byte[packet.pnOffset - start + 4];
      datagram.get(start, header);
      header[0] ^= (byte) (mask[0] & 0x0F);
      int pnLength = (header[0] & 0x03) + 1;
      long pn = 0;
      int pnAt = packet.pnOffset - start;
      for (int i = 0; i < pnLength; i++) {
        header[pnAt + i] ^= mask[1 + i];
        pn = (pn << 8) | (header[pnAt + i] & 0xFF);
      }
      byte[] aad = Arrays.copyOf(header, pnAt + pnLength);
      byte[] nonce = iv.clone();
      for (int i = 0; i < 8; i++) {
        nonce[nonce.length - 1 - i] ^= (byte) (pn >>> (8 * i));
      }
      int payloadStart = packet.pnOffset + pnLength;
      byte[] sealed = new byte[packet.end - payloadStart];
      datagram.get(payloadStart, sealed);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      gcm.updateAAD(aad);
      return gcm.doFinal(sealed);
    } catch (GeneralSecurityException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** Collects CRYPTO frames; false when a frame does not parse or is not one an Initial carries. */
  private static boolean frames(byte[] plaintext, List<Crypto> out) {
    ByteBuffer in = ByteBuffer.wrap(plaintext);
    while (in.hasRemaining()) {
      long type = varint(in);
      if (type == 0x00 || type == 0x01) {
        continue; // PADDING, PING
      }
      if (type == 0x02 || type == 0x03) {
        if (!skipAck(in, type == 0x03)) {
          return false;
        }
        continue;
      }
      if (type != 0x06) {
        return !out.isEmpty(); // CONNECTION_CLOSE or anything else: stop here
      }
      long offset = varint(in);
      long length = varint(in);
      if (offset < 0 || length < 0 || length > in.remaining()) {
        return false;
      }
      byte[] data = new byte[(int) length];
      in.get(data);
      out.add(new Crypto(offset, data));
    }
    return true;
  }

  private static boolean skipAck(ByteBuffer in, boolean ecn) {
    varint(in);
    varint(in);
    long ranges = varint(in);
    varint(in);
    if (ranges < 0 || ranges > 1024) {
      return false;
    }
    for (long i = 0; i < ranges * 2 + (ecn ? 3 : 0); i++) {
      if (varint(in) < 0) {
        return false;
      }
    }
    return true;
  }

  /** A QUIC variable-length integer; -1 when the buffer ends first. */
  static long varint(ByteBuffer in) {
    if (!in.hasRemaining()) {
      return -1;
    }
    int first = in.get() & 0xFF;
    int length = 1 << (first >> 6);
    if (in.remaining() < length - 1) {
      return -1;
    }
    long value = first & 0x3F;
    for (int i = 1; i < length; i++) {
      value = (value << 8) | (in.get() & 0xFF);
    }
    return value;
  }

  private static byte[] clientInitialSecret(byte[] dcid) throws GeneralSecurityException {
    Mac extract = Mac.getInstance("HmacSHA256");
    extract.init(new SecretKeySpec(INITIAL_SALT_V1, "HmacSHA256"));
    byte[] initialSecret = extract.doFinal(dcid);
    return expandLabel(initialSecret, "client in", 32);
  }

  /** TLS 1.3 HKDF-Expand-Label with an empty context, for outputs of at most 32 bytes. */
  static byte[] expandLabel(byte[] secret, String label, int length)
      throws GeneralSecurityException {
    byte[] full = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer info = ByteBuffer.allocate(2 + 1 + full.length + 1 + 1);
    info.putShort((short) length).put((byte) full.length).put(full).put((byte) 0).put((byte) 1);
    Mac expand = Mac.getInstance("HmacSHA256");
    expand.init(new SecretKeySpec(secret, "HmacSHA256"));
    return Arrays.copyOf(expand.doFinal(info.array()), length);
  }
}
