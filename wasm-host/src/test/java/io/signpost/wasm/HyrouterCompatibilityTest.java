package io.signpost.wasm;

import static io.signpost.wasm.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Hyrouter's own Go example module ({@code GOOS=wasip1 -buildmode=c-shared}) unchanged. The
 * module is not copied into this repository (Hyrouter's licence is source-available, not
 * permissive): it is read from the local Hyrouter mirror and the test is skipped, with the reason
 * shown, when the mirror is absent.
 */
class HyrouterCompatibilityTest {
  static final Path MIRROR = Path.of("/work/.mirror/Hybrowse+hyrouter/repo");

  @TempDir Path dir;

  private Path extractModule() throws IOException, InterruptedException {
    assumeTrue(
        Files.isDirectory(MIRROR),
        "Hyrouter mirror not present at " + MIRROR + "; skipping the Go module compatibility test");
    Path out = dir.resolve("hyrouter-plugin.wasm");
    Process git =
        new ProcessBuilder(
                "git", "-C", MIRROR.toString(), "show", "HEAD:examples/wasm-plugin/plugin.wasm")
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    boolean done = git.waitFor(30, TimeUnit.SECONDS);
    assumeTrue(
        done && git.exitValue() == 0 && Files.size(out) > 0,
        "cannot read examples/wasm-plugin/plugin.wasm from the Hyrouter mirror");
    return out;
  }

  @Test
  void goWasip1ModuleFromHyrouterWorksUnchanged() throws Exception {
    Path module = extractModule();
    WasmOptions options = WasmOptions.of(module).withPoolSize(2).withRecycleAfterCalls(50);
    try (Fixtures.TestContext ctx = new Fixtures.TestContext();
        Plugin plugin =
            WasmPlugins.load("hyrouter-go", options, null, Duration.ofSeconds(30), ctx.context)) {
      ConnectResponse denied = call(plugin, "deny");
      assertThat(denied.deny()).isTrue();
      assertThat(denied.denyReason()).isEqualTo("denied by wasm plugin");

      for (int i = 0; i < 200; i++) {
        ConnectResponse routed = call(plugin, "alice");
        assertThat(routed.deny()).isFalse();
        assertThat(routed.backend().host()).isEqualTo("play.hyvane.com");
        assertThat(routed.backend().port()).isEqualTo(5520);
        assertThat(new String(routed.referralContent(), StandardCharsets.UTF_8))
            .isEqualTo("wasm-plugin");
      }
      assertThat(
              ctx.registry
                  .get("signpost.wasm.instance.replacements")
                  .tag("plugin", "hyrouter-go")
                  .tag("reason", "recycle_calls")
                  .counter()
                  .count())
          .as("the module never frees, so its instances are recycled")
          .isGreaterThanOrEqualTo(3.0);
    }
  }

  private static ConnectResponse call(Plugin plugin, String username) {
    return plugin
        .onConnect(request(username, "u-1"), Deadline.after(Duration.ofSeconds(30)))
        .join();
  }
}
