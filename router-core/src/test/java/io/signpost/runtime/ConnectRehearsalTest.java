package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.config.ConfigFormat;
import io.signpost.config.ConfigLoader;
import io.signpost.config.SignpostConfig;
import io.signpost.plugin.ConnectEvent;
import io.signpost.routing.RoutingEngine;
import io.signpost.routing.RoutingResult;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ConnectRehearsalTest {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor();

  @AfterAll
  static void stop() {
    TIMER.shutdownNow();
  }

  static SignpostConfig config(String routing) throws Exception {
    return ConfigLoader.parse("listen: \"127.0.0.1:0\"\nrouting:\n" + routing, ConfigFormat.YAML)
        .config();
  }

  @Test
  void everyRouteAndTheDefaultPoolAreRehearsed() throws Exception {
    SignpostConfig config =
        config(
            """
              default:
                strategy: round_robin
                backends: [{host: lobby.internal, port: 5520}]
              routes:
                - match: {hostnames: ["play.example.com", "www.example.com"]}
                  pool: {strategy: round_robin, backends: [{host: game.internal, port: 5520}]}
                - match: {hostnames: ["*.eu.example.com"]}
                  pool: {strategy: random, backends: [{host: eu.internal, port: 5520}]}
            """);
    assertThat(ConnectRehearsal.serverNames(config.routing()))
        .containsExactly(
            "play.example.com", "rehearsal.eu.example.com", "rehearsal.signpost.invalid");

    ConnectRehearsal.Outcome outcome = ConnectRehearsal.run(config, TIMER);

    assertThat(outcome.connects()).isEqualTo(3 * ConnectRehearsal.ROUNDS);
    assertThat(outcome.skipped()).isZero();
  }

  @Test
  void aConfigWithoutRoutesStillRehearsesTheUnroutedPath() throws Exception {
    SignpostConfig config = config("  routes: []\n");
    assertThat(ConnectRehearsal.run(config, TIMER).connects()).isEqualTo(ConnectRehearsal.ROUNDS);
  }

  @Test
  void theRoutersOwnRoundRobinIsNotMoved() throws Exception {
    SignpostConfig config =
        config(
            """
              default:
                strategy: round_robin
                backends: [{host: a.internal, port: 5520}, {host: b.internal, port: 5520}]
            """);
    RoutingEngine routers = new RoutingEngine(config.routing());
    ConnectRehearsal.run(config, TIMER);
    RoutingResult first =
        routers.route(
            "play.example.com",
            new ConnectEvent(
                "play.example.com", null, null, 0, null, "u", "en", false, "hytale/2"));
    assertThat(((RoutingResult.Routed) first).backend().host()).isEqualTo("a.internal");
  }
}
