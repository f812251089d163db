package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChainDeadlineWarningTest {

  private static LoadedConfig parse(String text) throws ConfigException {
    return ConfigLoader.parse(text, ConfigFormat.YAML, FakePluginFactory.grpcAndWasm());
  }

  @Test
  void warnsWhenThePluginTimeoutsAddUpToMoreThanTheConnectTimeout() throws Exception {
    LoadedConfig loaded =
        parse(
            """
            routing:
              default:
                strategy: round_robin
                backends: [{host: a, port: 1}]
            plugins:
              - {name: a, type: grpc, timeout: 3s, grpc: {address: "127.0.0.1:1"}}
              - {name: b, type: wasm, timeout: 2500ms, wasm: {path: x.wasm}}
            """);

    assertThat(loaded.warnings())
        .extracting(Object::toString)
        .containsExactly(
            "warning: limits.connect_timeout: 5s is shorter than the plugins' timeouts added up"
                + " (5.5s): a chain of slow plugins is answered with internal_error instead of"
                + " their on_error policy (expected: at least the sum of the plugin timeouts)");
  }

  @Test
  void quietWhenTheConnectTimeoutCoversTheChain() throws Exception {
    LoadedConfig loaded =
        parse(
            """
            limits:
              connect_timeout: 10s
            routing:
              default:
                strategy: round_robin
                backends: [{host: a, port: 1}]
            plugins:
              - {name: a, type: grpc, timeout: 3s, grpc: {address: "127.0.0.1:1"}}
              - {name: b, type: wasm, timeout: 2500ms, wasm: {path: x.wasm}}
            """);

    assertThat(loaded.warnings()).isEmpty();
  }
}
