package io.signpost.referral;

/**
 * Bytes that are not a v1 referral envelope: too short, wrong magic, unknown version or flags, a
 * content length that disagrees with the size, or more than 4096 bytes.
 */
public final class MalformedEnvelopeException extends ReferralException {
  private static final long serialVersionUID = 1L;

  public MalformedEnvelopeException(String message) {
    super(message);
  }
}
