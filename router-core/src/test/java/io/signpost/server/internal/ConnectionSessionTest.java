package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.server.Answer;
import io.signpost.server.AnswerTimeoutException;
import io.signpost.server.ClientHello;
import io.signpost.server.ConnectionHandler;
import io.signpost.server.ListenerDefaults;
import io.signpost.server.ListenerObserver;
import io.signpost.server.ListenerSettings;
import io.signpost.server.ListenerShutdownException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The session's state machine on a fake connection: every path to its one log line. */
class ConnectionSessionTest {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final byte[] REFERRAL = "referral".getBytes(StandardCharsets.US_ASCII);

  private final FakeConnectionPort port = new FakeConnectionPort();
  private final FakeConnectionPort.FakeStream stream = new FakeConnectionPort.FakeStream();
  private final List<ListenerObserver.UnansweredReason> unanswered = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final List<ClientHello> hellos = new ArrayList<>();
  private Function<ClientHello, CompletableFuture<Answer>> decide =
      hello -> CompletableFuture.completedFuture(new Answer(REFERRAL, "referral"));
  private boolean failureAnswerThrows;
  private int closedSessions;

  private final ListenerObserver observer =
      new ListenerObserver() {
        @Override
        public void accepted() {}

        @Override
        public void unanswered(UnansweredReason reason) {
          unanswered.add(reason);
        }

        @Override
        public void closed() {}

        @Override
        public void handshakeFailed(HandshakeFailureReason reason) {}
      };

  private final ConnectionHandler handler =
      new ConnectionHandler() {
        @Override
        public CompletableFuture<Answer> onFirstFrame(
            ClientHello hello, int packetId, byte[] payload) {
          hellos.add(hello);
          return decide.apply(hello);
        }

        @Override
        public Answer onFailure(ClientHello hello, Throwable cause) {
          failures.add(cause);
          if (failureAnswerThrows) {
            throw new IllegalStateException("broken onFailure");
          }
          return new Answer(("disconnect:" + cause.getClass().getSimpleName()).getBytes(), "deny");
        }
      };

  private final ListenerContext context = context();

  private ListenerContext context() {
    ListenerSettings settings =
        ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    ConnectionAdmission admission = new ConnectionAdmission(10, 10, false, System::nanoTime);
    admission.tryAdmit(port.remoteAddress(), false);
    return new ListenerContext(settings, handler, admission, observer, () -> closedSessions++);
  }

