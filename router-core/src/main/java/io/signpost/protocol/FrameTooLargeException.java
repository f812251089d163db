package io.signpost.protocol;

/**
 * A frame header declared a payload longer than the caller's cap. Raised as soon as the 8-byte
 * header is complete, before any payload byte is buffered.
 */
public final class FrameTooLargeException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final long declaredLength;
  private final int maxLength;

  public FrameTooLargeException(long declaredLength, int maxLength) {
    super("frame length (" + declaredLength + ") exceeds the allowed maximum (" + maxLength + ")");
    this.declaredLength = declaredLength;
    this.maxLength = maxLength;
  }

  /** The payload length the header declared (unsigned 32-bit). */
  public long declaredLength() {
    return declaredLength;
  }

  /** The cap the reader was built with. */
  public int maxLength() {
    return maxLength;
  }
}
