package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AsyncAppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.config.LoggingConfig.Format;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The shipped logback.xml: text or JSON on stdout, text on stderr for one-shot commands. */
class LogOutputTest {

  private final PrintStream realOut = System.out;
  private final PrintStream realErr = System.err;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final LoggerContext context = new LoggerContext();

  @BeforeEach
  void shippedConfiguration() throws Exception {
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    context.setMDCAdapter(new LogbackMDCAdapter());
    // The test class path holds logback-test.xml too; load the shipped file by its path.
    URL shipped = LogOutput.class.getResource("/logback.xml");
    assertThat(shipped).as("logback.xml on the class path").isNotNull();
    assertThat(shipped.getPath()).endsWith("classes/logback.xml");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(shipped);
  }

  @AfterEach
  void restore() {
    context.stop();
    System.setOut(realOut);
    System.setErr(realErr);
  }

  private void logADecision() {
    Logger log = context.getLogger("io.signpost.server.QuicListener");
    log.atInfo()
        .addKeyValue("event", "answered")
        .addKeyValue("sni", "play.example.com")
        .addKeyValue("outcome", "referral")
        .addKeyValue("plugins", List.of("geo"))
        .addKeyValue("duration_ms", 3L)
        .log(
            "answered sni={} referral backend=10.0.0.2:5520 duration_ms={}", "play.example.com", 3);
  }

  /** What reached stdout, once the asynchronous appender has written out its queue. */
  private String stdout() {
    stopOnceTheQueueIsWrittenOut(context);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What reached stderr, once the asynchronous appender has written out its queue. */
  private String stderr() {
    stopOnceTheQueueIsWrittenOut(context);
    return err.toString(StandardCharsets.UTF_8);
  }

  /**
   * Stops {@code context} after its asynchronous appender has written out its whole queue. The
   * shipped bound on that wait (2 s) is for a process about to exit; on a busy machine the JVM's
   * first JSON or pattern encoding, on the appender's thread, can take longer, and the test would
   * read what was written by then: nothing.
   */
  static void stopOnceTheQueueIsWrittenOut(LoggerContext context) {
    if (context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogOutput.ASYNC_APPENDER)
        instanceof AsyncAppenderBase<ILoggingEvent> async) {
      async.setMaxFlushTime(60_000);
    }
    context.stop();
  }

  @Test
  void textOnStdoutReadsAsBefore() {
    logADecision();
    context.getLogger("signpost.plugin.geo").warn("guest says hi");

    assertThat(stderr()).isEmpty();
    assertThat(stdout().lines())
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO "
                            + " QuicListener - answered sni=play.example.com referral"
                            + " backend=10.0.0.2:5520 duration_ms=3"),
            line -> assertThat(line).endsWith("WARN  plugin:geo - guest says hi"));
  }

  @Test
  void jsonIsOneObjectPerLineWithTheEventsFieldsAsKeys() throws Exception {
    assertThat(LogOutput.configure(context, LogOutput.Stream.STDOUT, Format.JSON)).isTrue();

    logADecision();
    context.getLogger("io.signpost.cli").error("cannot start", new IllegalStateException("boom"));

    List<String> lines = stdout().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode decision = new ObjectMapper().readTree(lines.get(0));
    assertThat(decision.get("timestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(decision.get("level").asText()).isEqualTo("INFO");
    assertThat(decision.get("logger").asText()).isEqualTo("io.signpost.server.QuicListener");
    assertThat(decision.get("thread").asText()).isNotEmpty();
    assertThat(decision.get("message").asText())
        .isEqualTo("answered sni=play.example.com referral backend=10.0.0.2:5520 duration_ms=3");
    assertThat(decision.get("event").asText()).isEqualTo("answered");
    assertThat(decision.get("sni").asText()).isEqualTo("play.example.com");
    assertThat(decision.get("outcome").asText()).isEqualTo("referral");
    assertThat(decision.get("plugins").get(0).asText()).isEqualTo("geo");
    assertThat(decision.get("duration_ms").asLong()).isEqualTo(3);
    assertThat(decision.has("@version")).isFalse();
    assertThat(decision.has("level_value")).isFalse();

    JsonNode failure = new ObjectMapper().readTree(lines.get(1));
    assertThat(failure.get("level").asText()).isEqualTo("ERROR");
    assertThat(failure.get("stack_trace").asText())
        .startsWith("java.lang.IllegalStateException: boom");
  }

  @Test
  void oneShotCommandsLogTextToStderr() {
    assertThat(LogOutput.configure(context, LogOutput.Stream.STDERR, Format.TEXT)).isTrue();

    logADecision();

    assertThat(stdout()).isEmpty();
    assertThat(stderr()).contains(" INFO  QuicListener - answered");
  }

  @Test
  void everyLineGoesThroughTheNonBlockingAsynchronousAppender() {
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);

    assertThat(root.getAppender(LogOutput.ASYNC_APPENDER))
        .isInstanceOfSatisfying(
            CountingAsyncAppender.class,
            async -> {
              assertThat(async.isNeverBlock()).isTrue();
              assertThat(async.getDiscardingThreshold()).isZero();
              assertThat(async.getQueueSize()).isEqualTo(8192);
              assertThat(async.getAppender(LogOutput.APPENDER)).isNotNull();
            });
  }

  @Test
  void theConnectionLoggerFollowsItsParentUnlessTheOperatorSetsIt() {
    assertThat(context.getLogger("io.signpost.server.QuicListener").getLevel()).isNull();
    assertThat(context.getLogger("io.signpost.server.QuicListener").getEffectiveLevel())
        .isEqualTo(ch.qos.logback.classic.Level.INFO);
  }

  @Test
  void aConfigurationWithoutTheConsoleAppenderIsLeftAlone() {
    LoggerContext custom = new LoggerContext();

    assertThat(LogOutput.configure(custom, LogOutput.Stream.STDOUT, Format.JSON)).isFalse();
  }
}
