package io.signpost.cli;

import static io.signpost.cli.SignpostCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.cli.SignpostCommandTest.Result;
import io.signpost.grpc.server.PluginServer;
import io.signpost.plugin.ConnectResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signpost plugin test}, in-process, on the examples' cases and on broken ones. */
class PluginTestCommandTest {

  /**
   * Per-call timeout of the cases, which must all be answered: generous, the first Wasm or gRPC
   * call of the JVM loads and links its runtime, which takes more than the default 1s on a busy
   * machine.
   */
  private static final String CALL_TIMEOUT = "60s";

  @TempDir Path dir;

  private static String example(String path) {
    return ExamplePlugins.root().resolve(path).toString();
  }

  @Test
  void theRustExamplePassesItsCases() {
    Result result =
        run(
            "plugin",
            "test",
            example("examples/rust-plugin/cases"),
            "--wasm",
            example("examples/rust-plugin/plugin.wasm"),
            "--timeout",
            CALL_TIMEOUT);

    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("PASS   routed-by-uuid")
        .contains("PASS   denied-username")
        .contains("4 passed, 0 failed, 0 error(s)");
  }

  @Test
  void theWatExamplePassesItsCases() {
    Result result =
        run(
            "plugin",
            "test",
            example("examples/wat-plugin/cases"),
            "--wasm",
            example("examples/wat-plugin/plugin.wasm"),
            "--timeout",
            CALL_TIMEOUT);

    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("2 passed, 0 failed, 0 error(s)");
  }

  @Test
  void aFailingCaseShowsItsDifferencesAndTheCommandExitsOne() throws Exception {
    Files.writeString(dir.resolve("deny.request.json"), "{\"event\":{\"username\":\"deny\"}}");
    Files.writeString(
        dir.resolve("deny.response.json"), "{\"deny\":true,\"deny_reason\":\"other reason\"}");
    Files.writeString(dir.resolve("ok.request.json"), "{\"event\":{\"username\":\"alice\"}}");
    Files.writeString(dir.resolve("ok.response.json"), "{\"deny\":false}");

    Result result =
        run(
            "plugin",
            "test",
            dir.toString(),
            "--wasm",
            example("examples/wat-plugin/plugin.wasm"),
            "--timeout",
            CALL_TIMEOUT);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("FAIL   deny")
        .contains("deny_reason: expected \"other reason\", got \"denied by wat plugin\"")
        .contains("PASS   ok")
        .contains("1 passed, 1 failed, 0 error(s)");
  }

  @Test
  void incompleteOrUnreadableCasesAreErrors() throws Exception {
    Files.writeString(dir.resolve("lonely.request.json"), "{}");
    Files.writeString(dir.resolve("orphan.response.json"), "{}");
    Files.writeString(dir.resolve("garbled.request.json"), "{not json");
    Files.writeString(dir.resolve("garbled.response.json"), "{}");

    Result result =
        run(
            "plugin",
            "test",
            dir.toString(),
            "--wasm",
            example("examples/wat-plugin/plugin.wasm"),
            "--timeout",
            CALL_TIMEOUT);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("ERROR  lonely")
        .contains("no lonely.response.json")
        .contains("ERROR  orphan")
        .contains("no orphan.request.json")
        .contains("ERROR  garbled")
        .contains("not valid JSON")
        .contains("0 passed, 0 failed, 3 error(s)");
  }

  @Test
  void theDirectorysConfigIsThePluginsConfigUnlessConfigIsGiven() throws Exception {
    Files.writeString(dir.resolve("config.json"), "{\"deny_usernames\":[\"carol\"]}");
    Files.writeString(dir.resolve("carol.request.json"), "{\"event\":{\"username\":\"carol\"}}");
    Files.writeString(dir.resolve("carol.response.json"), "{\"deny\":true}");
    String wasm = example("examples/rust-plugin/plugin.wasm");

    Result withDirectoryConfig =
        run("plugin", "test", dir.toString(), "--wasm", wasm, "--timeout", CALL_TIMEOUT);
    Result withOption =
        run(
            "plugin",
            "test",
            dir.toString(),
            "--wasm",
            wasm,
            "--config",
            "{\"deny_usernames\":[]}",
            "--timeout",
            CALL_TIMEOUT);

    assertThat(withDirectoryConfig.exit()).as(withDirectoryConfig.out()).isZero();
    assertThat(withOption.exit()).isEqualTo(1);
    assertThat(withOption.out()).contains("deny: expected true, got false");
  }

  @Test
  void runsAGrpcPlugin() throws Exception {
    Files.writeString(dir.resolve("bob.request.json"), "{\"event\":{\"username\":\"bob\"}}");
    Files.writeString(dir.resolve("bob.response.json"), "{\"deny_reason\":\"no bob\"}");
    try (PluginServer server =
        PluginServer.builder(r -> ConnectResponse.denied("no " + r.event().username()))
            .host("127.0.0.1")
            .port(0)
            .build()
            .start()) {
      Result result =
          run(
              "plugin",
              "test",
              dir.toString(),
              "--grpc",
              "127.0.0.1:" + server.port(),
              "--timeout",
              CALL_TIMEOUT);

      assertThat(result.exit()).as(result.out() + result.err()).isZero();
      assertThat(result.out()).contains("PASS   bob");
    }
  }

  @Test
  void badArgumentsExitTwoWithOneLine() throws Exception {
    String wasm = example("examples/wat-plugin/plugin.wasm");

    Result noCases = run("plugin", "test", dir.toString(), "--wasm", wasm);
    Result noDirectory = run("plugin", "test", dir.resolve("nope").toString(), "--wasm", wasm);
    Result noPlugin = run("plugin", "test", dir.toString());

    assertThat(noCases.exit()).isEqualTo(2);
    assertThat(noCases.err()).startsWith("plugin test: no cases in ");
    assertThat(noDirectory.exit()).isEqualTo(2);
    assertThat(noDirectory.err()).contains("not a directory");
    assertThat(noPlugin.exit()).isEqualTo(2);
    assertThat(noPlugin.err()).contains("--wasm FILE or --grpc HOST:PORT");
  }
}
