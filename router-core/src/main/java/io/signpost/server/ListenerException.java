package io.signpost.server;

/** Root of the QUIC listener's failures. */
public abstract class ListenerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ListenerException(String message, Throwable cause) {
    super(message, cause);
  }

  protected ListenerException(String message) {
    super(message);
  }
}
