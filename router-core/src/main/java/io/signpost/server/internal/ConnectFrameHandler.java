package io.signpost.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.signpost.annotation.Nullable;
import io.signpost.protocol.Frame;
import io.signpost.protocol.FrameReader;
import io.signpost.protocol.FrameTooLargeException;
import io.signpost.protocol.PacketId;
import io.signpost.server.ListenerObserver;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads one stream of a connection, as Hyrouter reads every stream: frames before the {@code
 * Connect} (packet id 0) are skipped without being held, and the first Connect on a bidirectional
 * stream goes to the session, which answers on that stream. Unidirectional streams are read and
 * discarded: nothing can be answered on them. Every byte counts against the session's budget for
 * what may arrive before the Connect; every declared frame length against the frame cap. One
 * instance per stream.
 */
public final class ConnectFrameHandler extends ChannelInboundHandlerAdapter {

  private final FrameReader reader;
  private @Nullable ConnectionSession session;
  private ConnectionPort.@Nullable Stream stream;
  private boolean bidirectional;
  private boolean done;

  public ConnectFrameHandler(int maxFrameBytes) {
    this.reader = new FrameReader(maxFrameBytes, id -> id == PacketId.CONNECT);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    QuicStreamChannel s = (QuicStreamChannel) ctx.channel();
    ConnectionSession owner = s.parent().attr(ConnectionTracker.SESSION).get();
    ConnectionPort.Stream port = QuicConnectionPort.stream(s);
    if (owner == null || !owner.admit(port)) {
      done = true;
      s.close();
    } else {
      session = owner;
      stream = port;
      bidirectional = port.bidirectional();
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (done || session == null || !(msg instanceof ByteBuf in)) {
        return;
      }
      if (!session.beforeConnect(in.readableBytes())) {
        done = true;
        return;
      }
      for (ByteBuffer chunk : in.nioBuffers()) {
        while (chunk.hasRemaining()) {
          Optional<Frame> frame = reader.read(chunk);
          if (frame.isPresent() && bidirectional) {
            done = true;
            session.onConnect(stream, frame.get().payload(), reader.skippedFrames());
            return;
          }
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
    if (event instanceof ChannelInputShutdownEvent) {
      ended("stream ended");
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    ended("stream closed");
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (session != null && !done) {
      done = true;
      session.refuse(ListenerObserver.UnansweredReason.ERROR, "stream error: " + cause);
    }
  }

  /**
   * The client ended the stream before a Connect. In the middle of a frame that is a broken client,
   * which is closed; at a frame boundary it is a stream that had nothing to say (a Ping, a
   * unidirectional side channel), and the connection waits for the Connect on another stream.
   */
  private void ended(String how) {
    if (done || session == null) {
      return;
    }
    done = true;
    if (!reader.atFrameBoundary()) {
      session.refuse(
          ListenerObserver.UnansweredReason.CLIENT_CLOSED,
          how + " after " + reader.bufferedBytes() + " bytes, before the frame was complete");
    } else {
      session.streamEndedWithoutConnect(stream, reader.skippedFrames());
    }
  }
}
