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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bound of the listener, and bad input, with a real QUIC client on loopback. */
class QuicListenerLimitsTest {

  private static QuicTestClient client;
  private QuicListener listener;

  @BeforeAll
  static void client() {
    client = new QuicTestClient(1);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.shutdown().orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  private InetSocketAddress start(
      ConnectionHandler handler, UnaryOperator<ListenerSettings.Builder> settings) {
    listener =
        new QuicListener(
            settings
                .apply(
                    ListenerSettings.builder(new InetSocketAddress("127.0.0.1", 0))
                        .shutdownGrace(Duration.ofSeconds(1)))
                .build(),
            handler);
    return listener.start();
  }

  private static Result run(Request request) {
    return client.exchange(request).orTimeout(15, TimeUnit.SECONDS).join();
  }

  @Test
  void silentClientIsClosedAtTheConnectDeadline() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b.connectTimeout(Duration.ofMillis(400)));

    Result result = run(Request.of(address, "play.example.com", new byte[0]));

    assertThat(result.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(result.closeEvent()).isNotNull();
    assertThat(Duration.ofNanos(result.elapsedNanos()))
        .isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void idleConnectionIsClosedAtTheIdleTimeout() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address =
        start(
            handler,
            b -> b.maxIdleTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofSeconds(10)));

    Result result = run(Request.of(address, "play.example.com", new byte[0]));

    assertThat(result.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(Duration.ofNanos(result.elapsedNanos()))
        .isBetween(Duration.ofMillis(400), Duration.ofSeconds(4));
    awaitOpenConnections(0);
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void clientThatStopsMidFrameIsClosedAtTheConnectDeadline() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b.connectTimeout(Duration.ofMillis(400)));
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
    InetSocketAddress address = start(handler, b -> b.connectTimeout(Duration.ofMillis(300)));

    Result result = run(Request.of(address, "play.example.com", Frames.connect("x")));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(result.received()).isEqualTo(Frames.disconnect("AnswerTimeoutException"));
  }

  @Test
  void newConnectionsPerSourceAreLimited() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b.maxNewConnectionsPerSource(3));

    List<CompletableFuture<Result>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(
          client.exchange(
              Request.of(address, "play.example.com", Frames.connect("x"))
                  .withTimeout(Duration.ofSeconds(3))));
    }
    List<Result> results = futures.stream().map(CompletableFuture::join).toList();

    long answered = results.stream().filter(r -> r.outcome() == Outcome.FIN).count();
    assertThat(answered).isBetween(3L, 4L);
    assertThat(results)
        .filteredOn(r -> r.outcome() != Outcome.FIN)
        .allSatisfy(r -> assertThat(r.received()).isEmpty());
  }

  @Test
  void concurrentConnectionsAreLimited() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address =
        start(handler, b -> b.maxConnections(2).connectTimeout(Duration.ofSeconds(3)));
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (listener.openConnections() != expected) {
      assertThat(System.nanoTime()).as("open connections become " + expected).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
