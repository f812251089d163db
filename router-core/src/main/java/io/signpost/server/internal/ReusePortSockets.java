package io.signpost.server.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.signpost.server.ListenerBindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's UDP sockets and their event loops: on Linux with Netty's epoll transport, one
 * socket per event loop, all bound to the same address with {@code SO_REUSEPORT}, so that the
 * kernel spreads datagrams over the loops by source address; elsewhere one NIO socket on one loop,
 * with a WARN line when more loops were asked for. The same {@code handler} is installed on every
 * socket ({@link ConnectionIdDispatcher} is sharable for that reason).
 *
 * <p>Threads are daemon threads named {@code signpost-quic-*}. Not thread-safe to {@link #bind};
 * {@link #close} may be called from any thread.
 */
public final class ReusePortSockets {
  private static final Logger LOG = LoggerFactory.getLogger("io.signpost.server.QuicListener");

  private final EventLoopGroup group;
  private final List<Channel> channels;

  private ReusePortSockets(EventLoopGroup group, List<Channel> channels) {
    this.group = group;
    this.channels = List.copyOf(channels);
  }

  /**
   * Binds {@code loops} sockets (or one without epoll) to {@code address}, each with {@code
   * handler}. Port 0 picks one free port, shared by all of them.
   *
   * @throws ListenerBindException when a socket cannot be bound; nothing stays open then
   */
  public static ReusePortSockets bind(
      InetSocketAddress address, int loops, ChannelHandler handler) {
    boolean epoll = Epoll.isAvailable();
    int n = epoll ? loops : 1;
    if (!epoll) {
      LOG.warn(
          "listener: Netty epoll unavailable ({}): running 1 NIO event loop instead of {}",
          Epoll.unavailabilityCause(),
          loops);
    }
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            n,
            new DefaultThreadFactory("signpost-quic", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Bootstrap bootstrap = new Bootstrap().group(group).handler(handler);
    if (epoll) {
      bootstrap.channel(EpollDatagramChannel.class).option(EpollChannelOption.SO_REUSEPORT, true);
    } else {
      bootstrap.channel(NioDatagramChannel.class);
    }
    List<Channel> channels = new ArrayList<>(n);
    InetSocketAddress target = address;
    try {
      if (epoll) {
        target = claimExclusively(address);
      }
      for (int i = 0; i < n; i++) {
        Channel channel = bindOne(bootstrap, target);
        channels.add(channel);
        target = (InetSocketAddress) channel.localAddress();
      }
    } catch (Exception e) { // Netty rethrows the checked java.net.BindException unchecked
      channels.forEach(Channel::close);
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new ListenerBindException(address, e);
    }
    LOG.info(
        "listener: {} event loop{} ({})",
        n,
        n == 1 ? "" : "s",
        epoll ? "epoll, SO_REUSEPORT" : "nio");
    return new ReusePortSockets(group, channels);
  }

  /**
   * Binds and releases a plain socket without {@code SO_REUSEPORT}: this fails when anything holds
   * the port, another listener's {@code SO_REUSEPORT} group included, which a socket that sets the
   * option would silently join (and share its traffic). Returns the address with the real port.
   */
  private static InetSocketAddress claimExclusively(InetSocketAddress address)
      throws SocketException {
    try (DatagramSocket probe = new DatagramSocket(null)) {
      probe.setReuseAddress(false);
      probe.bind(address);
      return new InetSocketAddress(address.getAddress(), probe.getLocalPort());
    }
  }

  private static Channel bindOne(Bootstrap bootstrap, InetSocketAddress address) {
    ChannelFuture bound = bootstrap.bind(address).syncUninterruptibly();
    return bound.channel();
  }

  /** The address every socket is bound to. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channels.get(0).localAddress();
  }

  /** How many sockets (and event loops) there are. */
  public int size() {
    return channels.size();
  }

  /** The event loop of the first socket: where listener-wide tasks such as the drain run. */
  public EventLoop firstLoop() {
    return channels.get(0).eventLoop();
  }

  /** Closes every socket, then stops the event loops; completes when they have terminated. */
  public CompletableFuture<Void> close() {
    CompletableFuture<?>[] closed = new CompletableFuture<?>[channels.size()];
    for (int i = 0; i < closed.length; i++) {
      CompletableFuture<Void> one = new CompletableFuture<>();
      channels.get(i).close().addListener(f -> one.complete(null));
      closed[i] = one;
    }
    CompletableFuture<Void> terminated = new CompletableFuture<>();
    CompletableFuture.allOf(closed)
        .whenComplete(
            (ok, error) ->
                group
                    .shutdownGracefully(0, 1, TimeUnit.SECONDS)
                    .addListener(done -> terminated.complete(null)));
    return terminated;
  }
}
