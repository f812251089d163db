package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a {@link ConnectionSession} needs of its QUIC connection, and no more: schedule and run
 * tasks on the connection's thread, write the answer on a stream, close. {@link QuicConnectionPort}
 * is the Netty one; the session's tests use a fake that runs timers by hand.
 *
 * <p>Threading: the session calls every method on the connection's thread, except {@link
 * #inConnectionThread()} and {@link #execute}, which it calls from wherever a decision completes.
 */
interface ConnectionPort {

  /** Runs {@code task} on the connection's thread after {@code delay}. */
  Timer schedule(Runnable task, Duration delay);

  /** Whether the calling thread is the connection's. */
  boolean inConnectionThread();

  /** Runs {@code task} on the connection's thread, later. */
  void execute(Runnable task);

  /**
   * Closes the connection with an application error code and a short ASCII reason; nothing when it
   * is already closed.
   */
  void close(int code, String reason);

  /** Whether the connection closed because its idle timeout passed. */
  boolean isTimedOut();

  /** The negotiated ALPN protocol; empty when none is known (yet). */
  String alpn();

  /** SHA-256 of the client's certificate (base64url, no padding); null when it presented none. */
  @Nullable
  String clientCertFingerprint();

  /** The client's UDP address. */
  InetSocketAddress remoteAddress();

  /** A scheduled task. */
  interface Timer {
    /** Cancels the task if it has not run yet. */
    void cancel();
  }

  /** A stream the client opened; the answer goes on the bidirectional one the Connect came on. */
  interface Stream {
    /** The QUIC stream id, for debug logs. */
    long id();

    /** Whether the client can read on it: only a bidirectional stream carries the answer. */
    boolean bidirectional();

    /**
     * Writes {@code framedPacket} followed by the end of the stream (FIN), then calls {@code
     * written} on the connection's thread with null on success or the failure.
     */
    void writeAndFinish(byte[] framedPacket, Consumer<@Nullable Throwable> written);
  }
}
