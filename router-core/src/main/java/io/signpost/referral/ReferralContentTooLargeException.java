package io.signpost.referral;

/**
 * The referral content does not fit an envelope of {@value ReferralEnvelope#MAX_ENVELOPE_BYTES}
 * bytes. The caller decides what to send instead (Hyrouter sends an empty envelope).
 */
public final class ReferralContentTooLargeException extends ReferralException {
  private static final long serialVersionUID = 1L;

  private final int contentLength;
  private final int maxContentLength;

  public ReferralContentTooLargeException(int contentLength, int maxContentLength, boolean signed) {
    super(
        "referral content length ("
            + contentLength
            + ") exceeds the allowed maximum ("
            + maxContentLength
            + (signed ? ", signed" : ", unsigned")
            + ")");
    this.contentLength = contentLength;
    this.maxContentLength = maxContentLength;
  }

  public int contentLength() {
    return contentLength;
  }

  public int maxContentLength() {
    return maxContentLength;
  }
}
