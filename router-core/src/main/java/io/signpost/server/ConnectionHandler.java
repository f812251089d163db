package io.signpost.server;

import java.util.concurrent.CompletableFuture;

/**
 * What the listener hands a connection over to once its first {@code Connect} frame has arrived on
 * a bidirectional stream (frames before it are skipped, as Hyrouter skips them). The listener knows
 * nothing of routing, plugins or packet codecs; this is the only way it asks for a decision.
 *
 * <p>Threading: both methods are called on the listener's event loop. They must not block; {@link
 * #onFirstFrame} starts its work (routing, plugin chain) elsewhere and returns a future. The
 * listener writes the answer from its event loop whenever the future completes, on whatever thread
 * that happens.
 */
public interface ConnectionHandler {

  /**
   * Decides what to answer to a client. Called once per connection, after the TLS handshake and
   * once the first complete frame is buffered.
   *
   * <p>Failure: a future that completes exceptionally, that is still incomplete after the
   * listener's connect timeout, or an exception thrown by this method, makes the listener answer
   * {@link #onFailure} instead.
   *
   * @param hello what the handshake told about the client
   * @param packetId the packet id from the frame header (0 for a Connect)
   * @param payload the frame payload; owned by the handler from now on
   * @return the answer to write on the stream
   */
  CompletableFuture<Answer> onFirstFrame(ClientHello hello, int packetId, byte[] payload);

  /**
   * The answer to send when {@link #onFirstFrame} fails or cannot be called (the listener is
   * shutting down: {@link ListenerShutdownException}; the handler took too long: {@link
   * AnswerTimeoutException}; the handler itself failed: its exception). Normally a framed
   * Disconnect. Called on the event loop, must not block and must not throw; if it throws anyway
   * the listener logs it and closes the connection without an answer.
   */
  Answer onFailure(ClientHello hello, Throwable cause);
}
