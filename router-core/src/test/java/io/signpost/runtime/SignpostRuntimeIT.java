package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import io.signpost.config.AdminConfig;
import io.signpost.config.ConfigFormat;
import io.signpost.config.ConfigLoader;
import io.signpost.config.SignpostConfig;
import io.signpost.decision.DecisionLog;
import org.junit.jupiter.api.Test;

class SignpostRuntimeIT {

  @Test
  void eachPluginSectionIsReadOnceAndItsOptionsReachCreate() throws Exception {
    FakePlugins fakes = new FakePlugins();
    SignpostConfig config =
        ConfigLoader.parse(
                """
                listen: "127.0.0.1:0"
                admin: {listen: ""}
                routing:
                  default:
                    strategy: round_robin
                    backends: [{host: game.internal, port: 5601}]
                plugins:
                  - {name: gate, type: fake, stage: deny, config: {rules: {}}}
                  - {name: geo, type: fake}
                """,
                ConfigFormat.YAML,
                fakes.factories())
            .config();
    assertThat(fakes.reads).containsOnly(entry("gate", 1), entry("geo", 1));
    try (SignpostRuntime runtime = SignpostRuntime.start(config)) {
      assertThat(runtime.chain().links()).hasSize(2);
    }
    assertThat(fakes.reads)
        .as("not read again at startup")
        .containsOnly(entry("gate", 1), entry("geo", 1));
    assertThat(fakes.createdWith.get("gate")).isSameAs(config.plugins().get(0).options());
  }

  @Test
  void aFailureWhileAssemblingClosesThePluginsAlreadyBuilt() throws Exception {
    FakePlugins fakes = new FakePlugins();
    SignpostConfig loaded =
        ConfigLoader.parse(
                """
                listen: "127.0.0.1:0"
                routing:
                  default:
                    strategy: round_robin
                    backends: [{host: game.internal, port: 5601}]
                plugins:
                  - {name: gate, type: fake, stage: deny}
                """,
                ConfigFormat.YAML,
                fakes.factories())
            .config();
    // Built in code, not loaded: the loader refuses this size, the decision log throws for it.
    SignpostConfig config =
        new SignpostConfig(
            loaded.listen(),
            loaded.tls(),
            loaded.quic(),
            loaded.logging(),
            loaded.routing(),
            loaded.referral(),
            loaded.messages(),
            loaded.discoveryProviders(),
            loaded.plugins(),
            loaded.limits(),
            new AdminConfig(null, DecisionLog.MAX_SIZE + 1, true));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignpostRuntime.start(config))
        .withMessageContaining("capacity");
    assertThat(fakes.closed()).containsExactly("gate");
  }
}
