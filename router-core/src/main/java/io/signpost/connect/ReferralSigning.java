package io.signpost.connect;

import io.signpost.annotation.Nullable;
import io.signpost.referral.ReferralContentTooLargeException;
import io.signpost.referral.ReferralEnvelope;

/**
 * How referral envelopes are stamped: the key id and, when signing, the HMAC-SHA256 key. As in
 * Hyrouter, an unsigned envelope carries key id 0 whatever key id is configured: the id names the
 * key that signed, and there is none.
 *
 * <p>Immutable and thread-safe. The envelope around empty content, which most connections get, is
 * built once at construction.
 */
public final class ReferralSigning {

  private final int keyId;
  private final @Nullable byte[] hmacKey;
  private final byte[] emptyEnvelope;

  /**
   * @param keyId the key id written into signed envelopes, 0..255
   * @param hmacKey the HMAC-SHA256 key; null or empty for unsigned envelopes, which carry key id 0
   * @throws IllegalArgumentException when {@code keyId} is outside 0..255
   */
  public ReferralSigning(int keyId, @Nullable byte[] hmacKey) {
    if (keyId < 0 || keyId > 255) {
      throw new IllegalArgumentException("keyId: " + keyId + " (expected: 0..255)");
    }
    this.hmacKey = hmacKey == null || hmacKey.length == 0 ? null : hmacKey.clone();
    this.keyId = this.hmacKey == null ? 0 : keyId;
    try {
      this.emptyEnvelope = ReferralEnvelope.encode(this.keyId, new byte[0], this.hmacKey);
    } catch (ReferralContentTooLargeException impossible) {
      throw new AssertionError(impossible);
    }
  }

  /** Unsigned envelopes with key id 0. */
  public static ReferralSigning unsigned() {
    return new ReferralSigning(0, null);
  }

  /** The key id written into every envelope: the configured one when signing, else 0. */
  public int keyId() {
    return keyId;
  }

  /** A copy of the HMAC-SHA256 key; null when envelopes are unsigned. */
  public @Nullable byte[] hmacKey() {
    return hmacKey == null ? null : hmacKey.clone();
  }

  public boolean signed() {
    return hmacKey != null;
  }

  /** The longest referral content an envelope can carry with these settings. */
  public int maxContentLength() {
    return signed()
        ? ReferralEnvelope.MAX_CONTENT_BYTES_SIGNED
        : ReferralEnvelope.MAX_CONTENT_BYTES_UNSIGNED;
  }

  /**
   * The envelope around {@code content}, stamped with these settings.
   *
   * @throws ReferralContentTooLargeException when {@code content} is longer than {@link
   *     #maxContentLength()}
   */
  public byte[] envelope(byte[] content) throws ReferralContentTooLargeException {
    return content.length == 0
        ? emptyEnvelope.clone()
        : ReferralEnvelope.encode(keyId, content, hmacKey);
  }

  /** The envelope around empty content. */
  public byte[] emptyEnvelope() {
    return emptyEnvelope.clone();
  }
}
