package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.runtime.RunningRouter.Answer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin endpoint over HTTP, after decisions driven through QUIC. */
@Timeout(60)
class AdminEndToEndIT {

  static final String CONFIG =
      """
      listen: "127.0.0.1:0"
      admin:
        listen: "127.0.0.1:0"
      limits:
        max_new_connections_per_source: 100000
        connect_timeout: 60s
        shutdown_grace: 1s
      routing:
        routes:
          - match:
              hostname: "*.example.com"
            pool:
              strategy: round_robin
              backends:
                - host: game-1.internal
                  port: 5601
      plugins:
        - name: gate
          type: fake
          stage: deny
          config:
            rules:
              banned.example.com: {deny: true, reason: "You are banned."}
              loud.example.com: {deny: true, reason: "go away!", reason_repeat: 131072}
        - name: guard
          type: fake
          on_error: deny
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

  @Test
  void metricsCountWhatQuicClientsCaused() throws Exception {
    List<String> referred = List.of("alice", "bob", "carol");
    List<String> unrouted = List.of("dave", "erin");
    for (String name : referred) {
      assertThat(router.send("play.example.com", RunningRouter.connect(name, null)).isReferral())
          .isTrue();
    }
    for (String name : unrouted) {
      assertThat(router.send("lobby.other.net", RunningRouter.connect(name, null)).isDisconnect())
          .isTrue();
    }
    assertThat(router.send("banned.example.com", RunningRouter.connect("frank", null)).reason())
        .isEqualTo("You are banned.");

    HttpResponse<String> response = router.admin("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    String scrape = response.body();
    assertThat(sample(scrape, "signpost_decisions_total{outcome=\"referral\",route=\"routes[0]\"}"))
        .isEqualTo(3.0);
    assertThat(sample(scrape, "signpost_decisions_total{outcome=\"no_route\",route=\"none\"}"))
        .isEqualTo(2.0);
    assertThat(sample(scrape, "signpost_decisions_total{outcome=\"deny\",route=\"routes[0]\"}"))
        .isEqualTo(1.0);
    assertThat(sample(scrape, "signpost_connections_accepted_total")).isEqualTo(6.0);
    // The chain runs for unrouted clients too (Hyrouter does), so gate saw all six.
    assertThat(sample(scrape, "signpost_plugin_calls_total{plugin=\"gate\",result=\"ok\"}"))
        .isEqualTo(6.0);
    assertThat(sample(scrape, "signpost_plugin_denies_total{plugin=\"gate\"}")).isEqualTo(1.0);
    assertThat(sample(scrape, "signpost_plugin_calls_total{plugin=\"guard\",result=\"ok\"}"))
        .isEqualTo(5.0);
    assertThat(sample(scrape, "signpost_plugin_denies_total{plugin=\"guard\"}")).isEqualTo(0.0);
    assertThat(
            sample(
                scrape,
                "signpost_backend_selected_total{backend=\"game-1.internal:5601\",route=\"routes[0]\"}"))
        .isEqualTo(3.0);
    assertThat(sample(scrape, "signpost_handshakes_failed_total{reason=\"alpn\"}")).isEqualTo(0.0);
    BuildInfo build = BuildInfo.current();
    assertThat(
            sample(
                scrape,
                "signpost_build_info{commit=\""
                    + build.commit()
                    + "\",version=\""
                    + build.version()
                    + "\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void decisionLogListsDecisionsNewestFirstWithRedactedNames() throws Exception {
    router.send("play.example.com", RunningRouter.connect("alice", "en"));
    router.send("lobby.other.net", RunningRouter.connect("bob", "en"));
    Answer denied = router.send("banned.example.com", RunningRouter.connect("carol", "en"));
    assertThat(denied.reason()).isEqualTo("You are banned.");

    HttpResponse<String> response = router.admin("/debug/decisions");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode decisions = new ObjectMapper().readTree(response.body()).path("decisions");
    List<String> outcomes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> snis = new ArrayList<>();
    decisions.forEach(
        d -> {
          outcomes.add(d.path("outcome").asText());
          names.add(d.path("username").asText());
          snis.add(d.path("sni").asText());
        });
    assertThat(outcomes).containsExactly("deny", "no_route", "referral");
    assertThat(snis).containsExactly("banned.example.com", "lobby.other.net", "play.example.com");
    assertThat(names).containsExactly("ca***", "b***", "al***");
    assertThat(decisions.get(2).path("backend").asText()).isEqualTo("game-1.internal:5601");
    assertThat(decisions.get(2).path("route").asText()).isEqualTo("routes[0]");
    assertThat(decisions.get(0).path("steps").get(0).path("plugin").asText()).isEqualTo("gate");
    assertThat(decisions.get(0).path("uuid").isNull()).isTrue();
    assertThat(response.body()).doesNotContain("alice", "carol");
  }

  @Test
  void aMebibyteDenyReasonReachesTheClientAndTheDecisionLogCut() throws Exception {
    String cut = "go away!".repeat(32);

    Answer denied = router.send("loud.example.com", RunningRouter.connect("gina", "en"));
    HttpResponse<String> response = router.admin("/debug/decisions");

    assertThat(denied.reason()).isEqualTo(cut);
    assertThat(response.body()).hasSizeLessThan(4096);
    JsonNode decision = new ObjectMapper().readTree(response.body()).path("decisions").get(0);
    assertThat(decision.path("reason").asText()).isEqualTo(cut);
    assertThat(decision.path("steps").get(0).path("ignored").get(0).asText())
        .isEqualTo("deny_reason: cut from 1048576 to 256 characters");
  }

  @Test
  void healthAndReadiness() throws Exception {
    HttpResponse<String> health = router.admin("/healthz");
    HttpResponse<String> ready = router.admin("/readyz");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(ready.body()).path("status").asText())
        .isEqualTo("ready");

    plugins.setReady("guard", false);
    HttpResponse<String> blocked = router.admin("/readyz");
    plugins.setReady("gate", false);
    plugins.setReady("guard", true);
    HttpResponse<String> degraded = router.admin("/readyz");

    assertThat(blocked.statusCode()).isEqualTo(503);
    JsonNode blockedBody = new ObjectMapper().readTree(blocked.body());
    assertThat(blockedBody.path("status").asText()).isEqualTo("not_ready");
    assertThat(blockedBody.path("not_ready").toString()).isEqualTo("[\"plugin:guard\"]");
    assertThat(degraded.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(degraded.body()).path("degraded").toString())
        .isEqualTo("[\"plugin:gate\"]");
  }

  private static Double sample(String scrape, String series) {
    return Metrics.sample(scrape, series)
        .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + scrape));
  }
}
