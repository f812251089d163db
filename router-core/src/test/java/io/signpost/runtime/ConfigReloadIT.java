package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LoadedConfig;
import io.signpost.metrics.ConfigMetrics;
import io.signpost.protocol.ClientReferralPacket;
import io.signpost.testing.Await;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading a running router from its file: what is kept, what is rebuilt, what is refused.
 *
 * <p>The decision deadline ({@code connect_timeout}) and the time limit of the plugin that holds
 * its answer are far above what any connection here needs, so a busy machine cannot cut a decision
 * or end a held call before the test releases it.
 */
@Timeout(180)
class ConfigReloadIT {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private final FakePlugins fakes = new FakePlugins();
  private RunningRouter router;
  private Path file;

  @AfterEach
  void stop() {
    if (router != null) {
      router.close();
    }
  }

  /** A config routing everything to {@code host:port}, with {@code plugins} (YAML list items). */
  private static String config(String host, int port, String... plugins) {
    StringBuilder yaml =
        new StringBuilder(
            """
            listen: "127.0.0.1:0"
            admin:
              listen: "127.0.0.1:0"
            referral:
              hmac_secret: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTAx"
            limits:
              shutdown_grace: 1s
              connect_timeout: 60s
              max_new_connections_per_source: 1000000
            routing:
              default:
                strategy: round_robin
                backends: [{host: %s, port: %d}]
            """
                .formatted(host, port));
    if (plugins.length > 0) {
      yaml.append("plugins:\n");
      for (String p : plugins) {
        yaml.append("  - ").append(p).append('\n');
      }
    }
    return yaml.toString();
  }

  /** Starts from {@code yaml} in a file that is reloaded only when a test says so. */
  private void start(String yaml) throws Exception {
    start(yaml, false);
  }

  private void start(String yaml, boolean watched) throws Exception {
    file = Files.writeString(dir.resolve("signpost.yaml"), yaml);
    ConfigSource file = ConfigSource.file(this.file, fakes.factories(), Map.of());
    ConfigSource source = watched ? file : unwatched(file);
    LoadedConfig loaded = source.load();
    router = RunningRouter.around(SignpostRuntime.start(loaded, source, Map.of()));
  }

  private static ConfigSource unwatched(ConfigSource source) {
    return new ConfigSource() {
      @Override
      public LoadedConfig load() throws io.signpost.config.ConfigException {
        return source.load();
      }

      @Override
      public List<Path> files() {
        return List.of();
      }

      @Override
      public String describe() {
        return source.describe();
      }
    };
  }

  @Test
  void aChangedFileIsReloadedOnceItsContentSettles() throws Exception {
    start(config("one.internal", 5601), true);
    Files.writeString(file, config("two.internal", 5602));

    Eventually.until(
        "the watcher reloads the file", () -> router.runtime.generation(), g -> g == 2L);
    assertThat(referral("play.example.com").target().host()).isEqualTo("two.internal");
    Files.writeString(file, "listen: [");
    Eventually.until(
        "the broken file is refused", () -> reloads(ConfigMetrics.Result.REFUSED), n -> n >= 1.0);
    assertThat(router.runtime.generation()).isEqualTo(2);
  }

  private ReloadResult reloadTo(String yaml) throws Exception {
    Files.writeString(file, yaml);
    return router.runtime.reload("test").get(60, TimeUnit.SECONDS);
  }

  private ClientReferralPacket referral(String sni) throws Exception {
    return router.send(sni, RunningRouter.connect("alice", "en")).referralPacket();
  }

  private double reloads(ConfigMetrics.Result result) {
    return router
        .runtime
        .registry()
        .get("signpost.config.reloads")
        .tag("result", result.tag())
        .counter()
        .count();
  }

