package io.signpost.server.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.signpost.annotation.Nullable;
import io.signpost.server.ListenerObserver;
import java.net.InetSocketAddress;

/**
 * First handler of every QUIC connection: admits or refuses it as soon as it exists (before the
 * handshake completes), creates its {@link ConnectionSession}, feeds it the SNI, and tells it when
 * the connection closes. One instance per connection.
 */
public final class ConnectionTracker extends ChannelInboundHandlerAdapter {

  /** Where a connection keeps its session, for its streams to find. */
  public static final AttributeKey<ConnectionSession> SESSION =
      AttributeKey.valueOf(ConnectionTracker.class, "session");

  /** QUIC transport error CONNECTION_REFUSED (RFC 9000, section 20.1). */
  private static final int REFUSED_TRANSPORT_ERROR = 0x2;

  private final ListenerContext context;
  private @Nullable ConnectionSession session;

  /** Whether the observer was told this connection was accepted (its handshake completed). */
  private boolean reportedAccepted;

  public ConnectionTracker(ListenerContext context) {
    this.context = context;
  }

  @Override
  public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
    QuicChannel channel = (QuicChannel) ctx.channel();
    InetSocketAddress remote = (InetSocketAddress) channel.remoteSocketAddress();
    boolean closing = context.phase() == ListenerContext.Phase.CLOSING;
    if (!context.admission().tryAdmit(remote, closing)) {
      context.observer().handshakeFailed(ListenerObserver.HandshakeFailureReason.LIMIT);
      // Closed once the Initial packet that created the connection has been processed, so that
      // the TLS stack can send the client a CONNECTION_CLOSE instead of leaving it to retransmit.
      channel
          .eventLoop()
          .execute(
              () ->
                  channel.close(
                      false, REFUSED_TRANSPORT_ERROR, Unpooled.copiedBuffer("busy", US_ASCII)));
    } else {
      session = new ConnectionSession(new QuicConnectionPort(channel), context);
      channel.attr(SESSION).set(session);
      context.opened(session);
    }
    super.channelRegistered(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (session != null) {
      if (event instanceof SniCompletionEvent sni) {
        session.onSni(sni.hostname());
      } else if (event instanceof SslHandshakeCompletionEvent done) {
        if (done.isSuccess()) {
          reportedAccepted = true;
          context.observer().accepted();
        } else {
          session.handshakeFailed(done.cause());
          context.observer().handshakeFailed(classify(done.cause()));
        }
      }
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closed();
    super.channelInactive(ctx);
  }

  @Override
  public void channelUnregistered(ChannelHandlerContext ctx) throws Exception {
    closed();
    super.channelUnregistered(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (session != null) {
      session.refuse(ListenerObserver.UnansweredReason.ERROR, "connection error: " + cause);
    }
  }

  private void closed() {
    ConnectionSession s = session;
    if (s != null) {
      session = null;
      s.onClosed();
      if (reportedAccepted) {
        context.observer().closed();
      }
    }
  }

  /**
   * The metric reason of a failed handshake. BoringSSL reports a client offering no acceptable ALPN
   * protocol as {@code NO_APPLICATION_PROTOCOL}, hence the underscores read as blanks.
   */
  static ListenerObserver.HandshakeFailureReason classify(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message =
          String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
      if (message.contains("alpn") || message.contains("application protocol")) {
        return ListenerObserver.HandshakeFailureReason.ALPN;
      }
    }
    return cause instanceof javax.net.ssl.SSLException
        ? ListenerObserver.HandshakeFailureReason.TLS
        : ListenerObserver.HandshakeFailureReason.OTHER;
  }
}
