package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many clients at once, and shutdown under way while clients connect. */
class QuicListenerLoadTest {

  private QuicTestClient client;
  private ScheduledExecutorService decisions;
  private QuicListener listener;

  @BeforeEach
  void setUp() {
    client = new QuicTestClient(2);
    decisions = Executors.newScheduledThreadPool(2);
  }

  @AfterEach
  void tearDown() {
    if (listener != null) {
      listener.shutdown().orTimeout(15, TimeUnit.SECONDS).join();
    }
    client.close();
    decisions.shutdownNow();
  }

  /** A handler that answers from another thread after {@code delay}. */
  private RecordingHandler delayed(Duration delay, CountDownLatch called) {
    return new RecordingHandler() {
      @Override
      CompletableFuture<Answer> decide(ClientHello hello, int id, byte[] payload) {
        called.countDown();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        decisions.schedule(
            () -> answer.complete(new Answer(Frames.referral(hello.sni() + ":5520"), "referral")),
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
        return answer;
      }
    };
  }

  private InetSocketAddress start(ConnectionHandler handler, Duration grace) {
    listener =
        new QuicListener(
            ListenerSettings.builder(new InetSocketAddress("127.0.0.1", 0))
                .maxNewConnectionsPerSource(100_000)
                .shutdownGrace(grace)
                .build(),
            handler);
    return listener.start();
  }

  @Test
  void twoHundredConcurrentClientsAreAllAnswered() {
    RecordingHandler handler = delayed(Duration.ofMillis(20), new CountDownLatch(0));
    InetSocketAddress address = start(handler, Duration.ofSeconds(1));

    List<CompletableFuture<Result>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String sni = "c" + i + ".example.com";
      futures.add(
          client.exchange(
              Request.of(address, sni, Frames.connect("client " + i))
                  .withTimeout(Duration.ofSeconds(20))));
    }

    for (int i = 0; i < 200; i++) {
      Result result = futures.get(i).join();
      assertThat(result.outcome()).as("client " + i).isEqualTo(Outcome.FIN);
      assertThat(result.received()).isEqualTo(Frames.referral("c" + i + ".example.com:5520"));
    }
    assertThat(handler.calls).hasSize(200);
  }

  @Test
  void shutdownWhileClientsConnectLosesNoneSilently() throws Exception {
    CountDownLatch called = new CountDownLatch(20);
    RecordingHandler handler = delayed(Duration.ofMillis(800), called);
    InetSocketAddress address = start(handler, Duration.ofSeconds(5));
    List<CompletableFuture<Result>> inFlight = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      inFlight.add(client.exchange(request(address, i)));
    }
    assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopped = listener.shutdown();
    List<CompletableFuture<Result>> late = new ArrayList<>();
    for (int i = 30; i < 50; i++) {
      late.add(client.exchange(request(address, i)));
    }
    stopped.get(15, TimeUnit.SECONDS);

    List<Result> all = new ArrayList<>();
    inFlight.forEach(f -> all.add(f.join()));
    late.forEach(f -> all.add(f.join()));
    for (Result result : all) {
      if (result.alpn() != null) {
        assertThat(result.outcome()).as("a connected client is answered").isEqualTo(Outcome.FIN);
        assertThat(result.received()).isNotEmpty();
      }
    }
    long shutdownAnswers =
        all.stream()
            .filter(
                r -> Arrays.equals(r.received(), Frames.disconnect("ListenerShutdownException")))
            .count();
    long referrals = all.stream().filter(r -> r.outcome() == Outcome.FIN).count() - shutdownAnswers;
    assertThat(referrals).isGreaterThanOrEqualTo(20);
    assertThat(shutdownAnswers).isGreaterThanOrEqualTo(1);
  }

  private static Request request(InetSocketAddress address, int i) {
    return Request.of(address, "s" + i + ".example.com", Frames.connect("x"))
        .withTimeout(Duration.ofSeconds(4));
  }
}