  @Test
  void unchangedPluginsAreKeptChangedOnesRebuiltRemovedOnesClosed() throws Exception {
    start(
        config(
            "one.internal",
            5601,
            "{name: keep, type: fake, config: {rules: {}}}",
            "{name: change, type: fake, config: {rules: {}}}",
            "{name: drop, type: fake, config: {rules: {}}}"));
    assertThat(referral("play.example.com").target().host()).isEqualTo("one.internal");

    ReloadResult result =
        reloadTo(
            config(
                "two.internal",
                5602,
                "{name: keep, type: fake, config: {rules: {}}}",
                "{name: change, type: fake, config: {rules: {\"*\": {content: \"new\"}}}}",
                "{name: added, type: fake, config: {rules: {}}}"));

    assertThat(result.result()).isEqualTo(ConfigMetrics.Result.APPLIED);
    assertThat(result.generation()).isEqualTo(2);
    assertThat(result.kept()).containsExactly("keep");
    assertThat(result.created()).containsExactlyInAnyOrder("change", "added");
    assertThat(result.removed()).containsExactly("drop");
    assertThat(fakes.creations).containsEntry("keep", 1).containsEntry("change", 2);
    ClientReferralPacket after = referral("play.example.com");
    assertThat(after.target().host()).isEqualTo("two.internal");
    assertThat(after.target().port()).isEqualTo(5602);
    Eventually.until(
        "the removed and the replaced plugins are closed",
        fakes::closed,
        c -> c.containsAll(List.of("drop", "change")));
    assertThat(fakes.closed()).doesNotContain("keep", "added");
    assertThat(router.runtime.generation()).isEqualTo(2);
    assertThat(reloads(ConfigMetrics.Result.APPLIED)).isEqualTo(1.0);
  }

  @Test
  void aReloadWaitsForTheWarmUpOfThePluginsItCreatesNotOfThoseItKeeps() throws Exception {
    start(
        config(
            "one.internal",
            5601,
            "{name: keep, type: fake, on_error: deny, config: {rules: {}}}",
            "{name: change, type: fake, config: {rules: {}}}"));
    assertThat(fakes.warmUpCalls).containsEntry("keep", 1).containsEntry("change", 1);

    ReloadResult result =
        reloadTo(
            config(
                "one.internal",
                5601,
                "{name: keep, type: fake, on_error: deny, config: {rules: {}}}",
                "{name: change, type: fake, config: {rules: {\"*\": {content: \"new\"}}}}"));

    assertThat(result.result()).isEqualTo(ConfigMetrics.Result.APPLIED);
    assertThat(fakes.warmUpCalls).as("kept: warm already").containsEntry("keep", 1);
    assertThat(fakes.warmUpCalls).as("rebuilt: warmed again").containsEntry("change", 2);
  }

  @Test
  void requestsMadeWhileAReloadWaitsShareItInsteadOfQueueingOneEach() throws Exception {
    start(config("one.internal", 5601));
    Files.writeString(
        file,
        config(
            "one.internal",
            5601,
            "{name: slow, type: fake, config: {warm_up: manual, rules: {}}}"));
    CompletableFuture<ReloadResult> running = router.runtime.reload("first");
    Await.until(() -> fakes.warmUpCalls.containsKey("slow")); // started: now in its warm-up

    CompletableFuture<ReloadResult> waiting = router.runtime.reload("second");
    CompletableFuture<ReloadResult> third = router.runtime.reload("third");
    assertThat(waiting).isNotDone();
    assertThat(third).isNotDone();

    fakes.warmUp("slow").complete(null);
    assertThat(running.get(60, TimeUnit.SECONDS).result()).isEqualTo(ConfigMetrics.Result.APPLIED);
    ReloadResult shared = waiting.get(60, TimeUnit.SECONDS);
    assertThat(shared.result())
        .as("one reload for both requests, of the file as it was when it started")
        .isEqualTo(ConfigMetrics.Result.UNCHANGED);
    assertThat(third.get(60, TimeUnit.SECONDS)).isSameAs(shared);
  }

