package io.signpost.protocol;

/**
 * Root of every error the wire codecs report. Checked: decoders are total, so a caller always gets
 * either a value or one of these, never an unchecked exception.
 */
public abstract class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  protected ProtocolException(String message) {
    super(message);
  }
}
