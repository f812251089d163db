package io.signpost.grpc.server;

import static io.signpost.grpc.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.signpost.grpc.GrpcOptions;
import io.signpost.grpc.GrpcPlugin;
import io.signpost.grpc.GrpcPluginFactory;
import io.signpost.grpc.internal.OnConnectMethod;
import io.signpost.grpc.testing.FakePluginServer;
import io.signpost.grpc.testing.Requests;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginJson;
import io.signpost.plugin.PluginTrapException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PluginServerIT {

  /** Generous, so that no call under test can miss it on a busy machine. */
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(20);

  private static final long WAIT_SECONDS = 30;

  private static final ConnectHandler REPICK =
      request ->
          new ConnectResponse(
              false,
              null,
              null,
              null,
              Backend.of("picked.example", 5521),
              "sdk".getBytes(StandardCharsets.UTF_8));

  @Test
  void servesTheRoutersClient() throws Exception {
    try (PluginServer server = PluginServer.builder(REPICK).port(0).build().start();
        GrpcPlugin plugin = plugin(server.port())) {
      ConnectResponse response =
          plugin
              .onConnect(request("a", "b"), Deadline.after(CALL_DEADLINE))
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(response.backend()).isEqualTo(Backend.of("picked.example", 5521));
      assertThat(response.referralContent()).isEqualTo("sdk".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void acceptsBothPlainAndJsonContentTypes() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    ServerInterceptor recorder =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            seen.add(headers.get(FakePluginServer.CONTENT_TYPE));
            return next.startCall(call, headers);
          }
        };
    io.grpc.Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(PluginServer.service(REPICK), recorder))
            .build()
            .start();
    ManagedChannel plain =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try (GrpcPlugin json = plugin(server.getPort())) {
      byte[] answer =
          ClientCalls.blockingUnaryCall(
              plain,
              OnConnectMethod.DESCRIPTOR,
              CallOptions.DEFAULT.withDeadlineAfter(CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS),
              PluginJson.encodeRequest(request("a", "b")));
      assertThat(PluginJson.decodeResponse(answer).backend().host()).isEqualTo("picked.example");
      ConnectResponse viaJson =
          json.onConnect(request("a", "b"), Deadline.after(CALL_DEADLINE))
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(viaJson.backend().host()).isEqualTo("picked.example");
      assertThat(seen).containsExactly("application/grpc", "application/grpc+json");
    } finally {
      plain.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void handlerStatusesAndExceptionsReachTheRouterAsTraps() throws Exception {
    ConnectHandler failing =
        request -> {
          if ("status".equals(request.event().username())) {
            throw Status.PERMISSION_DENIED.withDescription("banned").asRuntimeException();
          }
          throw new IllegalStateException("database down");
        };
    try (PluginServer server = PluginServer.builder(failing).port(0).build().start();
        GrpcPlugin plugin = plugin(server.port())) {
      assertThatThrownBy(() -> call(plugin, request("a", "status")))
          .hasCauseInstanceOf(PluginTrapException.class)
          .hasMessageContaining("PERMISSION_DENIED: banned");
      assertThatThrownBy(() -> call(plugin, request("a", "other")))
          .hasCauseInstanceOf(PluginTrapException.class)
          .hasMessageContaining("UNKNOWN: java.lang.IllegalStateException: database down");
    }
  }

  @Test
  void malformedRequestIsInvalidArgument() throws Exception {
    try (PluginServer server = PluginServer.builder(REPICK).port(0).build().start()) {
      ManagedChannel plain =
          NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        assertThatThrownBy(
                () ->
                    ClientCalls.blockingUnaryCall(
                        plain,
                        OnConnectMethod.DESCRIPTOR,
                        CallOptions.DEFAULT.withDeadlineAfter(
                            CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS),
                        "{not json".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
      } finally {
        plain.shutdownNow();
      }
    }
  }

  @Test
  void closeLetsInFlightCallsFinish() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    ConnectHandler slow =
        request -> {
          entered.countDown();
          finish.await(WAIT_SECONDS, TimeUnit.SECONDS);
          return ConnectResponse.denied("finished");
        };
    PluginServer server =
        PluginServer.builder(slow).port(0).grace(Duration.ofSeconds(WAIT_SECONDS)).build().start();
    try (GrpcPlugin plugin = plugin(server.port())) {
      CompletableFuture<ConnectResponse> inFlight =
          plugin.onConnect(request("a", "b"), Deadline.after(CALL_DEADLINE));
      assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
      awaitRefused(server.port());
      assertThat(closed).as("close waits for the call in flight").isNotDone();
      finish.countDown();
      assertThat(inFlight.get(WAIT_SECONDS, TimeUnit.SECONDS))
          .isEqualTo(ConnectResponse.denied("finished"));
      closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Waits until nothing listens on {@code port} any more: the server has begun to shut down. */
  private static void awaitRefused(int port) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        assertThat(System.nanoTime()).as("the server stops listening").isLessThan(end);
      } catch (IOException refused) {
        return;
      }
      Thread.sleep(10);
    }
  }

  @Test
  void builderRejectsBadValues() {
    assertThatThrownBy(() -> PluginServer.builder(REPICK).port(70000))
        .hasMessage("port: 70000 (expected: 0..65535)");
    assertThatThrownBy(() -> PluginServer.builder(REPICK).maxRequestBytes(0))
        .hasMessage("maxRequestBytes: 0 (expected: > 0)");
  }

  private static ConnectResponse call(GrpcPlugin plugin, ConnectRequest request) throws Exception {
    return plugin
        .onConnect(request, Deadline.after(CALL_DEADLINE))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static GrpcPlugin plugin(int port) {
    return GrpcPluginFactory.create(
        "sdk", GrpcOptions.forAddress("127.0.0.1:" + port), Requests.context());
  }
}
