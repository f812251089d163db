package io.signpost.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.configtree.ConfigProblem;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmPluginFactoryTest {
  /**
   * The plugin timeout and call deadline: generous, so a busy machine cannot make calls miss it.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static PluginFactory<?> factory() {
    return ServiceLoader.load(PluginFactory.class).stream()
        .<PluginFactory<?>>map(ServiceLoader.Provider::get)
        .filter(f -> f.type().equals("wasm"))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> problems(String section) {
    PluginConfig config = PluginConfig.of("p", "wasm", Fixtures.json(section));
    return factory().validate(config, "plugins[1]").stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void theFingerprintFollowsTheModuleBytes() throws Exception {
    Path wasm = Fixtures.wat("static-response", dir);
    WasmPluginFactory factory = new WasmPluginFactory();
    PluginConfig config =
        PluginConfig.of("w", "wasm", Fixtures.json("{\"path\":\"" + wasm + "\"}"));
    WasmOptions options =
        PluginSpec.read(factory, config, "plugins[0]", new ArrayList<>()).options();
    String first = factory.fingerprint(config, options);
    assertThat(first).startsWith("sha256:");
    java.nio.file.Files.write(wasm, java.nio.file.Files.readAllBytes(wasm));
    assertThat(factory.fingerprint(config, options)).as("rewritten, same bytes").isEqualTo(first);
    Path other = Fixtures.wat("trap", dir);
    java.nio.file.Files.copy(other, wasm, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(factory.fingerprint(config, options)).isNotEqualTo(first);
  }

  @Test
  void acceptsHyrouterEntriesWithOnlyAPath() {
    Path wasm = Fixtures.wat("static-response", dir);
    assertThat(problems("{\"path\":\"" + wasm + "\"}")).isEmpty();
  }

  @Test
  void reportsAMissingFileWithItsPath() {
    assertThat(problems("{\"path\":\"" + dir.resolve("missing.wasm") + "\"}"))
        .containsExactly(
            "plugins[1].wasm.path: file not found: "
                + dir.resolve("missing.wasm")
                + " (expected: a .wasm file)");
    assertThat(problems("{}"))
        .containsExactly("plugins[1].wasm.path: missing (expected: a .wasm file)");
  }

  @Test
  void reportsAFileThatIsNotWasm() throws Exception {
    Path text = Files.writeString(dir.resolve("x.wasm"), "text");
    assertThat(problems("{\"path\":\"" + text + "\"}"))
        .singleElement()
        .asString()
        .startsWith("plugins[1].wasm.path: ")
        .contains("is not a WebAssembly module");
  }

  @Test
  void anUnknownKeyAloneIsAWarningAndTheSectionStillLoads() {
    Path wasm = Fixtures.wat("static-response", dir);
    PluginConfig config =
        PluginConfig.of(
            "w", "wasm", Fixtures.json("{\"path\":\"" + wasm + "\",\"max_memroy_mb\":8}"));
    assertThat(factory().validate(config, "plugins[0]"))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "warning: plugins[0].wasm.max_memroy_mb: unknown key, ignored (did you mean"
                + " \"max_memory_mb\"?)");
    assertThat(
            PluginSpec.read(new WasmPluginFactory(), config, "plugins[0]", new ArrayList<>())
                .options()
                .path())
        .isEqualTo(wasm);
  }

  @Test
  void reportsEveryBadOptionAndUnknownKey() {
    Path wasm = Fixtures.wat("static-response", dir);
    List<String> problems =
        problems(
            "{\"path\":\""
                + wasm
                + "\",\"pool_size\":0,"
                + "\"mode\":\"jit\",\"max_memory_mb\":\"lots\",\"poolsize\":3}");
    assertThat(problems).hasSize(4);
    assertThat(problems)
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "warning: plugins[1].wasm.poolsize: unknown key, ignored (did you mean"
                            + " \"pool_size\"?)"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("plugins[1].wasm.pool_size: 0 (expected"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("plugins[1].wasm.mode: \"jit\""));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("plugins[1].wasm.max_memory_mb:"));
  }

  @Test
  void idleTimeoutDefaultsToFiveMinutesZeroNeverAndOutOfRangeIsNamed() {
    Path wasm = Fixtures.wat("static-response", dir);
    WasmPluginFactory factory = new WasmPluginFactory();
    assertThat(options(factory, "{\"path\":\"" + wasm + "\"}").idleTimeout())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(options(factory, "{\"path\":\"" + wasm + "\",\"idle_timeout_ms\":0}").idleTimeout())
        .isZero();
    assertThat(problems("{\"path\":\"" + wasm + "\",\"idle_timeout_ms\":-1}"))
        .containsExactly(
            "plugins[1].wasm.idle_timeout_ms: -1 (expected: an integer in 0..86400000)");
    assertThat(problems("{\"path\":\"" + wasm + "\",\"idle_timeout_ms\":\"5m\"}"))
        .singleElement()
        .asString()
        .startsWith("plugins[1].wasm.idle_timeout_ms: \"5m\"");
  }

  private static WasmOptions options(WasmPluginFactory factory, String section) {
    PluginConfig config = PluginConfig.of("w", "wasm", Fixtures.json(section));
    return PluginSpec.read(factory, config, "plugins[0]", new ArrayList<>()).options();
  }

  @Test
  void createsAPluginFromAConfigEntry() {
    Path wasm = Fixtures.wat("static-response", dir);
    PluginConfig config =
        new PluginConfig(
            "static",
            "wasm",
            null,
            null,
            null,
            TIMEOUT,
            null,
            null,
            Fixtures.json("{\"path\":\"" + wasm + "\",\"pool_size\":1,\"mode\":\"interpreted\"}"));
    try (Fixtures.TestContext ctx = new Fixtures.TestContext();
        Plugin plugin = factory().create(config, ctx.context)) {
      ConnectResponse response =
          plugin.onConnect(Fixtures.request("a", "u"), Deadline.after(TIMEOUT)).join();
      assertThat(response.selectedIndex()).isEqualTo(1);
      assertThat(plugin.name()).isEqualTo("static");
      assertThat(
              ctx.registry.get("signpost.wasm.pool.size").tag("plugin", "static").gauge().value())
          .isEqualTo(1.0);
      assertThat(
              ctx.registry.get("signpost.wasm.pool.in_use").tag("plugin", "static").gauge().value())
          .isEqualTo(0.0);
    }
  }

  @Test
  void standaloneLoaderRunsAModule() {
    Path wasm = Fixtures.wat("static-response", dir);
    try (Plugin plugin = WasmPlugins.load(wasm, null)) {
      assertThat(plugin.isReady()).isTrue();
    }
    try (Plugin plugin = WasmPlugins.load(WasmOptions.of(wasm), null, TIMEOUT)) {
      assertThat(
              plugin
                  .onConnect(Fixtures.request("a", "u"), Deadline.after(TIMEOUT))
                  .join()
                  .selectedIndex())
          .isEqualTo(1);
    }
  }
}
