package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.protocol.HostAddress;
import io.signpost.runtime.RunningRouter.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A shadow plugin on live traffic over QUIC on loopback: a new version of the deny plugin that
 * denies everyone, beside the real one. Clients get what the real chain decides; the metrics and
 * the decision log say how often the new version disagreed.
 */
@Timeout(120)
class ShadowPluginEndToEndIT {

  static final String CONFIG =
      """
      listen: "127.0.0.1:0"
      admin:
        listen: "127.0.0.1:0"
      limits:
        max_new_connections_per_source: 100000
        connect_timeout: 30s
        shutdown_grace: 1s
        plugin_startup_timeout: 500ms
      routing:
        default:
          strategy: round_robin
          backends:
            - host: game-1.internal
              port: 5601
      plugins:
        - name: gate
          type: fake
          stage: deny
          on_error: deny
          config:
            rules:
              banned.example.com: {deny: true, reason: "You are banned."}
        - name: gate-next
          type: fake
          stage: deny
          shadow: true
          before: [gate]
          timeout: 200ms
          config:
            warm_up: never
            rules:
              hang.example.com: {hang: true}
              "*": {deny: true, reason: "everyone out"}
      """;

  private final FakePlugins plugins = new FakePlugins();
  private RunningRouter router;

  @BeforeEach
  void start() throws Exception {
    router = RunningRouter.start(CONFIG, plugins.factories());
  }

  @AfterEach
  void stop() {
    router.close();
  }

  private double sample(String series) {
    try {
      return Metrics.sample(router.admin("/metrics").body(), series).orElse(0.0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aShadowThatDeniesEverythingChangesNoAnswerAndIsCounted() throws Exception {
    for (int i = 0; i < 3; i++) {
      Answer answer = router.send("play.example.com", RunningRouter.connect("alice", "en"));
      assertThat(answer.isReferral()).as(answer.toString()).isTrue();
      assertThat(answer.referralPacket().target())
          .isEqualTo(new HostAddress("game-1.internal", 5601));
    }
    assertThat(plugins.nextRequest("gate-next").event().sni()).isEqualTo("play.example.com");

    Metrics.awaitValue(
        () -> sample("signpost_shadow_calls_total{plugin=\"gate-next\",result=\"disagree\"}"), 3);
    Metrics.awaitValue(
        () -> sample("signpost_shadow_disagreements_total{kind=\"deny\",plugin=\"gate-next\"}"), 3);
    assertThat(sample("signpost_shadow_calls_total{plugin=\"gate-next\",result=\"agree\"}"))
        .isZero();
    assertThat(sample("signpost_decisions_total{outcome=\"referral\",route=\"default\"}"))
        .isEqualTo(3);
    String decisions = router.admin("/debug/decisions?limit=1").body();
    assertThat(decisions)
        .contains(
            "\"plugin\":\"gate-next\",\"stage\":\"deny\"",
            "\"shadow\":{\"result\":\"disagree\",\"disagreements\":[\"deny\"]}");
  }

  @Test
  void aShadowThatDeniesWhatTheChainDeniesAgrees() throws Exception {
    Answer answer = router.send("banned.example.com", RunningRouter.connect("mallory", "en"));

    assertThat(answer.isDisconnect()).isTrue();
    assertThat(answer.reason()).isEqualTo("You are banned.");
    Metrics.awaitValue(
        () -> sample("signpost_shadow_calls_total{plugin=\"gate-next\",result=\"agree\"}"), 1);
  }

  @Test
  void aHangingShadowDelaysNothingAndTimesOutOnItsOwn() throws Exception {
    Answer answer = router.send("hang.example.com", RunningRouter.connect("bob", "en"));

    assertThat(answer.isReferral()).isTrue();
    Metrics.awaitValue(
        () -> sample("signpost_shadow_calls_total{plugin=\"gate-next\",result=\"timeout\"}"), 1);
    Metrics.awaitValue(() -> sample("signpost_shadow_in_flight{plugin=\"gate-next\"}"), 0);
  }

  @Test
  void aShadowThatNeverWarmsUpLeavesTheRouterReady() throws Exception {
    HttpResponse<String> ready = router.admin("/readyz");

    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("\"degraded\":[\"plugin:gate-next\"]");
  }
}
