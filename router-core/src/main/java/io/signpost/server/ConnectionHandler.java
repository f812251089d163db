package io.signpost.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What the listener hands a connection over to once its first {@code Connect} frame has arrived on
 * a bidirectional stream (frames before it are skipped, as Hyrouter skips them). The listener knows
 * nothing of routing, plugins or packet codecs; this is the only way it asks for a decision.
 *
 * <p>Threading: both methods are called on the listener's event loop. They must not block; {@link
 * #onFirstFrame} starts its work (routing, plugin chain) and returns a future. The listener hands
 * the handler the connection's thread as an {@link Executor}, so that work which completes
 * elsewhere (a plugin worker, a gRPC thread, a timer) continues there: the answer is then built on
 * the connection's thread and written without another hand-off. A future completed on another
 * thread is still accepted; the write then hops onto the event loop.
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
   * {@link #onFirstFrame(ClientHello, int, byte[])} with the connection's thread, on which work
   * that completes elsewhere should continue. The default ignores it.
   *
   * @param connectionThread runs tasks on the connection's event loop, later; it may refuse them
   *     once the listener has stopped ({@link java.util.concurrent.RejectedExecutionException})
   */
  default CompletableFuture<Answer> onFirstFrame(
      ClientHello hello, int packetId, byte[] payload, Executor connectionThread) {
    return onFirstFrame(hello, packetId, payload);
  }

  /**
   * The answer to send when {@link #onFirstFrame} fails or cannot be called (the listener is
   * shutting down: {@link ListenerShutdownException}; the handler took too long: {@link
   * AnswerTimeoutException}; the handler itself failed: its exception). Normally a framed
   * Disconnect. Called on the event loop, must not block and must not throw; if it throws anyway
   * the listener logs it and closes the connection without an answer.
   */
  Answer onFailure(ClientHello hello, Throwable cause);
}
