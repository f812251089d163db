package io.signpost.grpc;

import static io.signpost.grpc.testing.Requests.request;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Context;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.grpc.internal.PluginChannel;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every failure mode of a gRPC plugin, each bounded by the plugin's deadline: no call outlives it
 * by more than {@link #SLACK}.
 *
 * <p>Calls that must fail for a reason other than the deadline get a generous one ({@link
 * #TIMEOUT}), so that a busy machine cannot turn their failure into a timeout. The call that must
 * time out goes to a server that never answers, so its short deadline fires whatever the load.
 */
class FailureModesIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration SLACK = Duration.ofSeconds(10);
  private static final Duration SHORT_DEADLINE = Duration.ofMillis(500);
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
                    + "\",\"breaker\":{\"failures\":3,\"cool_down\":\"1m\"}}");
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
      int pending = 0;
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        fast = plugin.onConnect(request("a", "b"), Deadline.after(TIMEOUT));
        if (!fast.isCompletedExceptionally()) {
          pending++;
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(pending)
          .as("an open breaker fails the call before onConnect returns, without the network")
          .isZero();
      assertThat(took)
          .as("%d refused calls cost microseconds each; the bound only catches a hang", calls)
          .isLessThan(Duration.ofSeconds(10));
      assertThatThrownBy(fast::join)
          .hasCauseInstanceOf(PluginUnavailableException.class)
          .hasMessageContaining("circuit breaker open after 3 consecutive failures");
      assertThat(failure(plugin))
          .as("reported as breaker_open, not as the unavailable of a plugin without capacity")
          .isInstanceOfSatisfying(
              PluginException.class,
              e -> assertThat(e.kind()).isEqualTo(PluginException.Kind.BREAKER_OPEN));
    }
    assertThat(registry.find(GrpcPlugin.BREAKER_GAUGE).gauge()).as("removed on close").isNull();
  }

  @Test
  void anOpenBreakerReadsReadyAgainAfterItsCoolDownWithoutAnyCall() throws Exception {
    Duration coolDown = Duration.ofSeconds(10);
    GrpcOptions options =
        new GrpcOptions(
            "127.0.0.1:" + freePort(),
            GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES,
            null,
            new GrpcOptions.Breaker(3, coolDown));
    AtomicLong now = new AtomicLong(System.nanoTime());
    try (GrpcPlugin plugin =
        new GrpcPlugin(
            "idle",
            options,
            PluginChannel.open(options),
            registry,
            Requests.context(registry).scheduler(),
            now::get)) {
      for (int i = 0; i < 3; i++) {
        assertThat(failure(plugin)).isInstanceOf(PluginTransportException.class);
      }
      assertThat(plugin.isReady()).isFalse();
      now.addAndGet(coolDown.toNanos() - 1);
      assertThat(plugin.isReady()).as("still cooling down").isFalse();
      now.addAndGet(1);
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
      assertThat(call(plugin)).isEqualTo(ConnectResponse.EMPTY);

      server.kill();
      for (int i = 0; i < 3; i++) {
        assertThat(failure(plugin)).isInstanceOfAny(PluginTransportException.class);
      }
      assertThat(plugin.breakerState()).isEqualTo(BreakerState.OPEN);
      assertThat(gauge("p")).isEqualTo(1.0);

      server.restart();
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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
      assertThat(failure(plugin, SHORT_DEADLINE))
          .as("the server answers only when the test ends; the deadline ends the call")
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
      ConnectResponse response = call(plugin);
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
                  long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                  while (!Context.current().isCancelled() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                  }
                  cancelled.countDown();
                  return "{}".getBytes(UTF_8);
                });
        GrpcPlugin plugin = plugin(server.address(), GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES)) {
      CompletableFuture<ConnectResponse> call =
          plugin.onConnect(request("a", "b"), Deadline.after(TIMEOUT));
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      call.cancel(true);
      assertThat(cancelled.await(30, TimeUnit.SECONDS)).as("server saw the cancellation").isTrue();
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
    return bounded(
        plugin.onConnect(request("play.example.com", "alice"), Deadline.after(TIMEOUT)), TIMEOUT);
  }

  private static Throwable failure(Plugin plugin) throws Exception {
    return failure(plugin, TIMEOUT);
  }

  private static Throwable failure(Plugin plugin, Duration deadline) throws Exception {
    try {
      bounded(
          plugin.onConnect(request("play.example.com", "alice"), Deadline.after(deadline)),
          deadline);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("call succeeded");
  }

  /** Waits for the call; fails with a TimeoutException if it outlives {@code deadline} + SLACK. */
  private static ConnectResponse bounded(
      CompletableFuture<ConnectResponse> future, Duration deadline) throws Exception {
    return future.get(deadline.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
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
