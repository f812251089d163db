package io.signpost.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class GuestOutputTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger("signpost.plugin.output-test");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong now = new AtomicLong();
  private GuestLog log;

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    log = new GuestLog("output-test", logger, registry, now::get);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
    logger.setLevel(null);
  }

  @Test
  void linesAreSplitAtNewlinesAcrossWritesAndLoseATrailingCarriageReturn() {
    GuestOutput out = new GuestOutput(log, Level.INFO, "stdout");
    write(out, "first\r\nsec");
    write(out, "ond\n\nthird");
    assertThat(messages()).containsExactly("[stdout] first", "[stdout] second", "[stdout] ");
    out.flush();
    assertThat(messages()).last().isEqualTo("[stdout] third");
  }

  @Test
  void aLineLongerThanTheLimitIsLoggedInPieces() {
    GuestOutput out = new GuestOutput(log, Level.INFO, "stderr");
    byte[] long_ = new byte[GuestOutput.MAX_LINE * 2 + 10];
    Arrays.fill(long_, (byte) 'a');
    out.write(long_, 0, long_.length);
    out.write('\n');
    assertThat(messages())
        .extracting(String::length)
        .containsExactly(
            "[stderr] ".length() + GuestOutput.MAX_LINE,
            "[stderr] ".length() + GuestOutput.MAX_LINE,
            "[stderr] ".length() + 10);
  }

  @Test
  void aSingleByteWriteEndsALineToo() {
    GuestOutput out = new GuestOutput(log, Level.INFO, "stdout");
    for (byte b : "ab\n".getBytes(StandardCharsets.UTF_8)) {
      out.write(b);
    }
    assertThat(messages()).containsExactly("[stdout] ab");
  }

  @Test
  void linesOverTheRateLimitAreCountedNotLogged() {
    GuestOutput out = new GuestOutput(log, Level.INFO, "stdout");
    int lines = GuestLog.LINES_PER_SECOND * GuestLog.BURST_SECONDS + 100;
    for (int i = 0; i < lines; i++) {
      write(out, "line " + i + "\n");
    }
    double dropped =
        registry.get(GuestLog.DROPPED_COUNTER).tag("plugin", "output-test").counter().count();
    assertThat(messages()).hasSize(GuestLog.LINES_PER_SECOND * GuestLog.BURST_SECONDS);
    assertThat(dropped).isEqualTo(100);
  }

  @Test
  void nothingIsLoggedOrCountedBelowTheLoggersLevel() {
    logger.setLevel(ch.qos.logback.classic.Level.ERROR);
    GuestOutput out = new GuestOutput(log, Level.WARN, "stderr");
    write(out, "quiet\n");
    assertThat(messages()).isEmpty();
    assertThat(registry.get(GuestLog.DROPPED_COUNTER).counter().count()).isZero();
  }

  private static void write(GuestOutput out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }

  private List<String> messages() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
