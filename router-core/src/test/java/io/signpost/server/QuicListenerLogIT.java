package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.signpost.server.QuicTestClient.Request;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One decision line per connection; the client address only on request; never the payload. */
class QuicListenerLogIT {

  private static final String SECRET = "payload-must-not-be-logged";

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(QuicListener.class);
  private QuicTestClient client;

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
    client = new QuicTestClient(1);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
    client.close();
  }

  private List<String> decisionLines(boolean logClientIp) {
    return decisionEvents(logClientIp, new RecordingHandler()).stream()
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private List<ILoggingEvent> decisionEvents(boolean logClientIp, RecordingHandler handler) {
    appender.list.clear();
    QuicListener listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .logClientIp(logClientIp)
                .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            handler);
    InetSocketAddress address = listener.start();
    try {
      client
          .exchange(Request.of(address, "play.example.com", Frames.connect(SECRET)))
          .orTimeout(60, TimeUnit.SECONDS)
          .join();
    } finally {
      listener.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
    }
    assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains(SECRET));
    return appender.list.stream()
        .filter(e -> e.getFormattedMessage().startsWith("answered"))
        .toList();
  }

  private static Map<String, Object> keyValues(ILoggingEvent event) {
    Map<String, Object> pairs = new LinkedHashMap<>();
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(pair -> pairs.put(pair.key, pair.value));
    }
    return pairs;
  }

  @Test
  void decisionLineCarriesItsFieldsAsKeyValuePairsForStructuredLogs() {
    RecordingHandler handler =
        new RecordingHandler() {
          @Override
          CompletableFuture<Answer> decide(ClientHello hello, int packetId, byte[] payload) {
            return CompletableFuture.completedFuture(
                new Answer(
                    Frames.referral("backend:5520"),
                    "referral backend=backend:5520 route=default",
                    Map.of("outcome", "referral")));
          }
        };

    ILoggingEvent line = decisionEvents(false, handler).get(0);

    assertThat(line.getFormattedMessage())
        .startsWith("answered sni=play.example.com alpn=hytale/2 referral backend=backend:5520");
    Map<String, Object> pairs = keyValues(line);
    assertThat(pairs.keySet()).containsExactly("event", "sni", "alpn", "outcome", "duration_ms");
    assertThat(pairs)
        .containsEntry("event", "answered")
        .containsEntry("sni", "play.example.com")
        .containsEntry("alpn", "hytale/2")
        .containsEntry("outcome", "referral");
    assertThat(pairs.get("duration_ms")).isInstanceOf(Long.class);
  }

  @Test
  void theClientAddressIsAKeyOnlyWhenAsked() {
    assertThat(keyValues(decisionEvents(true, new RecordingHandler()).get(0)))
        .hasEntrySatisfying("client", c -> assertThat(c.toString()).startsWith("/127.0.0.1:"));
    assertThat(keyValues(decisionEvents(false, new RecordingHandler()).get(0)))
        .doesNotContainKey("client");
  }

  @Test
  void decisionLineWithoutClientAddressByDefault() {
    List<String> lines = decisionLines(false);

    assertThat(lines)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line)
                  .contains("sni=play.example.com", "alpn=hytale/2", "referral backend=");
              assertThat(line).containsPattern("duration_ms=\\d+");
              assertThat(line).doesNotContain("client=", "127.0.0.1");
            });
  }

  @Test
  void decisionLineWithClientAddressWhenAsked() {
    assertThat(decisionLines(true)).singleElement().asString().contains("client=/127.0.0.1:");
  }
}
