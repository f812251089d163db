package io.signpost.config;

import io.signpost.annotation.Nullable;

/**
 * The {@code referral} section: how the referral envelope is built.
 *
 * @param keyId key identifier written into the envelope, 0..255
 * @param hmacSecret the signing key; null for unsigned envelopes
 */
public record ReferralConfig(int keyId, @Nullable HmacSecret hmacSecret) {

  public ReferralConfig {
    if (keyId < 0 || keyId > 255) {
      throw new IllegalArgumentException("keyId: " + keyId + " (expected: 0..255)");
    }
  }
}
