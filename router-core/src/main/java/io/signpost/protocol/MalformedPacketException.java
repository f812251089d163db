package io.signpost.protocol;

/**
 * Bytes that do not decode: truncated input, a VarInt longer than five bytes or negative, a field
 * longer than its maximum, an offset outside the payload.
 */
public final class MalformedPacketException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  public MalformedPacketException(String message) {
    super(message);
  }
}
