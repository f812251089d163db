package io.signpost.grpc;

import static io.signpost.grpc.testing.Requests.request;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Context;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.grpc.testing.FakePluginServer;
import io.signpost.grpc.testing.Requests;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginJson;
import io.signpost.plugin.PluginResponseException;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.plugin.PluginTransportException;
import io.signpost.plugin.PluginTrapException;
import io.signpost.plugin.PluginUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every failure mode of a gRPC plugin, each bounded by the plugin's deadline: no call outlives it
 * by more than {@link #SLACK}.
 */
class FailureModesTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration SLACK = Duration.ofMillis(400);
  private static final GrpcOptions.Breaker FAST_BREAKER =
      new GrpcOptions.Breaker(3, Duration.ofMillis(200));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseSlowHandlers() {
    release.countDown();
  }

  @Test
  void serverDownAtStartFailsFastThenTheBreakerAnswersAtOnce() throws Exception {
    String address = "127.0.0.1:" + freePort();
    JsonNode section =
        PluginJson.mapper()
            .readTree(
                "{\"address\":\""
                    + address
                    + "\",\"breaker\":{\"failures\":3,\"cool_down\":\"10s\"}}");
    PluginConfig config =
        new PluginConfig("down", "grpc", null, null, null, TIMEOUT, null, null, section);
    assertThat(new GrpcPluginFactory().validate(config, "plugins[0]")).isEmpty();
    try (Plugin plugin = new GrpcPluginFactory().create(config, Requests.context(registry))) {
      for (int i = 0; i < 3; i++) {
        assertThat(failure(plugin)).isInstanceOf(PluginTransportException.class);
      }
      assertThat(gauge("down")).isEqualTo(1.0);
      assertThat(plugin.isReady()).isFalse();
      assertThat(plugin.health().reason())
          .matches("circuit breaker open after 3 consecutive failures; next probe in \\d+ ms");

      CompletableFuture<ConnectResponse> fast = null;
      int calls = 10_000;
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        fast = plugin.onConnect(request("a", "b"), Deadline.after(TIMEOUT));
      }
      long nanosPerCall = (System.nanoTime() - start) / calls;
      assertThat(fast).isCompletedExceptionally();
      assertThat(nanosPerCall).as("an open breaker costs microseconds").isLessThan(50_000);
      assertThatThrownBy(fast::join)
          .hasCauseInstanceOf(PluginUnavailableException.class)
          .hasMessageContaining("circuit breaker open after 3 consecutive failures");
    }
    assertThat(registry.find(GrpcPlugin.BREAKER_GAUGE).gauge()).as("removed on close").isNull();
  }

  @Test
  void anOpenBreakerReadsReadyAgainAfterItsCoolDownWithoutAnyCall() throws Exception {
    try (GrpcPlugin plugin =
        GrpcPluginFactory.create(
            "idle",
            new GrpcOptions(
                "127.0.0.1:" + freePort(),
                GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES,
                null,
                FAST_BREAKER),
            Requests.context(registry))) {
      for (int i = 0; i < 3; i++) {
        assertThat(failure(plugin)).isInstanceOf(PluginTransportException.class);
      }
      assertThat(plugin.isReady()).isFalse();
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!plugin.isReady() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(plugin.isReady())
          .as("a router out of rotation gets no call that could probe the plugin")
          .isTrue();
      assertThat(plugin.breakerState()).isEqualTo(BreakerState.OPEN);
    }
  }

  @Test
  void serverKilledAndRestartedRecoversByItself() throws Exception {
    try (FakePluginServer server = FakePluginServer.start(body -> "{}".getBytes(UTF_8));
        GrpcPlugin plugin = plugin(server.address(), GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES)) {
      assertThat(succeed(plugin)).isEqualTo(ConnectResponse.EMPTY);

      server.kill();
      for (int i = 0; i < 3; i++) {
        assertThat(failure(plugin)).isInstanceOfAny(PluginTransportException.class);
      }
      assertThat(plugin.breakerState()).isEqualTo(BreakerState.OPEN);
      assertThat(gauge("p")).isEqualTo(1.0);

      server.restart();
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      ConnectResponse recovered = null;
      while (recovered == null && System.nanoTime() < until) {
        try {
          recovered = call(plugin);
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(PluginException.class);
          Thread.sleep(50);
        }
      }
      assertThat(recovered).isEqualTo(ConnectResponse.EMPTY);
      assertThat(plugin.breakerState()).isEqualTo(BreakerState.CLOSED);
      assertThat(gauge("p")).isEqualTo(0.0);
    }
  }

  @Test
  void slowServerHitsTheDeadline() throws Exception {
    try (FakePluginServer server =
            FakePluginServer.start(
                body -> {
                  await(release);
                  return "{}".getBytes(UTF_8);
                });
        GrpcPlugin plugin = plugin(server.address(), GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES)) {
      assertThat(failure(plugin))
          .isInstanceOf(PluginTimeoutException.class)
          .hasMessageContaining("DEADLINE_EXCEEDED");
    }
  }

  @Test
  void deadlineAlreadyPassedFailsWithoutACall() throws Exception {
    try (FakePluginServer server = FakePluginServer.start(body -> "{}".getBytes(UTF_8));
        GrpcPlugin plugin = plugin(server.address(), GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES)) {
      CompletableFuture<ConnectResponse> late =
          plugin.onConnect(request("a", "b"), new Deadline(System.nanoTime() - 1));
      assertThatThrownBy(late::join).hasCauseInstanceOf(PluginTimeoutException.class);
      assertThat(server.contentTypes()).isEmpty();
    }
  }

  @Test
  void grpcErrorStatusIsATrap() throws Exception {
    try (FakePluginServer server =
            FakePluginServer.start(
                body -> {
                  throw Status.PERMISSION_DENIED.withDescription("not today").asRuntimeException();
                });
        GrpcPlugin plugin = plugin(server.address(), GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES)) {
      assertThat(failure(plugin))
          .isInstanceOf(PluginTrapException.class)
          .hasMessage("plugin p: gRPC status PERMISSION_DENIED: not today");
    }
  }

  @Test
  void longStatusDescriptionIsCutInTheFailureMessage() throws Exception {
    String description = "d".repeat(6000);
    try (FakePluginServer server =
            FakePluginServer.start(
                body -> {
                  throw Status.PERMISSION_DENIED.withDescription(description).asRuntimeException();
                });
        GrpcPlugin plugin = plugin(server.address(), GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES)) {
      Throwable failure = failure(plugin);
      assertThat(failure)
          .isInstanceOf(PluginTrapException.class)
          .hasMessageStartingWith("plugin p: gRPC status PERMISSION_DENIED: ddd")
          .hasMessageEndingWith(" more characters)");
      assertThat(failure.getMessage()).hasSizeLessThanOrEqualTo(PluginException.MAX_MESSAGE_CHARS);
    }
  }

  @Test
  void malformedJsonIsAnInvalidResponse() throws Exception {
    for (String body : new String[] {"not json", "null", "[1,2]", "{\"deny\":true} trailing"}) {
      try (FakePluginServer server = FakePluginServer.start(b -> body.getBytes(UTF_8));
          GrpcPlugin plugin = plugin(server.address(), GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES)) {
        assertThat(failure(plugin)).as(body).isInstanceOf(PluginResponseException.class);
      }
    }
  }

  @Test
  void responseOverTheSizeBoundIsAnInvalidResponse() throws Exception {
    String big = "{\"deny_reason\":\"" + "x".repeat(1000) + "\"}";
    try (FakePluginServer server = FakePluginServer.start(b -> big.getBytes(UTF_8));
        GrpcPlugin plugin = plugin(server.address(), 256)) {
      assertThat(failure(plugin))
          .isInstanceOf(PluginResponseException.class)
          .hasMessageContaining("exceeds maximum size 256");
    }
  }

  @Test
  void unknownFieldsInTheResponseAreIgnored() throws Exception {
    String body =
        "{\"selected_index\":1,\"future_field\":{\"x\":[1,2]},\"referral_data\":\"aGk=\",\"also\":null}";
    try (FakePluginServer server = FakePluginServer.start(b -> body.getBytes(UTF_8));
        GrpcPlugin plugin = plugin(server.address(), GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES)) {
      ConnectResponse response = succeed(plugin);
      assertThat(response.deny()).isFalse();
      assertThat(response.selectedIndex()).isEqualTo(1);
      assertThat(new String(response.referralContent(), UTF_8)).isEqualTo("hi");
    }
  }

  @Test
  void cancellingTheFutureCancelsTheCall() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    try (FakePluginServer server =
            FakePluginServer.start(
                body -> {
                  started.countDown();
                  long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                  while (!Context.current().isCancelled() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                  }
                  cancelled.countDown();
                  return "{}".getBytes(UTF_8);
                });
        GrpcPlugin plugin = plugin(server.address(), GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES)) {
      CompletableFuture<ConnectResponse> call =
          plugin.onConnect(request("a", "b"), Deadline.after(Duration.ofSeconds(5)));
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      call.cancel(true);
      assertThat(cancelled.await(2, TimeUnit.SECONDS)).as("server saw the cancellation").isTrue();
      assertThat(plugin.breakerState()).isEqualTo(BreakerState.CLOSED);
    }
  }

  private GrpcPlugin plugin(String address, int maxBytes) {
    GrpcOptions options = new GrpcOptions(address, maxBytes, null, FAST_BREAKER);
    return GrpcPluginFactory.create("p", options, Requests.context(registry));
  }

  private double gauge(String plugin) {
    return registry.get(GrpcPlugin.BREAKER_GAUGE).tag("plugin", plugin).gauge().value();
  }

  private static ConnectResponse call(Plugin plugin) throws Exception {
    return bounded(plugin.onConnect(request("play.example.com", "alice"), Deadline.after(TIMEOUT)));
  }

  /** A call expected to succeed: a generous deadline, so a cold JVM does not make it flaky. */
  private static ConnectResponse succeed(Plugin plugin) throws Exception {
    return plugin
        .onConnect(request("play.example.com", "alice"), Deadline.after(Duration.ofSeconds(5)))
        .get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Plugin plugin) throws Exception {
    try {
      call(plugin);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("call succeeded");
  }

  private static ConnectResponse bounded(CompletableFuture<ConnectResponse> future)
      throws Exception {
    long start = System.nanoTime();
    try {
      return future.get(TIMEOUT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(SLACK));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
