package io.signpost.admin;

import static java.util.Objects.requireNonNull;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.signpost.decision.DecisionLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin HTTP/1.1 listener: {@code GET /metrics} (Prometheus text format 0.0.4), {@code
 * /healthz}, {@code /readyz} and {@code /debug/decisions}. Anything else is 404; any method other
 * than GET is 405. See docs/operations.md.
 *
 * <p>It runs on its own event loop with one thread, so a slow scrape never delays QUIC traffic.
 * Requests are bounded ({@link #MAX_REQUEST_BYTES} of body, {@link #MAX_HEADER_BYTES} of headers);
 * a connection idle for {@link #IDLE_TIMEOUT} is closed. Each connection has one answer in hand at
 * a time: the next request is read, or taken from the few a client sent at once, only once the
 * answer to the last is written, so a client that does not read its answers cannot make the router
 * queue them; at most {@link #MAX_CONNECTIONS} connections are open at once, and more are closed at
 * once. The listener serves whoever can reach its address: keep it on loopback or a private
 * network, since {@code /debug/decisions} shows SNIs and backend addresses.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}; close is idempotent and bounded.
 */
public final class AdminServer implements AutoCloseable {

  /** Largest request body accepted; larger requests get 413. */
  public static final int MAX_REQUEST_BYTES = 8 * 1024;

  /** Largest request line and header block accepted; larger ones get 414 / 431. */
  public static final int MAX_HEADER_BYTES = 8 * 1024;

  /** Most connections open at once; one beyond is closed as soon as it is accepted. */
  public static final int MAX_CONNECTIONS = 128;

  /** A connection with no traffic for this long is closed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

  private final InetSocketAddress address;
  private final AdminHandler handler;
  private final Duration idleTimeout;
  private final AtomicInteger connections = new AtomicInteger();
  private EventLoopGroup group;
  private Channel channel;

  /**
   * @param address where to listen; port 0 picks a free port
   * @param registry the registry {@code /metrics} scrapes
   * @param readiness what {@code /readyz} asks
   * @param decisions what {@code /debug/decisions} shows
   */
  public AdminServer(
      InetSocketAddress address,
      PrometheusMeterRegistry registry,
      Readiness readiness,
      DecisionLog decisions) {
    this(address, registry, readiness, decisions, AdminActions.NONE, IDLE_TIMEOUT);
  }

  /**
   * An admin endpoint that also serves {@code POST /admin/reload} (from loopback clients only) and
   * {@code GET /debug/config} through {@code actions}.
   */
  public AdminServer(
      InetSocketAddress address,
      PrometheusMeterRegistry registry,
      Readiness readiness,
      DecisionLog decisions,
      AdminActions actions) {
    this(address, registry, readiness, decisions, actions, IDLE_TIMEOUT);
  }

  AdminServer(
      InetSocketAddress address,
      PrometheusMeterRegistry registry,
      Readiness readiness,
      DecisionLog decisions,
      Duration idleTimeout) {
    this(address, registry, readiness, decisions, AdminActions.NONE, idleTimeout);
  }

  AdminServer(
      InetSocketAddress address,
      PrometheusMeterRegistry registry,
      Readiness readiness,
      DecisionLog decisions,
      AdminActions actions,
      Duration idleTimeout) {
    this.address = requireNonNull(address, "address");
    this.handler =
        new AdminHandler(
            requireNonNull(registry, "registry"),
            requireNonNull(readiness, "readiness"),
            requireNonNull(decisions, "decisions"),
            requireNonNull(actions, "actions"));
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
  }

  /**
   * Binds and starts serving. Blocks until the socket is bound.
   *
   * @return the bound address (with the real port when 0 was asked)
   * @throws IOException when the address cannot be bound
   * @throws IllegalStateException when already started
   */
  public synchronized InetSocketAddress start() throws IOException {
    if (group != null) {
      throw new IllegalStateException("admin listener already started on " + address);
    }
    group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("signpost-admin", true), NioIoHandler.newFactory());
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 64)
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                      connections.decrementAndGet();
                      ch.close();
                      return;
                    }
                    ch.closeFuture().addListener(closed -> connections.decrementAndGet());
                    ch.pipeline()
                        .addLast(
                            new IdleStateHandler(
                                0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                        .addLast(
                            new HttpServerCodec(
                                MAX_HEADER_BYTES, MAX_HEADER_BYTES, MAX_HEADER_BYTES))
                        .addLast(new HttpServerKeepAliveHandler())
                        .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast(handler);
                  }
                })
            .bind(address)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      Throwable cause = bound.cause();
      shutdownGroup();
      group = null;
      throw cause instanceof IOException io
          ? io
          : new IOException("admin listener: cannot bind " + address + ": " + cause, cause);
    }
    channel = bound.channel();
    return (InetSocketAddress) channel.localAddress();
  }

  /** Stops listening, closes open connections and the event loop; waits at most a few seconds. */
  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis());
      channel = null;
    }
    shutdownGroup();
  }

  private void shutdownGroup() {
    if (group != null) {
      group
          .shutdownGracefully(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis() * 2);
      // Left non-null: a closed server is not restarted.
    }
  }
}
