package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A plugin in stage deny that fails open lets clients through when it fails: validation says so.
 */
class DenyStageFailOpenWarningTest {

  private static final String ROUTING =
      """
      routing:
        default:
          strategy: round_robin
          backends: [{host: a, port: 1}]
      """;

  @Test
  void aDenyStagePluginThatFailsOpenEarnsAWarning() throws Exception {
    LoadedConfig loaded =
        ConfigLoaderTest.yaml(
            ROUTING
                + """
                plugins:
                  - {name: ban, type: grpc, stage: deny, grpc: {address: "127.0.0.1:1"}}
                  - {name: auth, type: grpc, stage: deny, on_error: fail_open,
                     grpc: {address: "127.0.0.1:2"}}
                  - {name: gate, type: grpc, stage: deny, on_error: deny,
                     grpc: {address: "127.0.0.1:3"}}
                  - {name: geo, type: grpc, grpc: {address: "127.0.0.1:4"}}
                """);

    assertThat(loaded.warnings())
        .extracting(Object::toString)
        .containsExactly(
            "warning: plugins[0].on_error: not set, so continue in stage deny: a failing plugin"
                + " lets clients through (expected: on_error: deny, unless admitting everyone"
                + " while the plugin fails is acceptable)",
            "warning: plugins[1].on_error: continue in stage deny: a failing plugin lets clients"
                + " through (expected: on_error: deny, unless admitting everyone while the plugin"
                + " fails is acceptable)");
  }
}
