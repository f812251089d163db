package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
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
import java.util.concurrent.TimeUnit;

/**
 * One client connection, from its first packet to its close: waits for the first bidirectional
 * stream and its first frame within the connect deadline, asks the {@link
 * io.signpost.server.ConnectionHandler}, writes the answer with FIN, then closes the connection
 * once the client closed it or after {@link #ANSWER_LINGER}. Every session ends with exactly one
 * decision log line: answered, answered with failure, or closed without answer and why.
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

  /** Takes {@code candidate} as the answering stream; false when another stream came first. */
  boolean claim(ConnectionPort.Stream candidate) {
    if (state != State.AWAITING_STREAM) {
      context.log().debug(this, "extra stream ignored", candidate.id());
      return false;
    }
    stream = candidate;
    state = State.READING;
    context.log().debug(this, "stream", candidate.id());
    return true;
  }

  void onFrame(int packetId, byte[] payload) {
    if (state != State.READING) {
      return;
    }
    state = State.DECIDING;
    cancelTimer();
    context.log().debug(this, "first frame", "packet_id=" + packetId + " bytes=" + payload.length);
    if (context.phase() != ListenerContext.Phase.RUNNING) {
      answerFailure(new ListenerShutdownException("the listener is shutting down"));
      return;
    }
    CompletableFuture<Answer> future;
    try {
      future = context.handler().onFirstFrame(hello(), packetId, payload);
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
   * Shutdown grace is over: answer with onFailure where a stream exists, else close now.
   *
   * @return true when an answer is now on its way and the connection closes after the linger
   */
  public boolean abort() {
    switch (state) {
      case READING, DECIDING -> {
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
    state = State.ANSWERED;
    cancelTimer();
    stream.writeAndFinish(
        answer.framedPacket(),
        failure -> {
          if (failure != null) {
            unanswered(ListenerObserver.UnansweredReason.ERROR, "answer not delivered: " + failure);
            close(CLOSE_REFUSED, "write failed");
          } else {
            if (cause == null) {
              context.log().answered(this, answer.logSummary());
            } else {
              context.log().failed(this, cause, answer.logSummary());
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
          "connect timeout: no complete first frame within " + GoDuration.format(timeout));
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
