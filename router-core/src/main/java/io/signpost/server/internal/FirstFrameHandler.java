package io.signpost.server.internal;

import io.signpost.server.ListenerObserver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;
import io.signpost.annotation.Nullable;

/**
 * Reads the first frame of a connection's first bidirectional stream and hands it to the session.
 * Other streams are closed. Never holds more than the frame header plus the allowed payload; bytes
 * after the first frame are dropped. One instance per stream.
 */
public final class FirstFrameHandler extends ChannelInboundHandlerAdapter {

  private final FirstFrameReader reader;
  private @Nullable ConnectionSession session;
  private boolean done;

  public FirstFrameHandler(int maxFrameBytes) {
    this.reader = new FirstFrameReader(maxFrameBytes);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
    ConnectionSession owner = stream.parent().attr(ConnectionTracker.SESSION).get();
    if (owner == null || stream.type() != QuicStreamType.BIDIRECTIONAL || !owner.claim(stream)) {
      done = true;
      stream.close();
    } else {
      session = owner;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (done || session == null || !(msg instanceof ByteBuf in)) {
        return;
      }
      FirstFrameReader.Result result = reader.offer(in);
      if (result instanceof FirstFrameReader.Complete frame) {
        done = true;
        session.onFrame(frame.packetId(), frame.payload());
      } else if (result instanceof FirstFrameReader.TooLarge tooLarge) {
        done = true;
        session.refuse(ListenerObserver.UnansweredReason.FRAME_TOO_LARGE, tooLarge.message());
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof ChannelInputShutdownEvent && !done && session != null) {
      done = true;
      session.refuse(
          ListenerObserver.UnansweredReason.CLIENT_CLOSED,
          "stream ended after " + reader.bytesRead() + " bytes, before the first frame was complete");
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (!done && session != null) {
      done = true;
      session.refuse(
          ListenerObserver.UnansweredReason.CLIENT_CLOSED,
          "stream closed after " + reader.bytesRead() + " bytes, before the first frame");
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (session != null) {
      session.refuse(ListenerObserver.UnansweredReason.ERROR, "stream error: " + cause);
    }
  }
}
