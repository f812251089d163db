package io.signpost.grpc.testing;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ServerCalls;
import io.signpost.grpc.internal.HealthCheckMethod;
import io.signpost.grpc.internal.HealthCheckMethod.ServingStatus;
import io.signpost.grpc.internal.OnConnectMethod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A grpc-java server for {@code /hyrouter.Plugin/OnConnect} that answers with whatever bytes the
 * test's responder returns (or the status it throws) and records the content-type of every request.
 * With {@link #withHealth} it also serves {@code grpc.health.v1.Health/Check}, answering the status
 * the test sets. Can be stopped and started again on the same port.
 */
public final class FakePluginServer implements AutoCloseable {

  public static final Metadata.Key<String> CONTENT_TYPE =
      Metadata.Key.of("content-type", Metadata.ASCII_STRING_MARSHALLER);

  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final List<String> healthContentTypes = new CopyOnWriteArrayList<>();
  private final AtomicReference<ServingStatus> health = new AtomicReference<>();
  private final ServerServiceDefinition service;
  private final ServerServiceDefinition healthService;
  private final SslContext ssl;
  private Server server;
  private int port;
  private EventLoopGroup unixGroup;

  private FakePluginServer(UnaryOperator<byte[]> responder, SslContext ssl) {
    this.ssl = ssl;
    ServerServiceDefinition raw =
        ServerServiceDefinition.builder(OnConnectMethod.SERVICE)
            .addMethod(
                OnConnectMethod.DESCRIPTOR,
                ServerCalls.asyncUnaryCall(
                    (byte[] body, io.grpc.stub.StreamObserver<byte[]> observer) -> {
                      byte[] answer;
                      try {
                        answer = responder.apply(body);
                      } catch (RuntimeException e) {
                        observer.onError(e);
                        return;
                      }
                      observer.onNext(answer);
                      observer.onCompleted();
                    }))
            .build();
    this.service = ServerInterceptors.intercept(raw, new Recorder(contentTypes));
    ServerServiceDefinition healthRaw =
        ServerServiceDefinition.builder(HealthCheckMethod.SERVICE)
            .addMethod(
                HealthCheckMethod.DESCRIPTOR,
                ServerCalls.asyncUnaryCall(
                    (String name, io.grpc.stub.StreamObserver<ServingStatus> observer) -> {
                      observer.onNext(health.get());
                      observer.onCompleted();
                    }))
            .build();
    this.healthService = ServerInterceptors.intercept(healthRaw, new Recorder(healthContentTypes));
  }

  /**
   * Serves the health check from now on (after the next {@link #restart} when already running),
   * answering {@code status}; change it with {@link #health()}.
   */
  public FakePluginServer withHealth(ServingStatus status) {
    health.set(status);
    return this;
  }

  /** The status the health check answers; null when no health service is served. */
  public AtomicReference<ServingStatus> health() {
    return health;
  }

  /** Content types of the health checks received so far. */
  public List<String> healthContentTypes() {
    return List.copyOf(healthContentTypes);
  }

  /** Starts on a free loopback port. */
  public static FakePluginServer start(UnaryOperator<byte[]> responder) throws IOException {
    return start(responder, null);
  }

  /** Starts on a free loopback port, serving the health check with {@code health} as well. */
  public static FakePluginServer startWithHealth(
      UnaryOperator<byte[]> responder, ServingStatus health) throws IOException {
    FakePluginServer fake = new FakePluginServer(responder, null).withHealth(health);
    fake.bind(0);
    return fake;
  }

  /** Starts on a free loopback port, with TLS when {@code ssl} is not null. */
  public static FakePluginServer start(UnaryOperator<byte[]> responder, SslContext ssl)
      throws IOException {
    FakePluginServer fake = new FakePluginServer(responder, ssl);
    fake.bind(0);
    return fake;
  }

  /** Starts on a Unix domain socket at {@code socket} (Linux, epoll transport). */
  public static FakePluginServer startOnUnixSocket(Path socket, UnaryOperator<byte[]> responder)
      throws IOException {
    FakePluginServer fake = new FakePluginServer(responder, null);
    fake.unixGroup = new EpollEventLoopGroup(1);
    fake.server =
        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(fake.unixGroup)
            .workerEventLoopGroup(fake.unixGroup)
            .addService(fake.service)
            .build()
            .start();
    return fake;
  }

  private void bind(int wanted) throws IOException {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", wanted))
            .addService(service);
    if (health.get() != null) {
      builder.addService(healthService);
    }
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    server = builder.build().start();
    port = server.getPort();
  }

  public int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Content types received so far, in order. */
  public List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  /** Kills the server: open connections are dropped at once. */
  public void kill() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Starts again on the same port. */
  public void restart() throws IOException {
    bind(port);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
    if (unixGroup != null) {
      unixGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  private static final class Recorder implements ServerInterceptor {
    private final List<String> seen;

    Recorder(List<String> seen) {
      this.seen = seen;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
      seen.add(String.valueOf(headers.get(CONTENT_TYPE)));
      return next.startCall(call, headers);
    }
  }
}
