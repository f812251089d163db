package io.signpost.server;

/**
 * Receives the listener's connection events, for metrics. Called on the listener's event loop:
 * implementations must be cheap, must not block and must not throw.
 */
public interface ListenerObserver {

  /** An observer that ignores everything. */
  ListenerObserver NONE =
      new ListenerObserver() {
        @Override
        public void accepted() {}

        @Override
        public void closed() {}

        @Override
        public void handshakeFailed(HandshakeFailureReason reason) {}
      };

  /** Why a connection did not get as far as a stream. */
  enum HandshakeFailureReason {
    /** The client offered no acceptable ALPN protocol. */
    ALPN,
    /** Any other TLS failure. */
    TLS,
    /**
     * Refused by the concurrent-connection or per-source limit, or because the shutdown grace
     * period has ended and no connection is admitted any more.
     */
    LIMIT,
    /** Anything else. */
    OTHER
  }

  /**
   * An admitted connection completed its TLS handshake. Every accepted connection is later {@link
   * #closed()}; a connection whose handshake fails is reported by {@link #handshakeFailed} only.
   */
  void accepted();

  /** Why an accepted connection closed without an answer. */
  enum UnansweredReason {
    /** No complete Connect within the connect timeout, or the QUIC idle timeout. */
    TIMEOUT,
    /**
     * A frame declared a length over the cap, or the bytes before the Connect went over their
     * bound.
     */
    FRAME_TOO_LARGE,
    /** The client closed, or ended a stream mid-frame, before its Connect was complete. */
    CLIENT_CLOSED,
    /** The listener shut down before the client opened a stream. */
    SHUTDOWN,
    /** A stream or connection error, or the answer could not be written. */
    ERROR
  }

  /**
   * An accepted connection closed without an answer. Called before {@link #closed()} for that
   * connection. The default does nothing.
   */
  default void unanswered(UnansweredReason reason) {}

  /** An accepted connection ended, answered or not. */
  void closed();

  /** A connection was refused by a limit or failed during its TLS handshake. */
  void handshakeFailed(HandshakeFailureReason reason);
}
