package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.signpost.server.QuicTestClient.Request;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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
    QuicListener listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .logClientIp(logClientIp)
                .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            new RecordingHandler());
    InetSocketAddress address = listener.start();
    try {
      client
          .exchange(Request.of(address, "play.example.com", Frames.connect(SECRET)))
          .orTimeout(60, TimeUnit.SECONDS)
          .join();
    } finally {
      listener.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
    }
    List<String> all = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(all).noneMatch(line -> line.contains(SECRET));
    return all.stream().filter(line -> line.startsWith("answered")).toList();
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
