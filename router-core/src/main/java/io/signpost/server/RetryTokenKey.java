package io.signpost.server;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The key that authenticates the listener's QUIC Retry tokens (HMAC-SHA256). A listener mints a
 * token with it when it asks a new client to prove its address and checks the token the client
 * echoes in its next Initial packet; listeners that share one key accept each other's tokens, so
 * the echo may reach another replica behind the same load balancer. {@link #toString()} never shows
 * the key.
 */
public final class RetryTokenKey {

  /** The shortest key accepted: 16 bytes (128 bits). */
  public static final int MIN_BYTES = 16;

  /** The length of a {@link #random()} key: 32 bytes, the HMAC-SHA256 block-size sweet spot. */
  public static final int RANDOM_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  private RetryTokenKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A key with these bytes (copied).
   *
   * @throws IllegalArgumentException when there are fewer than {@link #MIN_BYTES}
   */
  public static RetryTokenKey of(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "retry token key: " + bytes.length + " bytes (expected: at least " + MIN_BYTES + ")");
    }
    return new RetryTokenKey(bytes.clone());
  }

  /**
   * A fresh key of {@link #RANDOM_BYTES} from a {@link SecureRandom}, known to no other process.
   */
  public static RetryTokenKey random() {
    byte[] key = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(key);
    return new RetryTokenKey(key);
  }

  /** A copy of the key bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryTokenKey other && Arrays.equals(other.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "RetryTokenKey[" + bytes.length + " bytes]";
  }
}
