package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import io.signpost.protocol.FrameHeader;
import io.signpost.protocol.PacketId;
import io.signpost.server.Answer;
import io.signpost.server.AnswerTimeoutException;
import io.signpost.server.ClientHello;
import io.signpost.server.ListenerObserver;
import io.signpost.server.ListenerShutdownException;
import io.signpost.text.GoDuration;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, from its first packet to its close: reads the streams the client opens
 * (bidirectional and unidirectional, at most {@link #MAX_STREAMS}) until the first {@code Connect}
 * frame on a bidirectional stream, within the connect deadline and within {@link #preConnectBudget}
 * bytes; asks the {@link io.signpost.server.ConnectionHandler}, writes the answer with FIN on the
 * Connect's stream, then closes the connection once the client closed it or after {@link
 * #ANSWER_LINGER}. Every session ends with exactly one decision log line: answered, answered with
 * failure, or closed without answer and why.
 *
 * <p>The connection itself is behind a {@link ConnectionPort} (schedule, write, close), so this
 * state machine knows nothing of Netty and is unit-tested with a fake port.
 *
 * <p>Threading: every method runs on the connection's event loop; handler futures completed on
 * another thread hop back onto it.
 */
public final class ConnectionSession {

  /** How long an answered connection stays open for the client to read the answer and close. */
  public static final Duration ANSWER_LINGER = Duration.ofSeconds(2);

  /**
   * Most streams a connection may open before it is answered; later ones are closed at once. A
   * Hytale client uses one; Hyrouter reads any number.
   */
  public static final int MAX_STREAMS = 8;

  /**
   * How many frames' worth of bytes (at the configured cap, header included) may arrive on all
   * streams together before the Connect is complete.
   */
  static final int PRE_CONNECT_FRAMES = 4;

  static final int CLOSE_DONE = 0;
  static final int CLOSE_REFUSED = 1;
  static final int CLOSE_SHUTDOWN = 2;

  private enum State {
    AWAITING_STREAM,
    READING,
    DECIDING,
    ANSWERED,
    DONE
  }

  private final ConnectionPort port;
  private final ListenerContext context;
  private final long startNanos = System.nanoTime();
  private final InetSocketAddress remoteAddress;
  private State state = State.AWAITING_STREAM;
  private String sni = "";
  private @Nullable ClientHello hello;
  private ConnectionPort.@Nullable Stream stream;
  private ConnectionPort.@Nullable Timer timer;
  private int streams;
  private long preConnectBytes;

  ConnectionSession(ConnectionPort port, ListenerContext context) {
    this.port = port;
    this.context = context;
    this.remoteAddress = port.remoteAddress();
    Duration timeout = context.settings().connectTimeout();
    timer = schedule(() -> onConnectDeadline(timeout), timeout);
  }

  void onSni(@Nullable String serverName) {
    sni = normalizeSni(serverName);
    context.log().debug(this, "sni", sni);
  }

  /**
   * Takes a stream the client opened; false when it is to be closed unread (the connection is
   * already deciding or answered, or has opened {@link #MAX_STREAMS}). The first bidirectional
   * stream answers a shutdown or failure that comes before any Connect.
   */
  boolean admit(ConnectionPort.Stream candidate) {
    if (state != State.AWAITING_STREAM && state != State.READING) {
      context.log().debug(this, "late stream closed", candidate.id());
      return false;
    }
    if (streams >= MAX_STREAMS) {
      context
          .log()
          .debug(this, "stream over the limit of " + MAX_STREAMS + " closed", candidate.id());
      return false;
    }
    streams++;
    state = State.READING;
    if (stream == null && candidate.bidirectional()) {
      stream = candidate;
    }
    context
        .log()
        .debug(
            this,
            "stream",
            candidate.id() + (candidate.bidirectional() ? " BIDIRECTIONAL" : " UNIDIRECTIONAL"));
    return true;
  }

  /**
   * Counts {@code bytes} that arrived before the Connect.
   *
   * @return false when they are to be dropped: the connection is past reading, or the bytes went
   *     over {@link #preConnectBudget} and the connection is closed
   */
  boolean beforeConnect(int bytes) {
    if (state != State.READING) {
      return false;
    }
    preConnectBytes += bytes;
    long budget = preConnectBudget();
    if (preConnectBytes > budget) {
      refuse(
          ListenerObserver.UnansweredReason.FRAME_TOO_LARGE,
          preConnectBytes
              + " bytes arrived before the Connect, over the allowed maximum ("
              + budget
              + ")");
      return false;
    }
    return true;
  }

  /** The bytes all streams together may carry before the Connect is complete. */
  long preConnectBudget() {
    return (long) PRE_CONNECT_FRAMES * (context.settings().maxFrameBytes() + FrameHeader.SIZE);
  }

  /** A stream ended cleanly without a Connect; the connection waits for one on another stream. */
  void streamEndedWithoutConnect(ConnectionPort.Stream ended, long skippedFrames) {
    context
        .log()
        .debug(this, "stream ended without a Connect", ended.id() + " skipped=" + skippedFrames);
  }

  /** The first Connect of the connection arrived on {@code on}, a bidirectional stream. */
  void onConnect(ConnectionPort.Stream on, byte[] payload, long skippedFrames) {
    if (state != State.READING) {
      return;
    }
    stream = on;
    state = State.DECIDING;
    cancelTimer();
    context
        .log()
        .debug(
            this,
            "connect",
            "stream=" + on.id() + " bytes=" + payload.length + " skipped=" + skippedFrames);
    if (context.phase() != ListenerContext.Phase.RUNNING) {
      answerFailure(new ListenerShutdownException("the listener is shutting down"));
      return;
    }
    CompletableFuture<Answer> future;
    try {
      future = context.handler().onFirstFrame(hello(), PacketId.CONNECT, payload, port::execute);
    } catch (RuntimeException e) {
      answerFailure(e);
      return;
    }
    if (future == null) {
      answerFailure(new NullPointerException("onFirstFrame returned null"));
      return;
    }
    if (!future.isDone()) {
      Duration timeout = context.settings().connectTimeout();
      timer = schedule(() -> answerFailure(new AnswerTimeoutException(timeout)), timeout);
    }
    future.whenComplete(this::onDecisionFromAnyThread);
  }

  /**
   * A decision made on the event loop (an answer that was ready at once) is taken in place, with no
   * timer and no task; one completed elsewhere hops onto the event loop.
   */
  private void onDecisionFromAnyThread(@Nullable Answer answer, @Nullable Throwable error) {
    if (port.inConnectionThread()) {
      onDecision(answer, error);
    } else {
      port.execute(() -> onDecision(answer, error));
    }
  }

  /** Closes the connection without an answer, logging {@code reason}. */
  void refuse(ListenerObserver.UnansweredReason kind, String reason) {
    if (state == State.ANSWERED || state == State.DONE) {
      return;
    }
    state = State.DONE;
    cancelTimer();
    unanswered(kind, reason);
    close(CLOSE_REFUSED, reason);
  }

  /** The TLS stack already closes the connection with an alert; only the log line is ours. */
  void handshakeFailed(Throwable cause) {
    if (state == State.AWAITING_STREAM) {
      state = State.DONE;
      cancelTimer();
      context.log().unanswered(this, "tls handshake failed: " + cause.getMessage());
    }
  }

  /**
   * {@link #abort()} on the connection's own event loop, from any thread.
   *
   * @return completes with what {@link #abort()} returned
   */
  public CompletableFuture<Boolean> abortOnItsLoop() {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    Runnable task =
        () -> {
          try {
            done.complete(abort());
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        };
    if (port.inConnectionThread()) {
      task.run();
    } else {
      try {
        port.execute(task);
      } catch (RejectedExecutionException e) { // the loop is stopping: nothing left to abort
        done.complete(false);
      }
    }
    return done;
  }

  /**
   * Shutdown grace is over: answer with onFailure where a stream exists, else close now.
   *
   * @return true when an answer is now on its way and the connection closes after the linger
   */
  public boolean abort() {
    switch (state) {
      case READING, DECIDING -> {
        if (stream == null) {
          state = State.DONE;
          cancelTimer();
          unanswered(
              ListenerObserver.UnansweredReason.SHUTDOWN,
              "shutdown before the client opened a bidirectional stream");
          close(CLOSE_SHUTDOWN, "shutdown");
          return false;
        }
        answerFailure(new ListenerShutdownException("shutdown grace period ended"));
        return true;
      }
      case AWAITING_STREAM -> {
        state = State.DONE;
        cancelTimer();
        unanswered(
            ListenerObserver.UnansweredReason.SHUTDOWN,
            "shutdown before the client opened a stream");
        close(CLOSE_SHUTDOWN, "shutdown");
        return false;
      }
      default -> {
        close(CLOSE_SHUTDOWN, "shutdown");
        return false;
      }
    }
  }

  void onClosed() {
    cancelTimer();
    if (state != State.ANSWERED && state != State.DONE) {
      boolean idle = port.isTimedOut();
      String reason =
          idle
              ? "idle timeout"
              : "connection closed by the client while " + state.name().toLowerCase(Locale.ROOT);
      state = State.DONE;
      unanswered(
          idle
              ? ListenerObserver.UnansweredReason.TIMEOUT
              : ListenerObserver.UnansweredReason.CLIENT_CLOSED,
          reason);
    }
    context.closed(this);
  }

  private void onDecision(@Nullable Answer answer, @Nullable Throwable error) {
    if (state != State.DECIDING) {
      return;
    }
    if (error != null || answer == null) {
      answerFailure(error != null ? unwrap(error) : new NullPointerException("answer"));
    } else {
      write(answer, null);
    }
  }

  private void answerFailure(Throwable cause) {
    if (state == State.ANSWERED || state == State.DONE) {
      return;
    }
    Answer answer;
    try {
      answer = context.handler().onFailure(hello(), cause);
    } catch (RuntimeException e) {
      state = State.DONE;
      cancelTimer();
      context.log().broken(this, e);
      close(CLOSE_REFUSED, "internal error");
      return;
    }
    write(answer, cause);
  }

  private void write(Answer answer, @Nullable Throwable cause) {
    ConnectionPort.Stream target = stream;
    if (target == null) {
      // Only unidirectional streams: there is nowhere to answer.
      state = State.DONE;
      cancelTimer();
      unanswered(ListenerObserver.UnansweredReason.ERROR, "no bidirectional stream to answer on");
      close(CLOSE_REFUSED, "no stream");
      return;
    }
    state = State.ANSWERED;
    cancelTimer();
    target.writeAndFinish(
        answer.framedPacket(),
        failure -> {
          if (failure != null) {
            unanswered(ListenerObserver.UnansweredReason.ERROR, "answer not delivered: " + failure);
            close(CLOSE_REFUSED, "write failed");
          } else {
            if (cause == null) {
              context.log().answered(this, answer.logSummary(), answer.logFields());
            } else {
              context.log().failed(this, cause, answer.logSummary(), answer.logFields());
            }
            schedule(() -> close(CLOSE_DONE, ""), ANSWER_LINGER);
          }
        });
  }

  private void onConnectDeadline(Duration timeout) {
    timer = null;
    if (state == State.AWAITING_STREAM || state == State.READING) {
      refuse(
          ListenerObserver.UnansweredReason.TIMEOUT,
          "connect timeout: no complete Connect within " + GoDuration.format(timeout));
    }
  }

  private void unanswered(ListenerObserver.UnansweredReason kind, String reason) {
    context.log().unanswered(this, reason);
    context.observer().unanswered(kind);
  }

  private void close(int code, String reason) {
    port.close(code, reason);
  }

  private ConnectionPort.Timer schedule(Runnable task, Duration delay) {
    return port.schedule(task, delay);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  ClientHello hello() {
    if (hello == null) {
      hello = new ClientHello(sni, port.alpn(), port.clientCertFingerprint(), remoteAddress);
    }
    return hello;
  }

  String sniForLog() {
    return sni.isEmpty() ? "-" : sni;
  }

  String alpnForLog() {
    String alpn = port.alpn();
    return alpn.isEmpty() ? "-" : alpn;
  }

  long elapsedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  static String normalizeSni(@Nullable String serverName) {
    if (serverName == null) {
      return "";
    }
    String name = serverName.trim().toLowerCase(Locale.ROOT);
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
