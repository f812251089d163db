package io.signpost.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.signpost.annotation.Nullable;
import java.util.List;

/**
 * Sits in front of the QUIC codec on the listener's socket: reads the ALPN offer of each client's
 * ClientHello ({@link ClientHelloAlpn}) and makes it visible, through {@link #current}, to the TLS
 * server-name callback, which runs on this thread while the codec handles the datagram that
 * completes the ClientHello. One instance per socket.
 */
public final class OfferedAlpnHandler extends ChannelInboundHandlerAdapter {

  private static final ThreadLocal<List<String>> CURRENT = new ThreadLocal<>();

  private final ClientHelloAlpn reader = new ClientHelloAlpn();

  /** The offer of the ClientHello being handled on this thread; null outside a handshake. */
  static @Nullable List<String> current() {
    return CURRENT.get();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    List<String> offered =
        msg instanceof DatagramPacket packet ? reader.accept(packet.content().nioBuffer()) : null;
    if (offered == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    CURRENT.set(offered);
    try {
      ctx.fireChannelRead(msg);
    } finally {
      CURRENT.remove();
    }
  }
}
