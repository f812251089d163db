package io.signpost.server;

/** The listener's TLS material could not be loaded or generated. */
public final class TlsSetupException extends ListenerException {
  private static final long serialVersionUID = 1L;

  public TlsSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
