package io.signpost.wasm;

import static io.signpost.wasm.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginInternalException;
import io.signpost.plugin.PluginLoadException;
import io.signpost.plugin.PluginUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LifecycleTest {
  /**
   * The plugin timeout and call deadline of calls that must not time out: generous, so a busy
   * machine cannot make them miss it.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final Fixtures.TestContext ctx = new Fixtures.TestContext();

  @AfterEach
  void closeContext() {
    ctx.close();
  }

  private double counter(String plugin, String name) {
    var counter =
        ctx.registry
            .find("signpost.plugin.custom")
            .tag("plugin", plugin)
            .tag("counter", name)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  /** Waits, at most 30 seconds, until {@code expected} instances were recycled after calls. */
  private void awaitRecycled(double expected) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until && replacements("life", "recycle_calls") < expected) {
      Thread.sleep(5);
    }
  }

  private double replacements(String plugin, String reason) {
    var counter =
        ctx.registry
            .find("signpost.wasm.instance.replacements")
            .tag("plugin", plugin)
            .tag("reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static ConnectResponse call(Plugin plugin) {
    return plugin.onConnect(request("a", "u"), Deadline.after(TIMEOUT)).join();
  }

  @Test
  void initializesOnceAndHandsTheConfigToTheLoadHookWithoutRunningStart() {
    String config = "{\"deny\":true,\"deny_reason\":\"from config\"}";
    try (Plugin plugin =
        WasmPlugins.load(
            "life",
            WasmOptions.of(Fixtures.wat("lifecycle", dir)),
            Fixtures.json(config),
            TIMEOUT,
            ctx.context)) {
      ConnectResponse response = call(plugin);
      assertThat(response.deny()).isTrue();
      assertThat(response.denyReason()).isEqualTo("from config");
    }
  }

  @Test
  void logAndCounterHostFunctionsReachTheRouter() {
    Logger guestLogger = (Logger) LoggerFactory.getLogger("signpost.plugin.life");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    guestLogger.addAppender(appender);
    try (Plugin plugin =
        WasmPlugins.load(
            "life",
            WasmOptions.of(Fixtures.wat("lifecycle", dir)),
            Fixtures.json("{}"),
            TIMEOUT,
            ctx.context)) {
      for (int i = 0; i < 3; i++) {
        call(plugin);
      }
      assertThat(counter("life", "calls")).isEqualTo(3.0);
      assertThat(counter("life", "deallocs"))
          .as("request, response and config buffers")
          .isEqualTo(7.0);
      assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).contains("called");
    } finally {
      guestLogger.detachAppender(appender);
    }
  }

  @Test
  void warmUpCallsLeaveNoTraceInTheRouter() throws Exception {
    try (Plugin plugin =
        WasmPlugins.load(
            "counting",
            WasmOptions.of(Fixtures.wat("counters", dir)).withWarmUpCalls(200),
            null,
            TIMEOUT,
            ctx.context)) {
      plugin.warmUp(io.signpost.plugin.Deadline.after(TIMEOUT)).get(60, TimeUnit.SECONDS);
      assertThat(plugin.warmUp(io.signpost.plugin.Deadline.after(TIMEOUT)))
          .as("warm-up runs once")
          .isCompleted();
      assertThat(ctx.registry.find("signpost.plugin.custom").tag("plugin", "counting").counters())
          .as("the guest's counters during warm-up went nowhere")
          .isEmpty();
      call(plugin);
      assertThat(counter("counting", "ok")).isEqualTo(1.0);
    }
  }

  @Test
  void counterAddValidatesNamesAndBoundsTheNumberOfCounters() {
    try (Plugin plugin =
        WasmPlugins.load(
            "counting",
            WasmOptions.of(Fixtures.wat("counters", dir)),
            null,
            TIMEOUT,
            ctx.context)) {
      assertThat(call(plugin).denyReason())
          .as("ok, invalid name, negative delta, 65th name")
          .isEqualTo("0132");
      assertThat(counter("counting", "ok")).isEqualTo(1.0);
      assertThat(counter("counting", "n62")).isEqualTo(2.0);
      assertThat(counter("counting", "n63")).isZero();
      assertThat(ctx.registry.find("signpost.plugin.custom").tag("plugin", "counting").counters())
          .hasSize(64);
    }
  }

  @Test
  void anErrorThrownDuringACallFailsTheCallAndGivesItsInstanceBack() throws Exception {
    AtomicBoolean failNext = new AtomicBoolean(true);
    SimpleMeterRegistry registry =
        new SimpleMeterRegistry() {
          @Override
          protected Counter newCounter(Meter.Id id) {
            if (id.getName().equals("signpost.plugin.custom") && failNext.getAndSet(false)) {
              throw new AssertionError("registry broke");
            }
            return super.newCounter(id);
          }
        };
    PluginContext context = new PluginContext(registry, ctx.scheduler);
    WasmOptions options = WasmOptions.of(Fixtures.wat("counters", dir)).withPoolSize(1);
    try (Plugin plugin = WasmPlugins.load("erring", options, null, TIMEOUT, context)) {
      assertThatThrownBy(
              () ->
                  plugin
                      .onConnect(request("a", "u"), Deadline.after(TIMEOUT))
                      .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(PluginInternalException.class)
          .hasMessageContaining("registry broke");
      assertThat(call(plugin).denyReason())
          .as("the one slot of the pool is usable again")
          .isEqualTo("0132");
    }
  }

  @Test
  void aRecycledInstanceAnswersBeforeItsUnloadHookRuns() throws Exception {
    // The first Wasm call in a JVM loads and compiles the host's classes (most of a second on an
    // idle machine); made here, it does not count against the timeout below.
    try (Plugin warmUp =
        WasmPlugins.load(
            "warm-up",
            WasmOptions.of(Fixtures.wat("static-response", dir)),
            null,
            TIMEOUT,
            ctx.context)) {
      call(warmUp);
    }
    WasmOptions options =
        WasmOptions.of(Fixtures.wat("slow-unload", dir)).withPoolSize(1).withRecycleAfterCalls(1);
    Duration timeout = Duration.ofSeconds(3);
    try (Plugin plugin = WasmPlugins.load("slow-unload", options, null, timeout, ctx.context)) {
      long start = System.nanoTime();
      ConnectResponse response =
          plugin.onConnect(request("a", "u"), Deadline.after(timeout)).get(30, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(response).isEqualTo(ConnectResponse.EMPTY);
      assertThat(replacements("slow-unload", "recycle_calls"))
          .as("the instance is replaced only once its unload hook has ended")
          .isZero();
      assertThat(took)
          .as("the unload hook loops until the 3 s timeout; the answer does not wait for it")
          .isLessThan(timeout);
    }
  }

  @Test
  void stdoutAndStderrGoToThePluginsLogger() {
    Logger guestLogger = (Logger) LoggerFactory.getLogger("signpost.plugin.talker");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    guestLogger.addAppender(appender);
    try (Plugin plugin =
        WasmPlugins.load(
            "talker", WasmOptions.of(Fixtures.wat("stdout", dir)), null, TIMEOUT, ctx.context)) {
      call(plugin);
      assertThat(appender.list)
          .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
          .containsExactly("INFO [stdout] hello from wasm", "WARN [stderr] oops");
    } finally {
      guestLogger.detachAppender(appender);
    }
  }

  @Test
  void recyclesAfterTheConfiguredCallsAndUnloadsRetiredInstances() throws Exception {
    WasmOptions options =
        WasmOptions.of(Fixtures.wat("lifecycle", dir)).withPoolSize(1).withRecycleAfterCalls(2);
    try (Plugin plugin =
        WasmPlugins.load("life", options, Fixtures.json("{}"), TIMEOUT, ctx.context)) {
      for (int i = 0; i < 6; i++) {
        call(plugin);
      }
      // The answer leaves before its instance is retired, so the last retirement may still run.
      awaitRecycled(3.0);
      assertThat(
              ctx.registry
                  .get("signpost.wasm.instance.replacements")
                  .tag("reason", "recycle_calls")
                  .counter()
                  .count())
          .isEqualTo(3.0);
      assertThat(counter("life", "unloads")).isEqualTo(3.0);
    }
  }

  @Test
  void loadHookRefusalFailsTheLoad() {
    assertThatThrownBy(
            () ->
                WasmPlugins.load(
                    "life",
                    WasmOptions.of(Fixtures.wat("lifecycle", dir)),
                    Fixtures.json("\"refuse\""),
                    TIMEOUT,
                    ctx.context))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("plugin life:")
        .hasMessageContaining("signpost_load returned status 7");
  }

  @Test
  void repeatedCrashesBackOffInsteadOfSpinning() {
    WasmOptions options = WasmOptions.of(Fixtures.wat("trap", dir)).withPoolSize(1);
    try (Plugin plugin = WasmPlugins.load("crashy", options, null, TIMEOUT, ctx.context)) {
      int unavailable = 0;
      long start = System.nanoTime();
      for (int i = 0; i < 30; i++) {
        try {
          plugin.onConnect(request("a", "u"), Deadline.after(Duration.ofMillis(50))).join();
        } catch (CompletionException e) {
          if (e.getCause() instanceof PluginUnavailableException) {
            unavailable++;
          }
          assertThat(e.getCause()).isInstanceOf(PluginException.class);
        }
      }
      double replacements =
          ctx.registry
              .get("signpost.wasm.instance.replacements")
              .tag("reason", "trap")
              .counter()
              .count();
      long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertThat(unavailable).isGreaterThan(0);
      assertThat(replacements).as("instances created in %d ms", elapsedMs).isLessThan(15);
    }
  }

  @Test
  void closedPluginRefusesCalls() {
    Plugin plugin =
        WasmPlugins.load(
            "life", WasmOptions.of(Fixtures.wat("lifecycle", dir)), null, TIMEOUT, ctx.context);
    plugin.close();
    assertThat(plugin.isReady()).isFalse();
    assertThatThrownBy(() -> call(plugin)).hasCauseInstanceOf(PluginUnavailableException.class);
  }
}
