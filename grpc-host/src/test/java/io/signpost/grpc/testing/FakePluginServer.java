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
import io.signpost.grpc.internal.OnConnectMethod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A grpc-java server for {@code /hyrouter.Plugin/OnConnect} that answers with whatever bytes the
 * test's responder returns (or the status it throws) and records the content-type of every request.
 * Can be stopped and started again on the same port.
 */
public final class FakePluginServer implements AutoCloseable {

  public static final Metadata.Key<String> CONTENT_TYPE =
      Metadata.Key.of("content-type", Metadata.ASCII_STRING_MARSHALLER);

  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final ServerServiceDefinition service;
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
    this.service = ServerInterceptors.intercept(raw, new Recorder());
  }

  /** Starts on a free loopback port. */
  public static FakePluginServer start(UnaryOperator<byte[]> responder) throws IOException {
    return start(responder, null);
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

  private final class Recorder implements ServerInterceptor {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
      contentTypes.add(String.valueOf(headers.get(CONTENT_TYPE)));
      return next.startCall(call, headers);
    }
  }
}
