package io.signpost.wasm;

import static io.signpost.wasm.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginLoadException;
import io.signpost.plugin.PluginResponseException;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.plugin.PluginTrapException;
import io.signpost.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WasmPluginTest {
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

  private Plugin load(String wat, WasmOptions options, Duration timeout) {
    return WasmPlugins.load(wat, options, null, timeout, ctx.context);
  }

  private WasmOptions options(String wat) {
    return WasmOptions.of(Fixtures.wat(wat, dir)).withPoolSize(2);
  }

  private static Throwable failure(Plugin plugin, String username) {
    try {
      plugin.onConnect(request(username, "u-1"), Deadline.after(TIMEOUT)).join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("call succeeded");
  }

  private static ConnectResponse call(Plugin plugin, String username) {
    return plugin.onConnect(request(username, "u-1"), Deadline.after(TIMEOUT)).join();
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void answersWithTheModulesResponse(ExecutionMode mode) {
    try (Plugin plugin =
        load("static-response", options("static-response").withMode(mode), TIMEOUT)) {
      ConnectResponse response = call(plugin, "alice");
      assertThat(response.selectedIndex()).isEqualTo(1);
      assertThat(new String(response.referralContent(), StandardCharsets.UTF_8))
          .isEqualTo("static");
      assertThat(plugin.isReady()).isTrue();
    }
  }

  /**
   * The looping call never ends by itself, so its short deadline fires whatever the load; the calls
   * beside it have the generous plugin timeout and must all be answered.
   */
  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void stopsALoopingModuleWithinItsLimitWhileOtherCallsGoOn(ExecutionMode mode) {
    Duration loopDeadline = Duration.ofSeconds(1);
    try (Plugin plugin =
        load("loop-on-marker", options("loop-on-marker").withMode(mode), TIMEOUT)) {
      for (String marker : new String[] {"LOOP", "BRIF"}) {
        long start = System.nanoTime();
        var looping = plugin.onConnect(request(marker, "u"), Deadline.after(loopDeadline));
        for (int i = 0; i < 20; i++) {
          assertThat(call(plugin, "fine").deny()).isFalse();
        }
        Throwable cause = looping.handle((r, e) -> e).join();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(cause)
            .isInstanceOf(PluginTimeoutException.class)
            .hasMessageContaining("time limit");
        assertThat(took)
            .as("stopped at its 1 s deadline, long before the plugin's 30 s timeout")
            .isLessThan(Duration.ofSeconds(15));
      }
      assertThat(call(plugin, "fine").deny()).isFalse();
      assertThat(
              ctx.registry
                  .get("signpost.wasm.instance.replacements")
                  .tag("reason", "timeout")
                  .counter()
                  .count())
          .isEqualTo(2.0);
    }
  }

  /**
   * Three calls that loop until their deadline hold three instances at once, so the pool grows to
   * three; each is then replaced, and with nothing to do the replacements are given back down to
   * one free instance. However the timing falls, three replacements are made and a retirement needs
   * two of them free, so the count reaches two only once all three were made, and then one instance
   * is left and nothing is being built.
   */
  @Test
  void instancesABurstMadeAreGivenBackOnceIdleDownToOne() throws Exception {
    WasmOptions options =
        options("loop-on-marker").withPoolSize(3).withIdleTimeout(Duration.ofSeconds(1));
    try (Plugin plugin = load("loop-on-marker", options, TIMEOUT)) {
      List<CompletableFuture<ConnectResponse>> looping = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        // Long enough for the pool to create the other two instances on any machine.
        looping.add(plugin.onConnect(request("LOOP", "u"), Deadline.after(Duration.ofSeconds(10))));
      }
      for (CompletableFuture<ConnectResponse> call : looping) {
        assertThat(call.handle((r, e) -> e).join()).isInstanceOf(PluginTimeoutException.class);
      }

      Await.until(
          () -> idleRetirements() == 2 && poolSize() == 1,
          () -> "idle retirements " + idleRetirements() + ", pool size " + poolSize());
      assertThat(call(plugin, "fine").deny()).isFalse();
      assertThat(poolSize()).isEqualTo(1);
    }
  }

  private double poolSize() {
    return ctx.registry
        .get("signpost.wasm.pool.size")
        .tag("plugin", "loop-on-marker")
        .gauge()
        .value();
  }

  private double idleRetirements() {
    return ctx.registry
        .get("signpost.wasm.instance.idle_retirements")
        .tag("plugin", "loop-on-marker")
        .counter()
        .count();
  }

  @Test
  void trapFailsTheCallAndReplacesTheInstance() {
    try (Plugin plugin = load("trap", options("trap"), TIMEOUT)) {
      assertThat(failure(plugin, "a"))
          .isInstanceOf(PluginTrapException.class)
          .hasMessageStartingWith("plugin trap: trap during on_connect");
    }
  }

  @Test
  void exitFailsTheCall() {
    try (Plugin plugin = load("exit", options("exit"), TIMEOUT)) {
      assertThat(failure(plugin, "a"))
          .isInstanceOf(PluginTrapException.class)
          .hasMessageContaining("exited with code 3");
    }
  }

  @Test
  void outOfBoundsResponseIsAResponseFailure() {
    try (Plugin plugin = load("bad-pointer", options("bad-pointer"), TIMEOUT)) {
      assertThat(failure(plugin, "a"))
          .isInstanceOf(PluginResponseException.class)
          .hasMessageContaining("outside the module's memory");
    }
  }

  @Test
  void oversizedResponseIsAResponseFailure() {
    try (Plugin plugin = load("oversized-response", options("oversized-response"), TIMEOUT)) {
      assertThat(failure(plugin, "a"))
          .isInstanceOf(PluginResponseException.class)
          .hasMessageContaining("response length (2097152) exceeds the allowed maximum (1048576)");
    }
  }

  @Test
  void invalidJsonIsAResponseFailure() {
    try (Plugin plugin = load("invalid-json", options("invalid-json"), TIMEOUT)) {
      assertThat(failure(plugin, "a"))
          .isInstanceOf(PluginResponseException.class)
          .hasMessageContaining("not valid JSON");
    }
  }

  @Test
  void growthBeyondTheMemoryCapFailsCleanly() {
    WasmOptions options = options("memory-hog").withMaxMemoryMb(6).withRecycleMemoryMb(6);
    try (Plugin plugin = load("memory-hog", options, TIMEOUT)) {
      assertThat(call(plugin, "a")).isNotNull();
      assertThat(failure(plugin, "a"))
          .isInstanceOf(PluginTrapException.class)
          .hasMessageContaining("memory limit reached")
          .hasMessageContaining("6 MiB");
      assertThat(call(plugin, "a")).as("a fresh instance serves again").isNotNull();
    }
  }

  @Test
  void loadFailsForAMissingExport() {
    assertThatThrownBy(() -> load("missing-on-connect", options("missing-on-connect"), TIMEOUT))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("plugin missing-on-connect:")
        .hasMessageContaining("missing-on-connect.wasm")
        .hasMessageContaining("missing required export: on_connect");
  }

  @Test
  void loadFailsForAnImportTheHostLacks() {
    assertThatThrownBy(() -> load("unknown-import", options("unknown-import"), TIMEOUT))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("imports signpost.send_email, which the host does not provide");
  }

  @Test
  void loadFailsForAHostImportWithTheWrongType() {
    assertThatThrownBy(() -> load("wrong-import-type", options("wrong-import-type"), TIMEOUT))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("imports signpost.log with type");
  }

  @Test
  void loadFailsForAMissingFileOrAFileThatIsNotWasm() throws Exception {
    Path missing = dir.resolve("nope.wasm");
    assertThatThrownBy(
            () -> WasmPlugins.load("p", WasmOptions.of(missing), null, TIMEOUT, ctx.context))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("plugin p: file not found: " + missing);
    Path text = Files.writeString(dir.resolve("text.wasm"), "hello");
    assertThatThrownBy(
            () -> WasmPlugins.load("p", WasmOptions.of(text), null, TIMEOUT, ctx.context))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("is not a WebAssembly module");
  }

  @Test
  void failuresCarryTheirKind() {
    try (Plugin plugin = load("trap", options("trap"), TIMEOUT)) {
      assertThat(((PluginException) failure(plugin, "a")).kind())
          .isEqualTo(PluginException.Kind.TRAP);
    }
  }
}
