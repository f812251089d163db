package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.config.ConfigFormat;
import io.signpost.config.ConfigLoader;
import io.signpost.plugin.PluginWarmUpException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Startup waits for the plugins' warm-up; what happens to a plugin that is not warm in time. */
@Timeout(120)
class PluginStartupIT {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String CONFIG =
      """
      listen: "127.0.0.1:0"
      admin:
        listen: "127.0.0.1:%d"
      limits:
        shutdown_grace: 1s
        connect_timeout: 60s
        %s
      routing:
        default:
          strategy: round_robin
          backends: [{host: game.internal, port: 5601}]
      plugins:
        - {name: %s, type: fake, stage: deny, on_error: %s, config: {warm_up: %s}}
      """;

  private final FakePlugins fakes = new FakePlugins();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  private static String config(
      int adminPort, String limit, String plugin, String onError, String warmUp) {
    return CONFIG.formatted(adminPort, limit, plugin, onError, warmUp);
  }

  private SignpostRuntime start(String yaml) throws Exception {
    return SignpostRuntime.start(
        ConfigLoader.parse(yaml, ConfigFormat.YAML, fakes.factories()).config());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFailClosedPluginThatIsNotWarmInTimeStopsTheStart() {
    String yaml = config(0, "plugin_startup_timeout: 200ms", "gate", "deny", "never");

    assertThatThrownBy(() -> start(yaml))
        .isInstanceOf(PluginWarmUpException.class)
        .hasMessage(
            "plugin gate: not warm within limits.plugin_startup_timeout (200ms) and on_error is"
                + " deny, so the router does not start: its warm-up did not complete");
    assertThat(fakes.closed()).containsExactly("gate");
  }

  @Test
  void aFailOpenPluginThatIsNotWarmInTimeStartsDegradedUntilItAnswers() throws Exception {
    String yaml = config(0, "plugin_startup_timeout: 200ms", "geo", "continue", "never");

    try (RunningRouter router = RunningRouter.start(yaml, fakes.factories())) {
      HttpResponse<String> degraded = router.admin("/readyz");
      assertThat(degraded.statusCode()).isEqualTo(200);
      JsonNode body = MAPPER.readTree(degraded.body());
      assertThat(body.get("degraded").toString()).isEqualTo("[\"plugin:geo\"]");
      assertThat(body.get("reasons").get(0).asText())
          .isEqualTo(
              "plugin:geo not warm: no answer within 200ms of startup (its warm-up did not"
                  + " complete)");

      assertThat(router.send("play.example.com", RunningRouter.connect("alice", null)).isReferral())
          .isTrue();

      JsonNode after = MAPPER.readTree(router.admin("/readyz").body());
      assertThat(after.get("degraded").toString()).isEqualTo("[]");
    }
  }

  @Test
  void readyzSaysNotReadyWhileThePluginsWarmUp() throws Exception {
    int adminPort = freePort();
    String yaml = config(adminPort, "plugin_startup_timeout: 60s", "gate", "deny", "manual");

    CompletableFuture<SignpostRuntime> starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return start(yaml);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    SignpostRuntime runtime = null;
    try {
      HttpResponse<String> warming = awaitAdmin(adminPort, "/readyz");
      assertThat(warming.statusCode()).isEqualTo(503);
      JsonNode body = MAPPER.readTree(warming.body());
      assertThat(body.get("listening").asBoolean()).isFalse();
      assertThat(body.get("not_ready").toString()).isEqualTo("[\"listener\",\"plugin:gate\"]");
      assertThat(body.get("reasons"))
          .extracting(JsonNode::asText)
          .containsExactly(
              "listener not accepting connections",
              "plugin:gate warming up: no answer yet (waiting up to 1m0s)");
      assertThat(get(adminPort, "/healthz").statusCode()).isEqualTo(200);
      assertThat(starting).isNotDone();

      fakes.warmUp("gate").complete(null);
      runtime = starting.get(30, TimeUnit.SECONDS);

      assertThat(get(adminPort, "/readyz").statusCode()).isEqualTo(200);
    } finally {
      fakes.warmUp("gate").complete(null);
      if (runtime == null) {
        runtime = starting.get(30, TimeUnit.SECONDS);
      }
      runtime.close();
    }
  }

  /** The first answer of the admin endpoint, which comes up while the router starts. */
  private HttpResponse<String> awaitAdmin(int port, String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return get(port, path);
      } catch (ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
