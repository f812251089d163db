package io.signpost.protocol;

/**
 * An encoder was asked to write a field longer than the protocol allows, for example a referral
 * target host of more than 256 UTF-8 bytes. Nothing is written.
 */
public final class FieldTooLongException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final int length;
  private final int maxLength;

  public FieldTooLongException(String field, int length, int maxLength) {
    super(field + " length (" + length + ") exceeds the allowed maximum (" + maxLength + ")");
    this.field = field;
    this.length = length;
    this.maxLength = maxLength;
  }

  public String field() {
    return field;
  }

  public int length() {
    return length;
  }

  public int maxLength() {
    return maxLength;
  }
}
