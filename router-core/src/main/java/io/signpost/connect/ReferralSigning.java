package io.signpost.connect;

import io.signpost.annotation.Nullable;

/**
 * How referral envelopes are stamped.
 *
 * @param keyId the key id written into every envelope, 0..255
 * @param hmacKey the HMAC-SHA256 key; null or empty for unsigned envelopes
 */
public record ReferralSigning(int keyId, @Nullable byte[] hmacKey) {

  /** Envelope header: magic (4), version, flags, key id, u16 content length. */
  private static final int HEADER = 9;
  private static final int MAC = 32;
  private static final int MAX_ENVELOPE = 4096;

  public ReferralSigning {
    if (keyId < 0 || keyId > 255) {
      throw new IllegalArgumentException("keyId: " + keyId + " (expected: 0..255)");
    }
    hmacKey = hmacKey == null || hmacKey.length == 0 ? null : hmacKey.clone();
  }

  /** Unsigned envelopes with key id 0. */
  public static ReferralSigning unsigned() {
    return new ReferralSigning(0, null);
  }

  public boolean signed() {
    return hmacKey != null;
  }

  /** The longest referral content an envelope can carry with these settings. */
  public int maxContentLength() {
    return MAX_ENVELOPE - HEADER - (signed() ? MAC : 0);
  }

  @Override
  public @Nullable byte[] hmacKey() {
    return hmacKey == null ? null : hmacKey.clone();
  }
}
