package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every bound of the listener, and bad input, with a real QUIC client on loopback.
 *
 * <p>A deadline that a test waits for ({@link #SHORT}) must also cover the QUIC handshake before
 * it; the client is warmed up first, so that a handshake takes milliseconds, not the seconds of the
 * first one in a JVM on a busy machine. Every other deadline is generous.
 */
class QuicListenerLimitsIT {

  /** A connect or idle timeout the test waits to fire. */
  private static final Duration SHORT = Duration.ofSeconds(2);

  private static QuicTestClient client;
  private QuicListener listener;

  @BeforeAll
  static void client() {
    client = new QuicTestClient(1);
    client.warmUp();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  private InetSocketAddress start(
      ConnectionHandler handler, UnaryOperator<ListenerSettings.Builder> settings) {
    return start(handler, settings, System::nanoTime);
  }

  private InetSocketAddress start(
      ConnectionHandler handler,
      UnaryOperator<ListenerSettings.Builder> settings,
      LongSupplier nanoClock) {
    listener =
        new QuicListener(
            settings
                .apply(
                    ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                        .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
                        .shutdownGrace(Duration.ofSeconds(1)))
                .build(),
            handler,
            ListenerObserver.NONE,
            nanoClock);
    return listener.start();
  }

  private static Result run(Request request) {
    return client.exchange(request).orTimeout(60, TimeUnit.SECONDS).join();
  }

  @Test
  void silentClientIsClosedAtTheConnectDeadline() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b.connectTimeout(SHORT));

    Result result = run(Request.of(address, "play.example.com", new byte[0]));

    assertThat(result.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(result.closeEvent()).isNotNull();
    assertThat(Duration.ofNanos(result.elapsedNanos()))
        .as("at the 2 s connect deadline, well before the 30 s idle timeout and client timeout")
        .isBetween(SHORT.minusMillis(500), Duration.ofSeconds(15));
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void idleConnectionIsClosedAtTheIdleTimeout() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address =
        start(handler, b -> b.maxIdleTimeout(SHORT).connectTimeout(Duration.ofSeconds(60)));

    Result result = run(Request.of(address, "play.example.com", new byte[0]));

    assertThat(result.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(Duration.ofNanos(result.elapsedNanos()))
        .as("at the 2 s idle timeout, well before the 60 s connect deadline and client timeout")
        .isBetween(SHORT.minusMillis(400), Duration.ofSeconds(15));
    awaitOpenConnections(0);
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void clientThatStopsMidFrameIsClosedAtTheConnectDeadline() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b.connectTimeout(SHORT));
    byte[] partial = new byte[12];
    System.arraycopy(Frames.header(100, Frames.CONNECT), 0, partial, 0, 8);

    Result result = run(Request.of(address, "play.example.com", partial));

    assertThat(result.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(result.received()).isEmpty();
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void declaredLengthOverTheCapIsRefusedAndOneAtTheCapIsAccepted() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b.maxFrameBytes(1024));

    Result over = run(Request.of(address, "play.example.com", Frames.header(1025, 0)));
    Result huge = run(Request.of(address, "play.example.com", Frames.header(0xFFFF_FFFFL, 0)));
    Result atCap = run(Request.of(address, "play.example.com", Frames.frame(0, new byte[1024])));

    assertThat(over.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(over.received()).isEmpty();
    assertThat(huge.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(atCap.outcome()).isEqualTo(Outcome.FIN);
    assertThat(handler.onlyCall().payload()).hasSize(1024);
  }

  @Test
  void failedFutureIsAnsweredWithOnFailure() {
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          CompletableFuture<Answer> decide(ClientHello hello, int id, byte[] payload) {
            return CompletableFuture.failedFuture(new IllegalStateException("routing broke"));
          }
        };
    InetSocketAddress address = start(handler, b -> b);

    Result result = run(Request.of(address, "play.example.com", Frames.connect("x")));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(result.received()).isEqualTo(Frames.disconnect("IllegalStateException"));
    assertThat(handler.failures).singleElement().isInstanceOf(IllegalStateException.class);
  }

  @Test
  void handlerThatThrowsIsAnsweredWithOnFailure() {
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          CompletableFuture<Answer> decide(ClientHello hello, int id, byte[] payload) {
            throw new UnsupportedOperationException("bug");
          }
        };
    InetSocketAddress address = start(handler, b -> b);

    Result result = run(Request.of(address, "play.example.com", Frames.connect("x")));

    assertThat(result.received()).isEqualTo(Frames.disconnect("UnsupportedOperationException"));
  }

  @Test
  void handlerThatReturnsNullIsAnsweredWithOnFailure() {
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          CompletableFuture<Answer> decide(ClientHello hello, int id, byte[] payload) {
            return null;
          }
        };
    InetSocketAddress address = start(handler, b -> b);

    Result result = run(Request.of(address, "play.example.com", Frames.connect("x")));

    assertThat(result.received()).isEqualTo(Frames.disconnect("NullPointerException"));
  }

  @Test
  void handlerThatNeverAnswersIsAnsweredWithOnFailureAfterTheConnectTimeout() {
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          CompletableFuture<Answer> decide(ClientHello hello, int id, byte[] payload) {
            return new CompletableFuture<>();
          }
        };
    InetSocketAddress address = start(handler, b -> b.connectTimeout(SHORT));

    Result result = run(Request.of(address, "play.example.com", Frames.connect("x")));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(result.received()).isEqualTo(Frames.disconnect("AnswerTimeoutException"));
  }

  @Test
  void newConnectionsPerSourceAreLimited() {
    RecordingHandler handler = new RecordingHandler();
    long frozen = System.nanoTime();
    InetSocketAddress address = start(handler, b -> b.maxNewConnectionsPerSource(3), () -> frozen);

    List<CompletableFuture<Result>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(client.exchange(Request.of(address, "play.example.com", Frames.connect("x"))));
    }
    List<Result> results = futures.stream().map(CompletableFuture::join).toList();

    long answered = results.stream().filter(r -> r.outcome() == Outcome.FIN).count();
    assertThat(answered)
        .as("a full bucket of 3, never refilled: the clock stands still")
        .isEqualTo(3);
    assertThat(results)
        .filteredOn(r -> r.outcome() != Outcome.FIN)
        .allSatisfy(r -> assertThat(r.received()).isEmpty());
  }

  @Test
  void concurrentConnectionsAreLimited() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address =
        start(handler, b -> b.maxConnections(2).connectTimeout(Duration.ofSeconds(5)));
    CompletableFuture<Result> silent1 =
        client.exchange(Request.of(address, "a.example.com", new byte[0]));
    CompletableFuture<Result> silent2 =
        client.exchange(Request.of(address, "a.example.com", new byte[0]));
    awaitOpenConnections(2);

    Result third =
        run(
            Request.of(address, "a.example.com", Frames.connect("x"))
                .withTimeout(Duration.ofSeconds(2)));

    assertThat(third.outcome()).isNotEqualTo(Outcome.FIN);
    assertThat(third.received()).isEmpty();
    assertThat(handler.calls).isEmpty();
    assertThat(silent1.join().outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(silent2.join().outcome()).isEqualTo(Outcome.CLOSED);
    awaitOpenConnections(0);
    Result afterwards = run(Request.of(address, "a.example.com", Frames.connect("x")));
    assertThat(afterwards.outcome()).isEqualTo(Outcome.FIN);
  }

  @Test
  void worksWithRetryOff() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b.retry(false));

    Result result = run(Request.of(address, "play.example.com", Frames.connect("x")));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
  }

  private void awaitOpenConnections(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (listener.openConnections() != expected) {
      assertThat(System.nanoTime()).as("open connections become " + expected).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
