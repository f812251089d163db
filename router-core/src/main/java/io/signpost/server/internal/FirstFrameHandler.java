package io.signpost.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;
import io.signpost.annotation.Nullable;
import io.signpost.protocol.Frame;
import io.signpost.protocol.FrameReader;
import io.signpost.protocol.FrameTooLargeException;
import io.signpost.server.ListenerObserver;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads the first frame of a connection's first bidirectional stream with the protocol's {@link
 * FrameReader} and hands it to the session. Other streams are closed. Never holds more than the
 * frame header plus the allowed payload, and the payload buffer grows with the bytes that arrive,
 * not with the declared length; bytes after the first frame are dropped. One instance per stream.
 */
public final class FirstFrameHandler extends ChannelInboundHandlerAdapter {

  private final FrameReader reader;
  private @Nullable ConnectionSession session;
  private boolean done;

  public FirstFrameHandler(int maxFrameBytes) {
    this.reader = new FrameReader(maxFrameBytes);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
    ConnectionSession owner = stream.parent().attr(ConnectionTracker.SESSION).get();
    if (owner == null
        || stream.type() != QuicStreamType.BIDIRECTIONAL
        || !owner.claim(QuicConnectionPort.stream(stream))) {
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
      for (ByteBuffer chunk : in.nioBuffers()) {
        Optional<Frame> frame = reader.read(chunk);
        if (frame.isPresent()) {
          done = true;
          session.onFrame(frame.get().packetId(), frame.get().payload());
          return;
        }
      }
    } catch (FrameTooLargeException tooLarge) {
      done = true;
      session.refuse(ListenerObserver.UnansweredReason.FRAME_TOO_LARGE, tooLarge.getMessage());
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
          "stream ended after "
              + reader.bufferedBytes()
              + " bytes, before the first frame was complete");
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (!done && session != null) {
      done = true;
      session.refuse(
          ListenerObserver.UnansweredReason.CLIENT_CLOSED,
          "stream closed after " + reader.bufferedBytes() + " bytes, before the first frame");
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
