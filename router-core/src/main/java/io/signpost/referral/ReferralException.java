package io.signpost.referral;

/** Root of the referral envelope's errors. */
public abstract class ReferralException extends Exception {
  private static final long serialVersionUID = 1L;

  protected ReferralException(String message) {
    super(message);
  }
}
