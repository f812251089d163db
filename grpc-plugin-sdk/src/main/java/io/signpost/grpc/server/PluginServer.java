package io.signpost.grpc.server;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.signpost.grpc.internal.OnConnectMethod;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.PluginJson;
import io.signpost.text.GoDuration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server for one Java plugin: it serves {@code /hyrouter.Plugin/OnConnect} with JSON
 * messages, accepting both {@code application/grpc+json} (Signpost, Hyrouter) and plain {@code
 * application/grpc} (grpcio and other generic clients).
 *
 * <pre>{@code
 * try (PluginServer server =
 *     PluginServer.builder(request -> ConnectResponse.EMPTY).port(7777).build().start()) {
 *   server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>{@link #close} shuts down gracefully: no new calls, in-flight calls get the grace period
 * (default five seconds) to finish, then the rest are cancelled.
 */
public final class PluginServer implements AutoCloseable {

  /** Default port, as in Hyrouter's example plugin. */
  public static final int DEFAULT_PORT = 7777;

  private final Server server;
  private final Duration grace;

  private PluginServer(Builder builder) {
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress(builder.host, builder.port))
            .addService(service(builder.handler))
            .maxInboundMessageSize(builder.maxRequestBytes)
            .build();
    this.grace = builder.grace;
  }

  /** Starts building a server around {@code handler}. */
  public static Builder builder(ConnectHandler handler) {
    return new Builder(handler);
  }

  /**
   * The {@code hyrouter.Plugin} service alone, for adding to a gRPC server of your own.
   *
   * @param handler called for each request; see {@link ConnectHandler} for errors
   */
  public static ServerServiceDefinition service(ConnectHandler handler) {
    requireNonNull(handler, "handler");
    return ServerServiceDefinition.builder(OnConnectMethod.SERVICE)
        .addMethod(
            OnConnectMethod.DESCRIPTOR,
            ServerCalls.asyncUnaryCall((body, observer) -> answer(handler, body, observer)))
        .build();
  }

  private static void answer(ConnectHandler handler, byte[] body, StreamObserver<byte[]> observer) {
    ConnectRequest request;
    try {
      request = PluginJson.decodeRequest(body);
    } catch (PluginJson.InvalidPluginJsonException e) {
      observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
      return;
    }
    ConnectResponse response;
    try {
      response = requireNonNull(handler.onConnect(request), "handler returned null");
    } catch (StatusException | StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (Exception e) {
      observer.onError(
          Status.UNKNOWN.withDescription(String.valueOf(e)).withCause(e).asException());
      return;
    }
    observer.onNext(PluginJson.encodeResponse(response));
    observer.onCompleted();
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException when the address cannot be bound
   */
  public PluginServer start() throws IOException {
    server.start();
    return this;
  }

  /** The bound port; useful after building with port 0. */
  public int port() {
    return server.getPort();
  }

  /** Blocks until the server has shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops accepting calls, lets in-flight calls finish within the grace period, then stops. */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Builder; defaults: 127.0.0.1, port 7777, 1 MiB requests, five seconds of grace. */
  public static final class Builder {
    private final ConnectHandler handler;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private int maxRequestBytes = 1 << 20;
    private Duration grace = Duration.ofSeconds(5);

    private Builder(ConnectHandler handler) {
      this.handler = requireNonNull(handler, "handler");
    }

    /** The address to listen on; {@code 0.0.0.0} for every interface. */
    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 picks a free one (read it with {@link PluginServer#port}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
      }
      this.port = port;
      return this;
    }

    /** The largest request message accepted. */
    public Builder maxRequestBytes(int maxRequestBytes) {
      if (maxRequestBytes <= 0) {
        throw new IllegalArgumentException(
            "maxRequestBytes: " + maxRequestBytes + " (expected: > 0)");
      }
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /** How long {@link PluginServer#close} waits for in-flight calls. */
    public Builder grace(Duration grace) {
      if (grace.isNegative()) {
        throw new IllegalArgumentException(
            "grace: " + GoDuration.format(grace) + " (expected: >= 0)");
      }
      this.grace = grace;
      return this;
    }

    public PluginServer build() {
      return new PluginServer(this);
    }
  }
}
