package io.signpost.examples.grpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.grpc.GrpcPluginFactory;
import io.signpost.grpc.server.PluginServer;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginFactory;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the example plugin and calls it the way the router does: through the {@code grpc} plugin
 * factory found by {@link ServiceLoader}, with requests shaped like the chain's.
 */
class ExampleGrpcPluginIT {

  private static final List<Backend> POOL =
      List.of(Backend.of("10.0.0.1", 5520), Backend.of("10.0.0.2", 5520));
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();

  private static PluginServer server;
  private static Plugin plugin;

  @BeforeAll
  static void startExampleAndConnect() throws Exception {
    server = ExampleGrpcPlugin.start("127.0.0.1:0");
    PluginFactory<?> factory =
        ServiceLoader.load(PluginFactory.class).stream()
            .<PluginFactory<?>>map(ServiceLoader.Provider::get)
            .filter(f -> f.type().equals("grpc"))
            .findFirst()
            .orElseThrow();
    PluginConfig config =
        GrpcPluginFactory.configFor(
            "example", "127.0.0.1:" + server.port(), Duration.ofSeconds(20));
    assertThat(factory.validate(config, "plugins[0]")).isEmpty();
    plugin = factory.create(config, new PluginContext(new SimpleMeterRegistry(), SCHEDULER));
  }

  @AfterAll
  static void stop() {
    plugin.close();
    server.close();
    SCHEDULER.shutdownNow();
  }

  @Test
  void deniesTheUsernameDeny() throws Exception {
    ConnectResponse response = call("play.example.com", "deny");
    assertThat(response.deny()).isTrue();
    assertThat(response.denyReason()).isEqualTo("denied by grpc plugin");
  }

  @Test
  void repicksTheBackendWhenTheSniContainsGrpc() throws Exception {
    ConnectResponse response = call("grpc.play.example.com", "alice");
    assertThat(response.deny()).isFalse();
    assertThat(response.backend()).isEqualTo(Backend.of("play.hyvane.com", 5520));
    assertThat(response.backend().isUsable()).isTrue();
    assertThat(new String(response.referralContent(), UTF_8)).isEqualTo("grpc-plugin");
  }

  @Test
  void otherwiseOnlySetsTheReferralContent() throws Exception {
    ConnectResponse response = call("play.example.com", "alice");
    assertThat(response.deny()).isFalse();
    assertThat(response.backend()).isNull();
    assertThat(response.selectedIndex()).isNull();
    assertThat(new String(response.referralContent(), UTF_8)).isEqualTo("grpc-plugin");
  }

  @Test
  void refusesListenAddressesWithoutHostOrPort() {
    List<String> invalid =
        List.of("7777", ":7777", "127.0.0.1:port", "127.0.0.1:70000", "::1:7777");
    for (String listen : invalid) {
      assertThatThrownBy(() -> ExampleGrpcPlugin.start(listen))
          .as(listen)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("listen: " + listen);
    }
  }

  private static ConnectResponse call(String sni, String username) throws Exception {
    ConnectEvent event =
        new ConnectEvent(
            sni,
            null,
            "6708f7b3",
            0,
            "8d3f2a10-4c3b-4e5f-9a7b-1c2d3e4f5a6b",
            username,
            "en",
            true,
            "hytale/2");
    ConnectRequest request = new ConnectRequest(event, "round_robin", POOL, 1, POOL.get(1), null);
    return plugin
        .onConnect(request, Deadline.after(Duration.ofSeconds(20)))
        .get(30, TimeUnit.SECONDS);
  }
}
