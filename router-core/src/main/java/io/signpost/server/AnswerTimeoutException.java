package io.signpost.server;

import io.signpost.text.GoDuration;
import java.time.Duration;

/**
 * Handed to {@link ConnectionHandler#onFailure} when the future of {@link
 * ConnectionHandler#onFirstFrame} did not complete within the connect timeout.
 */
public final class AnswerTimeoutException extends ListenerException {
  private static final long serialVersionUID = 1L;

  public AnswerTimeoutException(Duration timeout) {
    super("no answer from the connection handler within " + GoDuration.format(timeout));
  }
}
