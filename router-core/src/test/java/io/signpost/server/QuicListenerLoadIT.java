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
class QuicListenerLoadIT {

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
      listener.shutdown().orTimeout(90, TimeUnit.SECONDS).join();
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

  /** A handler that answers from another thread once {@code release} completes. */
  private RecordingHandler held(CompletableFuture<Void> release, CountDownLatch called) {
    return new RecordingHandler() {
      @Override
      CompletableFuture<Answer> decide(ClientHello hello, int id, byte[] payload) {
        called.countDown();
        return release.thenApplyAsync(
            v -> new Answer(Frames.referral(hello.sni() + ":5520"), "referral"), decisions);
      }
    };
  }

  private InetSocketAddress start(ConnectionHandler handler, Duration grace) {
    listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .maxNewConnectionsPerSource(100_000)
                .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
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
      futures.add(client.exchange(Request.of(address, sni, Frames.connect("client " + i))));
    }

    for (int i = 0; i < 200; i++) {
      Result result = futures.get(i).join();
      assertThat(result.outcome()).as("client " + i).isEqualTo(Outcome.FIN);
      assertThat(result.received()).isEqualTo(Frames.referral("c" + i + ".example.com:5520"));
    }
    assertThat(handler.calls).hasSize(200);
  }

  /**
   * The handler holds its answers until every late client has its outcome, so the shutdown is still
   * draining while they connect, however slowly a busy machine lets them; the grace is long enough
   * never to end first.
   */
  @Test
  void shutdownWhileClientsConnectLosesNoneSilently() throws Exception {
    CountDownLatch called = new CountDownLatch(20);
    CompletableFuture<Void> release = new CompletableFuture<>();
    RecordingHandler handler = held(release, called);
    InetSocketAddress address = start(handler, Duration.ofSeconds(60));
    List<CompletableFuture<Result>> inFlight = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      inFlight.add(client.exchange(request(address, i)));
    }
    assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopped = listener.shutdown();
    List<CompletableFuture<Result>> late = new ArrayList<>();
    for (int i = 30; i < 50; i++) {
      late.add(client.exchange(request(address, i)));
    }
    awaitOutcomeOrHandler(late, 30, handler);
    release.complete(null);
    stopped.get(60, TimeUnit.SECONDS);

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
    return Request.of(address, sni(i), Frames.connect("x"));
  }

  private static String sni(int i) {
    return "s" + i + ".example.com";
  }

  /**
   * Waits until each exchange (numbered from {@code first}) has its outcome or has reached the
   * handler, whose answer is held.
   */
  private static void awaitOutcomeOrHandler(
      List<CompletableFuture<Result>> exchanges, int first, RecordingHandler handler)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int i = 0; i < exchanges.size(); i++) {
      String sni = sni(first + i);
      while (!exchanges.get(i).isDone()
          && handler.calls.stream().noneMatch(c -> c.hello().sni().equals(sni))) {
        assertThat(System.nanoTime()).as(sni + " has an outcome").isLessThan(end);
        Thread.sleep(10);
      }
    }
  }
}
