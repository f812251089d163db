package io.signpost.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.grpc.internal.HealthCheckMethod.ServingStatus;
import io.signpost.grpc.testing.FakePluginServer;
import io.signpost.grpc.testing.Requests;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link GrpcPlugin#warmUp}: connected, and one health check answered, whatever the answer. */
@Timeout(120)
class GrpcWarmUpIT {

  private static final UnaryOperator<byte[]> EMPTY = body -> "{}".getBytes(StandardCharsets.UTF_8);

  /** Generous: nothing here should take more than a fraction of it. */
  private static final Duration BUDGET = Duration.ofSeconds(60);

  private static GrpcPlugin plugin(FakePluginServer server) {
    return GrpcPluginFactory.create(
        "geo", GrpcOptions.forAddress(server.address()), Requests.context());
  }

  @Test
  void aServerWithoutHealthServiceIsWarmOnceItAnswersUnimplemented() throws Exception {
    try (FakePluginServer server = FakePluginServer.start(EMPTY);
        GrpcPlugin plugin = plugin(server)) {
      plugin.warmUp(Deadline.after(BUDGET)).get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theHealthCheckIsPlainGrpcWhileTheContractKeepsTheJsonSubtype() throws Exception {
    try (FakePluginServer server = FakePluginServer.startWithHealth(EMPTY, ServingStatus.SERVING);
        GrpcPlugin plugin = plugin(server)) {
      plugin.warmUp(Deadline.after(BUDGET)).get(30, TimeUnit.SECONDS);
      plugin
          .onConnect(Requests.request("play.example.com", "alice"), Deadline.after(BUDGET))
          .get(30, TimeUnit.SECONDS);

      assertThat(server.healthContentTypes()).containsExactly("application/grpc");
      assertThat(server.contentTypes()).containsExactly("application/grpc+json");
    }
  }

  @Test
  void notServingIsNotWarmUntilTheServerSaysServing() throws Exception {
    try (FakePluginServer server =
            FakePluginServer.startWithHealth(EMPTY, ServingStatus.NOT_SERVING);
        GrpcPlugin plugin = plugin(server)) {
      CompletableFuture<Void> warm = plugin.warmUp(Deadline.after(BUDGET));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.healthContentTypes().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(server.healthContentTypes()).as("asked again and again").hasSizeGreaterThan(2);
      assertThat(warm).isNotDone();

      server.health().set(ServingStatus.SERVING);
      warm.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aServerThatStartsLateIsReachedSoonAfter() throws Exception {
    try (FakePluginServer server = FakePluginServer.start(EMPTY)) {
      server.kill(); // the port is known, nothing listens on it
      try (GrpcPlugin plugin = plugin(server)) {
        CompletableFuture<Void> warm = plugin.warmUp(Deadline.after(BUDGET));
        Thread.sleep(1_500); // refused, refused, ...: the channel is in back-off by now
        assertThat(warm).isNotDone();

        server.restart();
        long started = System.nanoTime();
        warm.get(30, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .as("the warm-up resets the channel's reconnect back-off: about a second, not 2+")
            .isLessThan(Duration.ofSeconds(20));
      }
    }
  }

  @Test
  void aServerThatNeverStartsFailsAtTheDeadlineSayingWhatItWaitedFor() throws Exception {
    try (FakePluginServer server = FakePluginServer.start(EMPTY)) {
      server.kill();
      try (GrpcPlugin plugin = plugin(server)) {
        // Long enough for the first refused connection, and its UNAVAILABLE, to come before the
        // deadline even when this is the JVM's first gRPC channel on a busy machine.
        CompletableFuture<Void> warm = plugin.warmUp(Deadline.after(Duration.ofSeconds(10)));

        assertThatThrownBy(() -> warm.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(PluginTimeoutException.class)
            .hasMessageStartingWith(
                "plugin geo: waited for the channel to "
                    + server.address()
                    + " to connect and for an answer to grpc.health.v1.Health/Check; last: ")
            .hasMessageContaining("UNAVAILABLE");
      }
    }
  }

  @Test
  void cancellingTheWarmUpStopsIt() throws Exception {
    try (FakePluginServer server = FakePluginServer.start(EMPTY)) {
      server.kill();
      try (GrpcPlugin plugin = plugin(server)) {
        CompletableFuture<Void> warm = plugin.warmUp(Deadline.after(BUDGET));
        warm.cancel(false);
        server.restart();

        Thread.sleep(1_500);
        assertThat(server.healthContentTypes()).isEmpty();
        assertThat(warm).isCancelled();
      }
    }
  }
}
