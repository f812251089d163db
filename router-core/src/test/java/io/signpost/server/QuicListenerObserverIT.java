package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.server.ListenerObserver.HandshakeFailureReason;
import io.signpost.server.ListenerObserver.UnansweredReason;
import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connection events the listener reports to its observer. */
@Timeout(120)
class QuicListenerObserverIT {

  /**
   * The first QUIC handshake in a JVM takes seconds on a busy machine; made here, it cannot eat
   * into the connect deadline of {@link #connectionsClosedWithoutAnAnswerAreReportedByReason}.
   */
  @BeforeAll
  static void warmUp() {
    try (QuicTestClient client = new QuicTestClient(1)) {
      client.warmUp();
    }
  }

  /** Counts events; the listener calls it on its event loop. */
  static final class CountingObserver implements ListenerObserver {
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final Map<HandshakeFailureReason, AtomicInteger> failed = new ConcurrentHashMap<>();
    final Map<UnansweredReason, AtomicInteger> unanswered = new ConcurrentHashMap<>();

    @Override
    public void unanswered(UnansweredReason reason) {
      unanswered.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    int unansweredCount(UnansweredReason reason) {
      AtomicInteger count = unanswered.get(reason);
      return count == null ? 0 : count.get();
    }

    @Override
    public void accepted() {
      accepted.incrementAndGet();
    }

    @Override
    public void closed() {
      closed.incrementAndGet();
    }

    @Override
    public void handshakeFailed(HandshakeFailureReason reason) {
      failed.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    int failed(HandshakeFailureReason reason) {
      AtomicInteger count = failed.get(reason);
      return count == null ? 0 : count.get();
    }
  }

  @Test
  void failedAlpnHandshakeIsReportedAsAlpnAndNeverAsAccepted() throws Exception {
    CountingObserver observer = new CountingObserver();
    QuicListener listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            new RecordingHandler(),
            observer);
    try (QuicTestClient client = new QuicTestClient(1)) {
      InetSocketAddress address = listener.start();
      var good =
          client
              .exchange(Request.of(address, "a.example.com", Frames.connect("x")))
              .get(60, TimeUnit.SECONDS);
      var bad =
          client
              .exchange(
                  Request.of(address, "a.example.com", Frames.connect("x")).withAlpn(List.of("h3")))
              .get(60, TimeUnit.SECONDS);

      assertThat(good.outcome()).isEqualTo(Outcome.FIN);
      assertThat(bad.outcome()).isEqualTo(Outcome.CONNECT_FAILED);
      awaitEquals(() -> observer.failed(HandshakeFailureReason.ALPN), 1);
      awaitEquals(observer.closed::get, 1);
      assertThat(observer.accepted.get()).isEqualTo(1);
      assertThat(observer.failed(HandshakeFailureReason.TLS)).isZero();
    } finally {
      listener.shutdown().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void connectionsClosedWithoutAnAnswerAreReportedByReason() throws Exception {
    CountingObserver observer = new CountingObserver();
    QuicListener listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                // fires for the silent client; the oversized one's warm handshake takes
                // milliseconds
                .connectTimeout(Duration.ofSeconds(2))
                .maxFrameBytes(1024)
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            new RecordingHandler(),
            observer);
    try (QuicTestClient client = new QuicTestClient(1)) {
      InetSocketAddress address = listener.start();
      var silent =
          client
              .exchange(Request.of(address, "a.example.com", new byte[0]))
              .get(60, TimeUnit.SECONDS);
      var oversized =
          client
              .exchange(Request.of(address, "a.example.com", Frames.header(4096, 0)))
              .get(60, TimeUnit.SECONDS);

      assertThat(silent.outcome()).isEqualTo(Outcome.CLOSED);
      assertThat(oversized.outcome()).isEqualTo(Outcome.CLOSED);
      awaitEquals(() -> observer.unansweredCount(UnansweredReason.TIMEOUT), 1);
      awaitEquals(() -> observer.unansweredCount(UnansweredReason.FRAME_TOO_LARGE), 1);
      awaitEquals(observer.closed::get, 2);
      assertThat(observer.accepted.get()).isEqualTo(2);
    } finally {
      listener.shutdown().get(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitEquals(java.util.function.IntSupplier value, int expected)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (value.getAsInt() != expected && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(value.getAsInt()).isEqualTo(expected);
  }
}
