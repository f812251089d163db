package io.signpost.server.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.Future;
import io.signpost.annotation.Nullable;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A {@link ConnectionPort} on a Netty {@link QuicChannel}: its event loop is the thread. */
final class QuicConnectionPort implements ConnectionPort {

  private final QuicChannel channel;
  private final InetSocketAddress remoteAddress;

  QuicConnectionPort(QuicChannel channel) {
    this.channel = channel;
    this.remoteAddress = (InetSocketAddress) channel.remoteSocketAddress();
  }

  @Override
  public Timer schedule(Runnable task, Duration delay) {
    Future<?> future = channel.eventLoop().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public boolean inConnectionThread() {
    return channel.eventLoop().inEventLoop();
  }

  @Override
  public void execute(Runnable task) {
    channel.eventLoop().execute(task);
  }

  @Override
  public void close(int code, String reason) {
    if (channel.isOpen()) {
      channel.close(true, code, Unpooled.copiedBuffer(reason, StandardCharsets.US_ASCII));
    }
  }

  @Override
  public boolean isTimedOut() {
    return channel.isTimedOut();
  }

  @Override
  public String alpn() {
    String alpn = channel.sslEngine() == null ? null : channel.sslEngine().getApplicationProtocol();
    return alpn == null ? "" : alpn;
  }

  @Override
  public @Nullable String clientCertFingerprint() {
    return CertificateFingerprint.ofPeer(channel.sslEngine());
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** The answering stream of a connection. */
  static Stream stream(QuicStreamChannel stream) {
    return new Stream() {
      @Override
      public long id() {
        return stream.streamId();
      }

      @Override
      public boolean bidirectional() {
        return stream.type() == QuicStreamType.BIDIRECTIONAL;
      }

      @Override
      public void writeAndFinish(byte[] framedPacket, Consumer<@Nullable Throwable> written) {
        stream
            .writeAndFlush(new DefaultQuicStreamFrame(Unpooled.wrappedBuffer(framedPacket), true))
            .addListener(done -> written.accept(done.isSuccess() ? null : done.cause()));
      }
    };
  }
}
