package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.signpost.server.QuicTestClient.Endpoint;
import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listener with two event loops (two {@code SO_REUSEPORT} sockets with epoll) answers every
 * connection from several client sockets: each connection's packets reach the loop that owns it.
 */
class QuicListenerEventLoopsIT {

  private static final int SOCKETS = 6;
  private static final int CONNECTIONS_PER_SOCKET = 15;

  private QuicTestClient client;
  private QuicListener listener;

  @BeforeEach
  void setUp() {
    client = new QuicTestClient(2);
  }

  @AfterEach
  void tearDown() {
    if (listener != null) {
      listener.shutdown().orTimeout(60, TimeUnit.SECONDS).join();
    }
    client.close();
  }

  @Test
  void everyConnectionFromSeveralSocketsIsAnswered() {
    Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          CompletableFuture<Answer> decide(ClientHello hello, int id, byte[] payload) {
            handlerThreads.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(
                new Answer(Frames.referral(hello.sni() + ":5520"), "referral"));
          }
        };
    listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .eventLoops(2)
                .maxNewConnectionsPerSource(100_000)
                .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            handler);
    InetSocketAddress address = listener.start();

    List<Endpoint> endpoints = new ArrayList<>();
    List<CompletableFuture<Result>> results = new ArrayList<>();
    try {
      for (int s = 0; s < SOCKETS; s++) {
        String sni = "s" + s + ".example.com";
        Endpoint endpoint = client.endpoint(Request.of(address, sni, Frames.connect("x")));
        endpoints.add(endpoint);
        for (int c = 0; c < CONNECTIONS_PER_SOCKET; c++) {
          results.add(endpoint.exchange(Frames.connect("socket " + s + " connection " + c)));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        Result result = results.get(i).orTimeout(120, TimeUnit.SECONDS).join();
        String sni = "s" + (i / CONNECTIONS_PER_SOCKET) + ".example.com";
        assertThat(result.outcome()).as("connection " + i).isEqualTo(Outcome.FIN);
        assertThat(result.received()).isEqualTo(Frames.referral(sni + ":5520"));
      }
    } finally {
      endpoints.forEach(Endpoint::close);
    }

    assertThat(handler.calls).hasSize(SOCKETS * CONNECTIONS_PER_SOCKET);
    assertThat(handlerThreads).allMatch(name -> name.startsWith("signpost-quic-"));
    if (!Epoll.isAvailable()) {
      assertThat(handlerThreads).hasSize(1);
    }
  }

  /**
   * Two replicas share a Retry key and run two event loops each. A {@link SwitchingUdpForwarder}
   * per client sends its first Initial to replica A, which answers with a Retry, and everything
   * after that to replica B: B accepts A's token and keeps the connection ID A's Retry chose, which
   * carries A's socket index. Every connection is still answered, by B.
   */
  @Test
  void aConnectionAcceptedWithAnotherReplicasRetryIsAnsweredWithSeveralLoops() throws Exception {
    RetryTokenKey shared = RetryTokenKey.random();
    RecordingHandler replicaA = referring("a");
    RecordingHandler replicaB = referring("b");
    QuicListener a = replica(shared, replicaA);
    listener = replica(shared, replicaB);
    try {
      InetSocketAddress addressA = a.start();
      InetSocketAddress addressB = listener.start();
      List<CompletableFuture<Result>> results = new ArrayList<>();
      List<SwitchingUdpForwarder> forwarders = new ArrayList<>();
      try {
        for (int c = 0; c < 12; c++) {
          SwitchingUdpForwarder forwarder = new SwitchingUdpForwarder(addressA, addressB);
          forwarders.add(forwarder);
          results.add(
              client.exchange(
                  Request.of(forwarder.address(), "play.example.com", Frames.connect("c"))));
        }
        for (int i = 0; i < results.size(); i++) {
          Result result = results.get(i).orTimeout(120, TimeUnit.SECONDS).join();
          assertThat(result.outcome()).as("connection " + i).isEqualTo(Outcome.FIN);
          assertThat(result.received()).isEqualTo(Frames.referral("b:5520"));
        }
      } finally {
        forwarders.forEach(SwitchingUdpForwarder::close);
      }
      assertThat(replicaA.calls).as("A only sent Retry packets").isEmpty();
      assertThat(replicaB.calls).hasSize(12);
    } finally {
      a.shutdown().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  private static QuicListener replica(RetryTokenKey key, RecordingHandler handler) {
    return new QuicListener(
        ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
            .eventLoops(2)
            .retry(true)
            .retryTokenKey(key)
            .maxNewConnectionsPerSource(100_000)
            .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
            .shutdownGrace(Duration.ofSeconds(1))
            .build(),
        handler);
  }

  private static RecordingHandler referring(String host) {
    return new RecordingHandler() {
      @Override
      CompletableFuture<Answer> decide(ClientHello hello, int id, byte[] payload) {
        return CompletableFuture.completedFuture(
            new Answer(Frames.referral(host + ":5520"), "referral"));
      }
    };
  }
}
