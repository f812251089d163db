package io.signpost.discovery;

import io.signpost.annotation.Nullable;
import io.signpost.text.TextCut;

/**
 * Root of discovery failures a provider reports to the router. The message says what went wrong in
 * terms an operator can act on, without the provider's name (the router adds it); it is cut to
 * {@value #MAX_MESSAGE_CHARS} characters, since it may carry an API server's answer and ends up in
 * logs and the {@code ${error}} of a disconnect message.
 */
public abstract class DiscoveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The longest {@link #getMessage()}, in UTF-16 characters. */
  public static final int MAX_MESSAGE_CHARS = 512;

  protected DiscoveryException(String message, @Nullable Throwable cause) {
    super(TextCut.abbreviate(message, MAX_MESSAGE_CHARS), cause);
  }
}
