package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.config.ConfigLoader;
import io.signpost.examples.grpc.ExampleGrpcPlugin;
import io.signpost.grpc.server.PluginServer;
import io.signpost.plugin.PluginWarmUpException;
import io.signpost.runtime.RunningRouter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cold start with a gRPC plugin server that is not up yet: the router waits for it before it
 * accepts anyone, so the first client the plugin would deny is denied, not let through by the
 * plugin's {@code on_error: continue}.
 */
@Timeout(120)
class GrpcColdStartEndToEndIT {

  static final String CONFIG =
      """
      listen: "127.0.0.1:0"
      admin:
        listen: "127.0.0.1:0"
      limits:
        shutdown_grace: 1s
        connect_timeout: 60s
        plugin_startup_timeout: %s
      routing:
        default:
          strategy: round_robin
          backends: [{host: game-1.internal, port: 5601}]
      plugins:
        - name: deny-grpc
          type: grpc
          stage: deny
          # Generous: the first call reaches a server that just started, on a possibly busy machine.
          timeout: 20s
          on_error: %s
          grpc:
            address: 127.0.0.1:%d
      """;

  @Test
  void theFirstClientIsJudgedByAPluginServerThatStartedLate() throws Exception {
    int port = freePort();
    AtomicBoolean serverStarting = new AtomicBoolean();
    CompletableFuture<PluginServer> late =
        CompletableFuture.supplyAsync(
            () -> {
              serverStarting.set(true);
              try {
                return ExampleGrpcPlugin.start("127.0.0.1:" + port);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
    try (RunningRouter router =
        RunningRouter.start(
            CONFIG.formatted("60s", "continue", port), ConfigLoader.installedFactories())) {
      // The server answers once it is bound, which can be a moment before start() returns to
      // the thread that called it, so that return cannot be awaited here. What is certain: the
      // router's start did not return before the server's delayed start began, and the first
      // client below is judged by the plugin, not let through by on_error: continue.
      assertThat(serverStarting)
          .as("the router's start returned only after the plugin server began to start")
          .isTrue();

      RunningRouter.Answer first =
          router.send("play.example.com", RunningRouter.connect("deny", null));

      assertThat(first.reason()).isEqualTo("denied by grpc plugin");
      assertThat(router.admin("/readyz").statusCode()).isEqualTo(200);
    } finally {
      late.get(30, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void aFailClosedPluginWhoseServerNeverStartsStopsTheStart() throws Exception {
    int port = freePort();

    assertThatThrownBy(
            () ->
                RunningRouter.start(
                    CONFIG.formatted("1500ms", "deny", port), ConfigLoader.installedFactories()))
        .isInstanceOf(PluginWarmUpException.class)
        .hasMessageStartingWith(
            "plugin deny-grpc: not warm within limits.plugin_startup_timeout (1.5s) and on_error"
                + " is deny, so the router does not start: waited for the channel to 127.0.0.1:"
                + port
                + " to connect and for an answer to grpc.health.v1.Health/Check; last: ");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
