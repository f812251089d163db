package io.signpost.server.internal;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.signpost.server.RetryTokenKey;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless QUIC Retry tokens authenticated with HMAC-SHA256, so that a connection is only created
 * for a client that proved it receives packets at its source address (RFC 9000, section 8.1.2).
 *
 * <p>Why this and not Netty's {@code InsecureQuicTokenHandler}: that one writes the address in
 * clear and anyone can forge it. Here the token is {@code version(1) | expiry millis(8) |
 * HMAC-SHA256(key, version | expiry | client IP | odcid) truncated to 16 bytes | odcid}. Tokens are
 * echoed within one round trip, so nothing needs to survive a restart: by default the key is 32
 * random bytes drawn when the listener starts ({@link RetryTokenKey#random()}). Replicas behind one
 * load balancer share a configured key ({@code quic.retry_token_secret}) so that a token minted by
 * one is accepted by another when the client's echo lands there; with different keys Netty drops
 * that Initial packet and the client's handshake times out. The client's port is left out so that a
 * NAT rebinding between the two Initial packets does not fail the handshake. Tokens expire after
 * {@link #LIFETIME}.
 *
 * <p>Thread-safe: one {@link Mac} per thread.
 */
public final class HmacRetryTokenHandler implements QuicTokenHandler {

  /** How long a Retry token stays valid. */
  public static final Duration LIFETIME = Duration.ofSeconds(10);

  private static final byte VERSION = 1;
  private static final int MAC_BYTES = 16;
  private static final int PREFIX_BYTES = 1 + Long.BYTES + MAC_BYTES;

  private final Clock clock;
  private final ThreadLocal<Mac> macs;

  public HmacRetryTokenHandler(Clock clock, RetryTokenKey key) {
    this.clock = requireNonNull(clock, "clock");
    SecretKeySpec spec = new SecretKeySpec(requireNonNull(key, "key").bytes(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> newMac(spec));
  }

  @Override
  public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
    long expiry = clock.millis() + LIFETIME.toMillis();
    byte[] odcid = new byte[dcid.readableBytes()];
    dcid.getBytes(dcid.readerIndex(), odcid);
    out.writeByte(VERSION);
    out.writeLong(expiry);
    out.writeBytes(mac(expiry, address, odcid), 0, MAC_BYTES);
    out.writeBytes(odcid);
    return true;
  }

  @Override
  public int validateToken(ByteBuf token, InetSocketAddress address) {
    int start = token.readerIndex();
    if (token.readableBytes() < PREFIX_BYTES || token.getByte(start) != VERSION) {
      return -1;
    }
    long expiry = token.getLong(start + 1);
    if (expiry < clock.millis()) {
      return -1;
    }
    byte[] presented = new byte[MAC_BYTES];
    token.getBytes(start + 1 + Long.BYTES, presented);
    byte[] odcid = new byte[token.readableBytes() - PREFIX_BYTES];
    token.getBytes(start + PREFIX_BYTES, odcid);
    byte[] expected = mac(expiry, address, odcid);
    byte[] truncated = new byte[MAC_BYTES];
    System.arraycopy(expected, 0, truncated, 0, MAC_BYTES);
    return MessageDigest.isEqual(presented, truncated) ? PREFIX_BYTES : -1;
  }

  @Override
  public int maxTokenLength() {
    return PREFIX_BYTES + Quic.MAX_CONN_ID_LEN;
  }

  private byte[] mac(long expiry, InetSocketAddress address, byte[] odcid) {
    Mac mac = macs.get();
    mac.update(VERSION);
    for (int shift = 56; shift >= 0; shift -= 8) {
      mac.update((byte) (expiry >>> shift));
    }
    mac.update(address.getAddress().getAddress());
    mac.update(odcid);
    return mac.doFinal();
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
