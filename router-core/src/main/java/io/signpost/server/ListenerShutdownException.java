package io.signpost.server;

/**
 * Handed to {@link ConnectionHandler#onFailure} for a client whose Connect arrives while the
 * listener shuts down, or that is still unanswered when the shutdown grace period ends.
 */
public final class ListenerShutdownException extends ListenerException {
  private static final long serialVersionUID = 1L;

  public ListenerShutdownException(String message) {
    super(message);
  }
}
