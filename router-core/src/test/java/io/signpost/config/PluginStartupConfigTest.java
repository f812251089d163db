package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code limits.plugin_startup_timeout} and the warning for a deny-stage plugin that fails open.
 */
class PluginStartupConfigTest {

  private static final String ROUTING =
      """
      routing:
        default:
          strategy: round_robin
          backends: [{host: a, port: 1}]
      """;

  @Test
  void startupTimeoutDefaultsToThirtySeconds() throws Exception {
    LoadedConfig loaded = ConfigLoaderTest.yaml(ROUTING);
    assertThat(loaded.config().limits().pluginStartupTimeout())
        .isEqualTo(ConfigDefaults.PLUGIN_STARTUP_TIMEOUT)
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void startupTimeoutIsAGoDurationAndMayBeZero() throws Exception {
    assertThat(
            ConfigLoaderTest.yaml(ROUTING + "limits: {plugin_startup_timeout: 1m30s}")
                .config()
                .limits()
                .pluginStartupTimeout())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(
            ConfigLoaderTest.yaml(ROUTING + "limits: {plugin_startup_timeout: 0}")
                .config()
                .limits()
                .pluginStartupTimeout())
        .isZero();
  }

  @Test
  void aNegativeOrMalformedStartupTimeoutIsAnError() {
    assertThat(ConfigLoaderTest.errors(ROUTING + "limits: {plugin_startup_timeout: -1s}"))
        .containsExactly("limits.plugin_startup_timeout: -1s (expected: >= 0)");
    assertThat(ConfigLoaderTest.errors(ROUTING + "limits: {plugin_startup_timeout: soon}"))
        .singleElement()
        .asString()
        .startsWith("limits.plugin_startup_timeout: ");
  }
}
