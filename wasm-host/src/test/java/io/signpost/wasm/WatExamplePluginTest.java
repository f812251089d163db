package io.signpost.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs examples/wat-plugin and keeps its committed plugin.wasm in step with plugin.wat. Run with
 * {@code -Dsignpost.writeWatExample=true} to rewrite plugin.wasm after editing the source.
 */
class WatExamplePluginTest {
  private static final Path DIR = Fixtures.repoRoot().resolve("examples/wat-plugin");

  @Test
  void committedModuleMatchesItsSource() throws Exception {
    byte[] compiled = Wat2Wasm.parse(Files.readString(DIR.resolve("plugin.wat")));
    if (Boolean.getBoolean("signpost.writeWatExample")) {
      Files.write(DIR.resolve("plugin.wasm"), compiled);
    }
    assertThat(Files.readAllBytes(DIR.resolve("plugin.wasm"))).isEqualTo(compiled);
  }

  @Test
  void deniesTheDenyUserAndSetsReferralContentOtherwise() {
    try (Plugin plugin =
        WasmPlugins.load(
            WasmOptions.of(DIR.resolve("plugin.wasm")), null, Duration.ofSeconds(30))) {
      ConnectResponse denied = call(plugin, "deny");
      assertThat(denied.deny()).isTrue();
      assertThat(denied.denyReason()).isEqualTo("denied by wat plugin");
      ConnectResponse routed = call(plugin, "alice");
      assertThat(routed.deny()).isFalse();
      assertThat(new String(routed.referralContent(), StandardCharsets.UTF_8))
          .isEqualTo("wat-plugin");
    }
  }

  private static ConnectResponse call(Plugin plugin, String username) {
    return plugin
        .onConnect(Fixtures.request(username, "u"), Deadline.after(Duration.ofSeconds(30)))
        .join();
  }
}
