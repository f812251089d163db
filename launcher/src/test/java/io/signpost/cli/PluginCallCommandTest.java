package io.signpost.cli;

import static io.signpost.cli.SignpostCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.grpc.Status;
import io.signpost.cli.SignpostCommandTest.Result;
import io.signpost.grpc.server.PluginServer;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.PluginJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plugin call}: the sample request, the plugin's own errors, failures under --repeat. */
class PluginCallCommandTest {

  @TempDir Path dir;

  /** A module whose on_connect never returns. */
  private static final String ENDLESS =
      """
      (module
        (memory (export "memory") 1)
        (func (export "alloc") (param i32) (result i32) (i32.const 1024))
        (func (export "on_connect") (param i32 i32) (result i64)
          (loop $forever (br $forever))
          (i64.const 0)))
      """;

  @Test
  void samplePrintsARequestThatDecodesAndNeedsNoPlugin() throws Exception {
    Result result = run("plugin", "call", "--sample");

    assertThat(result.exit()).as(result.err()).isZero();
    ConnectRequest sample = PluginJson.decodeRequest(result.out().getBytes(StandardCharsets.UTF_8));
    assertThat(sample.event().sni()).isEqualTo("play.example.com");
    assertThat(sample.candidates()).hasSize(2);
    assertThat(sample.backend()).isEqualTo(sample.candidates().get(0));
  }

  @Test
  void theSampleIsTheRequestSentWhenNoneIsGiven() throws Exception {
    Path request = dir.resolve("request.json");
    Files.writeString(request, run("plugin", "call", "--sample").out());
    String wasm = ExamplePlugins.rustWasm().toString();

    // Generous: the first Wasm call of the JVM loads and links its runtime, which takes more than
    // the default 1s on a busy machine.
    Result fromFile =
        run("plugin", "call", "--wasm", wasm, "--request", request.toString(), "--timeout", "60s");
    Result byDefault = run("plugin", "call", "--wasm", wasm, "--timeout", "60s");

    assertThat(fromFile.exit()).as(fromFile.err()).isZero();
    assertThat(fromFile.out()).isEqualTo(byDefault.out()).contains("\"referral_content\"");
  }

  @Test
  void aWasmPluginStoppedAtItsTimeLimitReportsItsOwnError() throws Exception {
    Path endless = dir.resolve("endless.wasm");
    Files.write(endless, Wat2Wasm.parse(ENDLESS));

    Result result = run("plugin", "call", "--wasm", endless.toString(), "--timeout", "200ms");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("call failed: plugin cli: on_connect stopped at its time limit (timeout)")
        .doesNotContain("no answer within");
  }

  @Test
  void aSlowGrpcPluginReportsItsDeadline() throws Exception {
    try (PluginServer server =
        PluginServer.builder(
                r -> {
                  try {
                    Thread.sleep(3_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return ConnectResponse.EMPTY;
                })
            .host("127.0.0.1")
            .port(0)
            .build()
            .start()) {
      Result result =
          run("plugin", "call", "--grpc", "127.0.0.1:" + server.port(), "--timeout", "200ms");

      assertThat(result.exit()).isEqualTo(1);
      assertThat(result.err())
          .contains("call failed: plugin cli: ")
          .contains("DEADLINE_EXCEEDED")
          .doesNotContain("no answer within");
    }
  }

  @Test
  void repeatReportsPercentilesAndTheFailuresWhenSomeCallsFail() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (PluginServer server =
        PluginServer.builder(
                r -> {
                  if (calls.incrementAndGet() % 4 == 0) {
                    throw Status.PERMISSION_DENIED
                        .withDescription("every fourth")
                        .asRuntimeException();
                  }
                  return ConnectResponse.EMPTY;
                })
            .host("127.0.0.1")
            .port(0)
            .build()
            .start()) {
      // Only the server's failures may fail calls: the default 1s would let a busy machine fail
      // more, and change the counts.
      Result result =
          run(
              "plugin",
              "call",
              "--grpc",
              "127.0.0.1:" + server.port(),
              "--repeat",
              "40",
              "--timeout",
              "60s");

      assertThat(result.exit()).as("a failed call fails the command").isEqualTo(1);
      assertThat(result.out())
          .contains("calls=40  ok=30  failed=10")
          .contains("p50=")
          .contains("(percentiles of the 30 calls that answered)")
          .contains("failed 10x: plugin cli: ")
          .contains("every fourth");
    }
  }

  @Test
  void repeatWhenEveryCallFailsSaysThereAreNoPercentiles() throws Exception {
    Path endless = dir.resolve("endless.wasm");
    Files.write(endless, Wat2Wasm.parse(ENDLESS));

    Result result =
        run("plugin", "call", "--wasm", endless.toString(), "--timeout", "100ms", "--repeat", "2");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .contains("calls=2  ok=0  failed=2")
        .contains("no call answered: no percentiles");
  }
}