  @Test
  void aChangedModuleFileRebuildsThePluginAnUnchangedOneDoesNot() throws Exception {
    Path module = Files.writeString(dir.resolve("plugin.wasm"), "version 1");
    String plugin = "{name: mod, type: fake, config: {file: \"" + module + "\", rules: {}}}";
    start(config("one.internal", 5601, plugin));

    ReloadResult touched = reloadTo(config("one.internal", 5601, plugin) + "# a comment\n");
    assertThat(touched.result()).isEqualTo(ConfigMetrics.Result.APPLIED);
    assertThat(touched.kept()).containsExactly("mod");

    Files.writeString(module, "version 2");
    ReloadResult changed = reloadTo(config("one.internal", 5601, plugin) + "# again\n");
    assertThat(changed.created()).containsExactly("mod");
    assertThat(fakes.creations).containsEntry("mod", 2);
  }

  @Test
  void anInvalidConfigurationIsRefusedAndTheRunningOneKeepsServing() throws Exception {
    start(config("one.internal", 5601));

    ReloadResult broken = reloadTo("routing: [this is: not: yaml");
    assertThat(broken.result()).isEqualTo(ConfigMetrics.Result.REFUSED);
    assertThat(broken.errors()).isNotEmpty();
    ReloadResult invalid = reloadTo(config("one.internal", 0));
    assertThat(invalid.result()).isEqualTo(ConfigMetrics.Result.REFUSED);
    assertThat(invalid.errors()).anySatisfy(e -> assertThat(e).contains("port"));
    ReloadResult failing =
        reloadTo(config("one.internal", 5601, "{name: x, type: fake, config: {rules: 3}}"));
    assertThat(failing.result()).isEqualTo(ConfigMetrics.Result.REFUSED);

    assertThat(router.runtime.generation()).isEqualTo(1);
    assertThat(referral("play.example.com").target().host()).isEqualTo("one.internal");
    assertThat(reloads(ConfigMetrics.Result.REFUSED)).isEqualTo(3.0);
  }

  @Test
  void whatNeedsARestartIsRefusedNamingEachSetting() throws Exception {
    start(config("one.internal", 5601));

    ReloadResult result =
        reloadTo(
            config("two.internal", 5602)
                .replace("listen: \"127.0.0.1:0\"\nadmin", "listen: \"127.0.0.1:7\"\nadmin")
                .replace("shutdown_grace: 1s", "shutdown_grace: 2s"));

    assertThat(result.result()).isEqualTo(ConfigMetrics.Result.REFUSED);
    assertThat(result.errors())
        .anySatisfy(e -> assertThat(e).startsWith("listen: ").contains("after a restart"))
        .anySatisfy(e -> assertThat(e).startsWith("limits.shutdown_grace: 1s -> 2s"));
    assertThat(referral("play.example.com").target().host())
        .as("nothing of it was applied, the routing change neither")
        .isEqualTo("one.internal");
  }

  @Test
  void aRemovedPluginIsClosedOnlyAfterItsCallsInFlight() throws Exception {
    start(
        config(
            "one.internal",
            5601,
            "{name: slow, type: fake, timeout: 60s, config: {rules: {\"*\": {hold: true}}}}"));
    CompletableFuture<RunningRouter.Answer> held =
        router.exchange(router.request("held.example.com", RunningRouter.connect("bob", "en")));
    fakes.nextRequest("slow");

    ReloadResult result = reloadTo(config("two.internal", 5602));
    assertThat(result.removed()).containsExactly("slow");
    // A connection after the swap does not wait for the held plugin.
    assertThat(referral("play.example.com").target().host()).isEqualTo("two.internal");
    assertThat(fakes.closed()).as("the held call is still in flight").doesNotContain("slow");

    fakes.release();
    RunningRouter.Answer answer = held.get(60, TimeUnit.SECONDS);
    assertThat(answer.referralPacket().target().host())
        .as("answered from the configuration it started on")
        .isEqualTo("one.internal");
    Eventually.until("the removed plugin is closed", fakes::closed, c -> c.contains("slow"));
  }

