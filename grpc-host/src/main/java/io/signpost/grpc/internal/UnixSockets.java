package io.signpost.grpc.internal;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;

/**
 * Unix domain socket channels: grpc-java's shaded Netty speaks them through its native epoll
 * transport, available on Linux (x86_64 and aarch64). One small event loop group, created on first
 * use and shared by every plugin on a socket, carries their I/O; its threads are daemons.
 */
final class UnixSockets {

  private static volatile EventLoopGroup group;

  private UnixSockets() {}

  /**
   * Points {@code builder} at the epoll domain socket transport.
   *
   * @throws IOException when the native transport is not available on this platform
   */
  static void configure(NettyChannelBuilder builder) throws IOException {
    if (!Epoll.isAvailable()) {
      throw new IOException(
          "unix sockets need grpc-java's native epoll transport, which is not available here"
              + " (Linux x86_64 or aarch64): "
              + Epoll.unavailabilityCause());
    }
    builder
        .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
        .eventLoopGroup(group());
  }

  private static EventLoopGroup group() {
    EventLoopGroup g = group;
    if (g == null) {
      synchronized (UnixSockets.class) {
        g = group;
        if (g == null) {
          g = new EpollEventLoopGroup(1, new DefaultThreadFactory("signpost-grpc-uds", true));
          group = g;
        }
      }
    }
    return g;
  }
}
