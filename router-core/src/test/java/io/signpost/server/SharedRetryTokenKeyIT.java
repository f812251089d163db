package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replicas that share {@code quic.retry_token_secret} accept each other's Retry tokens: a client
 * whose first Initial reaches one listener and whose Initial with the token reaches another still
 * gets its answer.
 */
class SharedRetryTokenKeyIT {

  private static final RetryTokenKey SHARED =
      RetryTokenKey.of("one secret mounted into every replica".getBytes(StandardCharsets.UTF_8));

  private final QuicTestClient client = new QuicTestClient(1);
  private final RecordingHandler firstHandler = new RecordingHandler();
  private final RecordingHandler secondHandler = new RecordingHandler();
  private QuicListener first;
  private QuicListener second;

  @BeforeAll
  static void requireNativeQuic() {
    QuicListener.requireNativeQuic();
  }

  @AfterEach
  void stop() {
    for (QuicListener listener : new QuicListener[] {first, second}) {
      if (listener != null) {
        listener.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
      }
    }
    client.close();
  }

  private static QuicListener listener(RetryTokenKey key, RecordingHandler handler) {
    return new QuicListener(
        ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
            .retry(true)
            .retryTokenKey(key)
            .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
            .shutdownGrace(Duration.ofSeconds(1))
            .build(),
        handler);
  }

  private Result exchangeThroughForwarder(
      RetryTokenKey firstKey, RetryTokenKey secondKey, Duration timeout) throws Exception {
    first = listener(firstKey, firstHandler);
    second = listener(secondKey, secondHandler);
    try (SwitchingUdpForwarder forwarder =
        new SwitchingUdpForwarder(first.start(), second.start())) {
      Result result =
          client
              .exchange(
                  Request.of(forwarder.address(), "play.example.com", Frames.connect("alice"))
                      .withTimeout(timeout))
              .orTimeout(timeout.toSeconds() + 30, TimeUnit.SECONDS)
              .join();
      assertThat(forwarder.datagramsToFirst()).as("datagrams to the first listener").isPositive();
      assertThat(forwarder.datagramsToSecond()).as("datagrams to the second listener").isPositive();
      return result;
    }
  }

  @Test
  void aTokenMintedByOneListenerIsAcceptedByAnotherWithTheSameKey() throws Exception {
    client.warmUp();

    Result result = exchangeThroughForwarder(SHARED, SHARED, QuicTestClient.DEFAULT_TIMEOUT);

    assertThat(result.outcome()).as(String.valueOf(result)).isEqualTo(Outcome.FIN);
    assertThat(result.received()).isEqualTo(Frames.referral("backend:5520"));
    assertThat(firstHandler.calls).isEmpty();
    assertThat(secondHandler.onlyCall().hello().sni()).isEqualTo("play.example.com");
  }

  @Test
  void withKeysOfTheirOwnTheSecondListenerDropsTheTokenAndTheHandshakeNeverCompletes()
      throws Exception {
    // The outcome does not depend on speed: the second listener drops every Initial it cannot
    // validate, so the exchange can only end without an answer; the timeout merely ends the wait.
    // Warmed up, the client has sent its Initial with the token (counted at the second listener)
    // within milliseconds of the start, long before the timeout, however busy the machine.
    client.warmUp();
    Result result =
        exchangeThroughForwarder(
            RetryTokenKey.random(), RetryTokenKey.random(), Duration.ofSeconds(3));

    assertThat(result.outcome()).isIn(Outcome.CONNECT_FAILED, Outcome.TIMEOUT);
    assertThat(firstHandler.calls).isEmpty();
    assertThat(secondHandler.calls).isEmpty();
  }
}
