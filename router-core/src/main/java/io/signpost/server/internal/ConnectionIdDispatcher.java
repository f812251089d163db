package io.signpost.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.quic.QuicCodecDispatcher;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.util.function.BiFunction;

/**
 * First handler of every listener socket, one instance shared by all of them: Netty's {@link
 * QuicCodecDispatcher} gives each socket an index, encoded into the connection IDs its QUIC codec
 * issues, and hands each short-header packet to the socket (and event loop) whose index its
 * destination connection ID carries. With {@code SO_REUSEPORT} the kernel picks the receiving
 * socket by source address only, so a packet can arrive on another loop than the one that owns its
 * connection (after a client's address changed, for instance); this is what brings it home.
 * Long-header packets (Initial, Handshake) stay on the socket that received them, where the
 * connection was created.
 *
 * <p>Per socket it installs the ALPN offer reader (when {@code hytale/*} is configured) and a QUIC
 * codec made by {@code codecs} for that socket's connection ID length and generator.
 */
public final class ConnectionIdDispatcher extends QuicCodecDispatcher {

  private final boolean readAlpnOffer;
  private final BiFunction<Integer, QuicConnectionIdGenerator, ChannelHandler> codecs;

  /**
   * @param readAlpnOffer whether to install {@link OfferedAlpnHandler} in front of the codec
   * @param codecs a new codec for a connection ID length and generator; called once per socket
   */
  public ConnectionIdDispatcher(
      boolean readAlpnOffer,
      BiFunction<Integer, QuicConnectionIdGenerator, ChannelHandler> codecs) {
    this.readAlpnOffer = readAlpnOffer;
    this.codecs = codecs;
  }

  @Override
  protected void initChannel(
      Channel channel, int localConnectionIdLength, QuicConnectionIdGenerator idGenerator) {
    if (readAlpnOffer) {
      channel.pipeline().addLast(new OfferedAlpnHandler());
    }
    channel.pipeline().addLast(codecs.apply(localConnectionIdLength, idGenerator));
  }
}