  private ConnectionSession session() {
    ConnectionSession session = new ConnectionSession(port, context);
    context.opened(session);
    session.onSni("Play.Example.COM.");
    return session;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  @Test
  void anAnswerReadyAtOnceIsWrittenThenTheConnectionLingersAndCloses() {
    ConnectionSession session = session();
    assertThat(session.admit(stream)).isTrue();
    session.onConnect(stream, new byte[] {1, 2}, 0);

    assertThat(stream.written).singleElement().satisfies(b -> assertThat(b).isEqualTo(REFERRAL));
    assertThat(hellos)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.sni()).isEqualTo("play.example.com");
              assertThat(h.alpn()).isEqualTo("hytale/2");
            });
    assertThat(port.pendingTimers()).as("the connect deadline is cancelled").isZero();
    stream.completeWrite(null);
    port.advance(ConnectionSession.ANSWER_LINGER.minusMillis(1));
    assertThat(port.closes).isEmpty();
    port.advance(Duration.ofMillis(1));
    assertThat(port.closes)
        .containsExactly(new FakeConnectionPort.Close(ConnectionSession.CLOSE_DONE, ""));
    assertThat(unanswered).isEmpty();
  }

  @Test
  void noCompleteFirstFrameWithinTheConnectTimeoutIsRefused() {
    ConnectionSession session = session();
    session.admit(stream);
    port.advance(CONNECT_TIMEOUT.minusMillis(1));
    assertThat(port.closes).isEmpty();
    port.advance(Duration.ofMillis(1));
    assertThat(port.closes)
        .containsExactly(
            new FakeConnectionPort.Close(
                ConnectionSession.CLOSE_REFUSED, "connect timeout: no complete Connect within 5s"));
    assertThat(unanswered).containsExactly(ListenerObserver.UnansweredReason.TIMEOUT);
    assertThat(stream.written).isEmpty();
    assertThat(hellos).as("the handler is never asked").isEmpty();
  }

  @Test
  void aHandlerThatDoesNotAnswerInTimeGetsItsFailureAnswerWritten() {
    decide = hello -> new CompletableFuture<>();
    ConnectionSession session = session();
    session.admit(stream);
    session.onConnect(stream, new byte[0], 0);
    port.advance(CONNECT_TIMEOUT);
    assertThat(failures).singleElement().isInstanceOf(AnswerTimeoutException.class);
    assertThat(failures.get(0)).hasMessage("no answer from the connection handler within 5s");
    assertThat(text(stream.written.get(0))).isEqualTo("disconnect:AnswerTimeoutException");
  }

  @Test
  void aDecisionFromAnotherThreadIsTakenOnTheConnectionsThread() {
    CompletableFuture<Answer> later = new CompletableFuture<>();
    decide = hello -> later;
    ConnectionSession session = session();
    session.admit(stream);
    session.onConnect(stream, new byte[0], 0);
    port.onConnectionThread = false;
    later.complete(new Answer(REFERRAL, "referral"));
    assertThat(stream.written).as("not written off the connection's thread").isEmpty();
    port.onConnectionThread = true;
    port.runQueued();
    assertThat(stream.written).hasSize(1);
    assertThat(port.pendingTimers()).as("the answer deadline is cancelled").isZero();
  }

  @Test
  void aFailedDecisionIsAnsweredWithTheFailureAnswer() {
    decide = hello -> CompletableFuture.failedFuture(new IllegalStateException("routing broke"));
    ConnectionSession session = session();
    session.admit(stream);
    session.onConnect(stream, new byte[0], 0);
    assertThat(failures.get(0)).hasMessage("routing broke");
    assertThat(text(stream.written.get(0))).isEqualTo("disconnect:IllegalStateException");
  }

  @Test
  void aHandlerThatThrowsOrReturnsNullIsAnsweredWithTheFailureAnswer() {
    decide =
        hello -> {
          throw new IllegalArgumentException("thrown");
        };
    ConnectionSession thrown = session();
    thrown.admit(stream);
    thrown.onConnect(stream, new byte[0], 0);
    decide = hello -> null;
    FakeConnectionPort.FakeStream second = new FakeConnectionPort.FakeStream();
    ConnectionSession nulled = session();
    nulled.admit(second);
    nulled.onConnect(second, new byte[0], 0);
    assertThat(failures)
        .extracting(Throwable::getClass)
        .containsExactly(IllegalArgumentException.class, NullPointerException.class);
    assertThat(stream.written).hasSize(1);
    assertThat(second.written).hasSize(1);
  }

  @Test
  void aFailureAnswerThatThrowsClosesWithoutAnAnswer() {
    decide = hello -> CompletableFuture.failedFuture(new IllegalStateException("x"));
    failureAnswerThrows = true;
    ConnectionSession session = session();
    session.admit(stream);
    session.onConnect(stream, new byte[0], 0);
    assertThat(stream.written).isEmpty();
    assertThat(port.closes)
        .containsExactly(
            new FakeConnectionPort.Close(ConnectionSession.CLOSE_REFUSED, "internal error"));
  }

  @Test
  void whileDrainingAFirstFrameIsAnsweredAsShuttingDown() {
    context.phase(ListenerContext.Phase.DRAINING);
    ConnectionSession session = session();
    session.admit(stream);
    session.onConnect(stream, new byte[0], 0);
    assertThat(hellos).isEmpty();
    assertThat(failures).singleElement().isInstanceOf(ListenerShutdownException.class);
    assertThat(stream.written).hasSize(1);
  }

  @Test
  void anAnswerThatCannotBeWrittenIsUnansweredAndRefused() {
    ConnectionSession session = session();
    session.admit(stream);
    session.onConnect(stream, new byte[0], 0);
    stream.completeWrite(new java.io.IOException("stream reset"));
    assertThat(unanswered).containsExactly(ListenerObserver.UnansweredReason.ERROR);
    assertThat(port.closes)
        .containsExactly(
            new FakeConnectionPort.Close(ConnectionSession.CLOSE_REFUSED, "write failed"));
  }

  @Test
  void streamsPastTheLimitAndStreamsAfterTheConnectAreNotAdmitted() {
    ConnectionSession session = session();
    for (int i = 0; i < ConnectionSession.MAX_STREAMS; i++) {
      assertThat(session.admit(new FakeConnectionPort.FakeStream(i, i % 2 == 0))).isTrue();
    }
    assertThat(session.admit(new FakeConnectionPort.FakeStream(99, true))).isFalse();

    ConnectionSession answered = session();
    answered.admit(stream);
    answered.onConnect(stream, new byte[0], 0);
    assertThat(answered.admit(new FakeConnectionPort.FakeStream(4, true))).isFalse();
  }

  @Test
  void theAnswerGoesOnTheStreamTheConnectCameOn() {
    ConnectionSession session = session();
    FakeConnectionPort.FakeStream side = new FakeConnectionPort.FakeStream(2, false);
    FakeConnectionPort.FakeStream first = new FakeConnectionPort.FakeStream(0, true);
    FakeConnectionPort.FakeStream second = new FakeConnectionPort.FakeStream(4, true);
    session.admit(side);
    session.admit(first);
    session.admit(second);
    session.streamEndedWithoutConnect(first, 1);
    session.onConnect(second, new byte[0], 0);

    assertThat(second.written).hasSize(1);
    assertThat(first.written).isEmpty();
    assertThat(side.written).isEmpty();
  }

  @Test
  void bytesPastThePreConnectBudgetCloseTheConnection() {
    ConnectionSession session = session();
    session.admit(stream);
    long budget = session.preConnectBudget();
    assertThat(session.beforeConnect((int) budget)).isTrue();
    assertThat(session.beforeConnect(1)).isFalse();
    assertThat(unanswered).containsExactly(ListenerObserver.UnansweredReason.FRAME_TOO_LARGE);
    assertThat(port.closes)
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).contains("before the Connect"));
    assertThat(session.beforeConnect(1)).as("nothing more is read").isFalse();
  }

  @Test
  void abortWithOnlyUnidirectionalStreamsClosesWithoutAnAnswer() {
    ConnectionSession session = session();
    session.admit(new FakeConnectionPort.FakeStream(2, false));
    assertThat(session.abort()).isFalse();
    assertThat(unanswered).containsExactly(ListenerObserver.UnansweredReason.SHUTDOWN);
    assertThat(port.closes)
        .containsExactly(
            new FakeConnectionPort.Close(ConnectionSession.CLOSE_SHUTDOWN, "shutdown"));
  }

  @Test
  void abortBeforeAnyStreamClosesAndCountsAShutdown() {
    ConnectionSession session = session();
    assertThat(session.abort()).isFalse();
    assertThat(unanswered).containsExactly(ListenerObserver.UnansweredReason.SHUTDOWN);
    assertThat(port.closes)
        .containsExactly(
            new FakeConnectionPort.Close(ConnectionSession.CLOSE_SHUTDOWN, "shutdown"));
  }

  @Test
  void abortWhileDecidingAnswersAndLingers() {
    decide = hello -> new CompletableFuture<>();
    ConnectionSession session = session();
    session.admit(stream);
    session.onConnect(stream, new byte[0], 0);
    assertThat(session.abort()).isTrue();
    assertThat(failures).singleElement().isInstanceOf(ListenerShutdownException.class);
    assertThat(stream.written).hasSize(1);
  }

  @Test
  void aClientThatLeavesWhileTheDecisionIsPendingIsCountedAndTheLateDecisionIgnored() {
    CompletableFuture<Answer> later = new CompletableFuture<>();
    decide = hello -> later;
    ConnectionSession session = session();
    session.admit(stream);
    session.onConnect(stream, new byte[0], 0);
    session.onClosed();
    assertThat(unanswered).containsExactly(ListenerObserver.UnansweredReason.CLIENT_CLOSED);
    assertThat(closedSessions).as("the last connection of a running listener").isZero();
    later.complete(new Answer(REFERRAL, "referral"));
    assertThat(stream.written).isEmpty();
    assertThat(context.sessions()).isEmpty();
  }

  @Test
  void anIdleTimeoutIsCountedAsATimeout() {
    ConnectionSession session = session();
    port.timedOut = true;
    session.onClosed();
    assertThat(unanswered).containsExactly(ListenerObserver.UnansweredReason.TIMEOUT);
  }

  @Test
  void aRefusalAfterTheAnswerChangesNothing() {
    ConnectionSession session = session();
    session.admit(stream);
    session.onConnect(stream, new byte[0], 0);
    session.refuse(ListenerObserver.UnansweredReason.ERROR, "late stream error");
    assertThat(unanswered).isEmpty();
    assertThat(port.closes).isEmpty();
  }

  @Test
  void sniIsLowerCasedWithoutTrailingDot() {
    assertThat(ConnectionSession.normalizeSni("Play.Example.COM.")).isEqualTo("play.example.com");
    assertThat(ConnectionSession.normalizeSni(null)).isEmpty();
    assertThat(ConnectionSession.normalizeSni("")).isEmpty();
  }
}