  @Test
  void underALoadOfConnectsEveryAnswerComesFromOneConfigurationAndNoneIsLost() throws Exception {
    String x =
        config(
            "x.internal",
            5601,
            "{name: p, type: fake, config: {rules: {\"*\": {backend_host: x-plugin}}}}");
    String y =
        config(
            "y.internal",
            5602,
            "{name: p, type: fake, config: {rules: {\"*\": {backend_host: y-plugin}}}}");
    start(x);
    router.client.warmUp();
    AtomicBoolean reloading = new AtomicBoolean(true);
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> loops = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      loops.add(
          clients.submit(
              () -> {
                for (int i = 0; i < 400 && (reloading.get() || i < 20); i++) {
                  try {
                    RunningRouter.Answer a =
                        router.send("play.example.com", RunningRouter.connect("u" + i, "en"));
                    if (!a.isReferral()) {
                      failures.add(a.toString());
                      continue;
                    }
                    var target = a.referralPacket().target();
                    seen.merge(target.host() + ":" + target.port(), 1, Integer::sum);
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
                return null;
              }));
    }
    int applied = 0;
    for (int r = 0; r < 6; r++) {
      ReloadResult result = reloadTo((r % 2 == 0 ? y : x) + "# reload " + r + "\n");
      if (result.result() == ConfigMetrics.Result.APPLIED) {
        applied++;
      }
      assertThat(referral("play.example.com").target().host())
          .as("the next connection gets the configuration just applied")
          .isEqualTo(r % 2 == 0 ? "y-plugin" : "x-plugin");
    }
    reloading.set(false);
    for (Future<?> loop : loops) {
      loop.get(150, TimeUnit.SECONDS);
    }
    clients.shutdownNow();

    assertThat(applied).isEqualTo(6);
    assertThat(failures).as("every client was answered with a referral").isEmpty();
    assertThat(seen.keySet())
        .as("routing and plugin always from the same configuration")
        .isSubsetOf("x-plugin:5601", "y-plugin:5602");
    assertThat(fakes.creations.get("p")).as("a changed rule rebuilds p each time").isEqualTo(7);
  }

  @Test
  void theAdminEndpointReloadsAndShowsTheConfigurationWithSecretsRedacted() throws Exception {
    start(config("one.internal", 5601));
    Files.writeString(file, config("two.internal", 5602));

    HttpResponse<String> reload = router.adminPost("/admin/reload");
    assertThat(reload.statusCode()).isEqualTo(200);
    JsonNode body = MAPPER.readTree(reload.body());
    assertThat(body.path("result").asText()).isEqualTo("applied");
    assertThat(body.path("generation").asInt()).isEqualTo(2);

    HttpResponse<String> again = router.adminPost("/admin/reload");
    assertThat(MAPPER.readTree(again.body()).path("result").asText()).isEqualTo("unchanged");

    Files.writeString(file, "listen: [");
    HttpResponse<String> refused = router.adminPost("/admin/reload");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(MAPPER.readTree(refused.body()).path("errors")).isNotEmpty();

    HttpResponse<String> shown = router.admin("/debug/config");
    JsonNode config = MAPPER.readTree(shown.body());
    assertThat(config.path("generation").asInt()).isEqualTo(2);
    assertThat(config.path("digest").asText()).startsWith("sha256:");
    assertThat(config.at("/config/referral/hmac_secret").asText()).isEqualTo("<redacted>");
    assertThat(shown.body()).doesNotContain("c2VjcmV0");
    assertThat(config.at("/config/routing/default/backends/0/host").asText())
        .isEqualTo("two.internal");
    String scrape = router.admin("/metrics").body();
    assertThat(scrape)
        .contains("signpost_config_reloads_total{result=\"applied\"} 1.0")
        .contains("signpost_config_reloads_total{result=\"refused\"} 1.0")
        .contains("signpost_config_generation 2.0");
  }

  @Test
  void aRouterOnBuiltInDefaultsSaysItHasNothingToReload() throws Exception {
    try (SignpostRuntime runtime =
        SignpostRuntime.start(
            ConfigLoader.parse(
                    config("one.internal", 5601), io.signpost.config.ConfigFormat.YAML, Map.of())
                .config())) {
      ReloadResult result = runtime.reload("test").get(30, TimeUnit.SECONDS);
      assertThat(result.result()).isEqualTo(ConfigMetrics.Result.REFUSED);
      assertThat(result.errors()).singleElement().asString().contains("no configuration file");
    }
  }
}
