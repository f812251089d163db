package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code shadow: true} on a plugin entry: read with the common fields, validated like them. */
class ShadowPluginConfigTest {

  private static final String ROUTING =
      """
      routing:
        default:
          strategy: round_robin
          backends: [{host: a, port: 1}]
      """;

  private static List<PluginConfig> plugins(LoadedConfig loaded) {
    return loaded.config().plugins().stream().map(PluginSpec::config).toList();
  }

  @Test
  void aNewVersionIsShadowedBesideTheOldOne() throws Exception {
    LoadedConfig loaded =
        ConfigLoaderTest.yaml(
            ROUTING
                + """
                plugins:
                  - {name: auth, type: grpc, stage: deny, on_error: deny,
                     grpc: {address: "127.0.0.1:1"}}
                  - {name: auth-next, type: grpc, stage: deny, shadow: true, before: [auth],
                     timeout: 300ms, grpc: {address: "127.0.0.1:2"}}
                """);

    List<PluginConfig> plugins = plugins(loaded);
    assertThat(plugins).extracting(PluginConfig::shadow).containsExactly(false, true);
    assertThat(plugins.get(1).before()).containsExactly("auth");
    // A shadow in stage deny fails open by nature: no warning about on_error.
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void theDefaultIsNotAShadow() throws Exception {
    LoadedConfig loaded =
        ConfigLoaderTest.yaml(
            ROUTING
                + """
                plugins:
                  - {name: geo, type: grpc, grpc: {address: "127.0.0.1:1"}}
                """);

    assertThat(plugins(loaded).get(0).shadow()).isEqualTo(ConfigDefaults.PLUGIN_SHADOW).isFalse();
  }

  @Test
  void onErrorOnAShadowIsIgnoredWithAWarning() throws Exception {
    LoadedConfig loaded =
        ConfigLoaderTest.yaml(
            ROUTING
                + """
                plugins:
                  - {name: auth-next, type: grpc, stage: deny, shadow: true, on_error: deny,
                     grpc: {address: "127.0.0.1:2"}}
                """);

    assertThat(plugins(loaded).get(0).onError()).isEqualTo(OnError.CONTINUE);
    assertThat(loaded.warnings())
        .extracting(Object::toString)
        .containsExactly(
            "warning: plugins[0].on_error: ignored: the failures of a shadow plugin are never"
                + " applied (expected: no on_error on an entry with shadow: true)");
  }

  @Test
  void aShadowNeedsAUniqueNameAndABoolean() {
    List<String> errors =
        ConfigLoaderTest.errors(
            ROUTING
                + """
                plugins:
                  - {name: auth, type: grpc, grpc: {address: "127.0.0.1:1"}}
                  - {name: auth, type: grpc, shadow: true, grpc: {address: "127.0.0.1:2"}}
                  - {name: geo, type: grpc, shadow: maybe, grpc: {address: "127.0.0.1:3"}}
                """);

    assertThat(errors)
        .containsExactly(
            "plugins[1].name: duplicate plugin name \"auth\" (expected: unique names)",
            "plugins[2].shadow: \"maybe\" (expected: true or false)");
  }

  @Test
  void aShadowsTimeoutDoesNotCountTowardsTheAnswerDeadline() throws Exception {
    LoadedConfig loaded =
        ConfigLoaderTest.yaml(
            ROUTING
                + """
                limits: {connect_timeout: 2s}
                plugins:
                  - {name: geo, type: grpc, timeout: 1s, grpc: {address: "127.0.0.1:1"}}
                  - {name: geo-next, type: grpc, shadow: true, timeout: 5s,
                     grpc: {address: "127.0.0.1:2"}}
                """);

    assertThat(loaded.warnings()).isEmpty();
  }
}
