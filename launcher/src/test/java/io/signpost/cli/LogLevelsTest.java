package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import io.signpost.cli.SignpostCommandTest.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One level setting for the router and its plugins, and plugin output under the shipped config. */
class LogLevelsTest {

  /** The configuration in the runnable jar (src/main/resources). */
  private static final URL SHIPPED = LogLevelsTest.class.getResource("/logback.xml");

  private static final URL TESTS = LogLevelsTest.class.getResource("/logback-test.xml");

  @AfterEach
  void restoreTheTestConfiguration() throws JoranException {
    configure(global(), TESTS);
  }

  @Test
  void theShippedConfigEmitsPluginInfoAndWarnButNotDebug() throws JoranException {
    LoggerContext context = shipped();
    ListAppender<ILoggingEvent> events = capture(context);
    Logger plugin = context.getLogger("signpost.plugin.geo");

    plugin.info("[stdout] hello");
    plugin.warn("[stderr] careful");
    plugin.debug("details");

    assertThat(plugin.getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(events.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("[stdout] hello", "[stderr] careful");
    context.stop();
  }

  @Test
  void theShippedConfigNamesThePluginOnItsLines() throws JoranException {
    // signpost run logs to stdout (LogOutput moves the one-shot commands' log to stderr).
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      LoggerContext context = shipped();
      context.getLogger("signpost.plugin.geo").info("[stdout] hello");
      context.getLogger("io.signpost.server.QuicListener").info("listening");
      LogOutputTest.stopOnceTheQueueIsWrittenOut(context);
    } finally {
      System.setOut(original);
    }

    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .contains(" INFO  plugin:geo - [stdout] hello")
        .contains(" INFO  QuicListener - listening");
  }

  @Test
  void oneLevelGovernsTheRouterAndThePluginsButNotTheLibraries() throws JoranException {
    LoggerContext context = shipped();

    LogLevels.apply(context, Level.DEBUG);

    assertThat(context.getLogger("signpost.plugin.geo").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("io.signpost.server.QuicListener").getEffectiveLevel())
        .isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);

    LogLevels.apply(context, Level.ERROR);

    assertThat(context.getLogger("signpost.plugin.geo").isInfoEnabled()).isFalse();
    assertThat(context.getLogger("io.signpost.cli").getEffectiveLevel()).isEqualTo(Level.ERROR);
    context.stop();
  }

  @Test
  void theLogLevelFlagReachesPluginLoggers() {
    String config = "../dev/config.dev.yaml";

    Result debug = SignpostCommandTest.run("validate", "--config", config, "--log-level", "debug");
    Level afterDebug = pluginLevel();
    Result warn = SignpostCommandTest.run("validate", "-config", config, "-log-level", "WARN");
    Level afterWarn = pluginLevel();
    Result standard = SignpostCommandTest.run("validate", "--config", config);
    Level afterDefault = pluginLevel();

    assertThat(debug.exit()).as(debug.err()).isZero();
    assertThat(warn.exit()).as(warn.err()).isZero();
    assertThat(standard.exit()).as(standard.err()).isZero();
    assertThat(afterDebug).isEqualTo(Level.DEBUG);
    assertThat(afterWarn).isEqualTo(Level.WARN);
    assertThat(afterDefault).isEqualTo(Level.INFO);
  }

  @Test
  void anUnknownLevelIsRefusedWithExitTwo() {
    Result result =
        SignpostCommandTest.run(
            "validate", "--config", "../dev/config.dev.yaml", "--log-level", "loud");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--log-level: loud (expected: debug, info, warn or error)");
  }

  @Test
  void aWasmPluginsInfoLineReachesTheLogUnderTheShippedConfig() throws JoranException {
    configure(global(), SHIPPED);
    ListAppender<ILoggingEvent> events = capture(global());

    // Generous: the first Wasm call of the JVM loads and links its runtime, which takes more than
    // the default 1s on a busy machine.
    Result result =
        SignpostCommandTest.run(
            "plugin", "call", "--wasm", "../examples/rust-plugin/plugin.wasm", "--timeout", "60s");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(events.list)
        .filteredOn(e -> e.getLoggerName().equals("signpost.plugin.cli"))
        .filteredOn(e -> e.getLevel() == Level.INFO)
        .extracting(ILoggingEvent::getFormattedMessage)
        .contains("loaded; 0 denied username(s)");
  }

  private static Level pluginLevel() {
    return global().getLogger("signpost.plugin.x").getEffectiveLevel();
  }

  /** A context of its own, configured from the shipped file. */
  private static LoggerContext shipped() throws JoranException {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    configure(context, SHIPPED);
    return context;
  }

  private static LoggerContext global() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  private static void configure(LoggerContext context, URL file) throws JoranException {
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(file);
  }

  private static ListAppender<ILoggingEvent> capture(LoggerContext context) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return appender;
  }
}
