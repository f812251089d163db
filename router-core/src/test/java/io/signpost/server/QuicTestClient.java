package io.signpost.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.BoringSSLContextOption;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.signpost.annotation.Nullable;
import io.signpost.server.internal.CertificateFingerprint;
import io.signpost.server.internal.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A QUIC client for tests and the load generator: connects with a given SNI, ALPN list and optional
 * client certificate, opens one bidirectional stream, sends bytes, and returns everything received
 * until FIN, connection close or a timeout. Each exchange uses its own UDP socket, like separate
 * clients would. Server certificates are not checked.
 */
public final class QuicTestClient implements AutoCloseable {

  /**
   * The timeout of a {@link Request#of} exchange: generous, because tests expect the server to end
   * the exchange first, and a busy machine must not make the client give up on an answer.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * A stream the client opens, in order, before the one whose answer it waits for.
   *
   * @param type bidirectional or unidirectional
   * @param bytes what it sends
   * @param fin whether it ends its side after the bytes
   */
  public record Prelude(QuicStreamType type, byte[] bytes, boolean fin) {}

  /**
   * One exchange to run. {@code send} empty means: connect, open no stream, say nothing. The {@code
   * prelude} streams are opened and written first; the answer is read from the last stream.
   */
  public record Request(
      InetSocketAddress server,
      @Nullable String sni,
      List<String> alpn,
      @Nullable SelfSignedCertificate clientCertificate,
      byte[] send,
      boolean finAfterSend,
      Duration timeout,
      List<Prelude> prelude) {

    public Request(
        InetSocketAddress server,
        @Nullable String sni,
        List<String> alpn,
        @Nullable SelfSignedCertificate clientCertificate,
        byte[] send,
        boolean finAfterSend,
        Duration timeout) {
      this(server, sni, alpn, clientCertificate, send, finAfterSend, timeout, List.of());
    }

    public static Request of(InetSocketAddress server, String sni, byte[] send) {
      return new Request(server, sni, List.of("hytale/2"), null, send, false, DEFAULT_TIMEOUT);
    }

    /** Ends the client's side of the stream (FIN) together with the bytes. */
    public Request withFin() {
      return new Request(server, sni, alpn, clientCertificate, send, true, timeout, prelude);
    }

    public Request withSni(@Nullable String value) {
      return new Request(
          server, value, alpn, clientCertificate, send, finAfterSend, timeout, prelude);
    }

    public Request withAlpn(List<String> value) {
      return new Request(
          server, sni, value, clientCertificate, send, finAfterSend, timeout, prelude);
    }

    public Request withClientCertificate(SelfSignedCertificate value) {
      return new Request(server, sni, alpn, value, send, finAfterSend, timeout, prelude);
    }

    public Request withTimeout(Duration value) {
      return new Request(server, sni, alpn, clientCertificate, send, finAfterSend, value, prelude);
    }

    /** Opens {@code streams} first, in order. */
    public Request withPrelude(List<Prelude> streams) {
      return new Request(
          server, sni, alpn, clientCertificate, send, finAfterSend, timeout, List.copyOf(streams));
    }
  }

  /** How an exchange ended. */
  public enum Outcome {
    /** The server ended its side of the stream. */
    FIN,
    /** The connection was closed (by the server, or timed out at the QUIC level) before FIN. */
    CLOSED,
    /** The handshake did not complete. */
    CONNECT_FAILED,
    /** Nothing conclusive before the request's timeout. */
    TIMEOUT
  }

  /**
   * @param received bytes received on the stream
   * @param alpn negotiated ALPN, null if the handshake failed
   * @param closeEvent the server's CONNECTION_CLOSE, if one arrived before the outcome
   * @param elapsedNanos from the start of the exchange to its outcome
   */
  public record Result(
      Outcome outcome,
      byte[] received,
      @Nullable String alpn,
      @Nullable QuicConnectionCloseEvent closeEvent,
      @Nullable String serverCertFingerprint,
      @Nullable Throwable error,
      long elapsedNanos) {}

  private final EventLoopGroup group;

  public QuicTestClient(int threads) {
    group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory("quic-test-client", true), NioIoHandler.newFactory());
  }

  /**
   * Runs one answered exchange against a listener of its own and waits for it. The first QUIC
   * handshake in a JVM loads and compiles the TLS and QUIC stack, which takes seconds on a busy
   * machine; tests whose deadlines must also cover a handshake call this first.
   */
  public void warmUp() {
    QuicListener listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .connectTimeout(DEFAULT_TIMEOUT)
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            new RecordingHandler());
    try {
      InetSocketAddress address = listener.start();
      Result result =
          exchange(Request.of(address, "warm-up.example.com", Frames.connect("warm-up")))
              .orTimeout(DEFAULT_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)
              .join();
      if (result.outcome() != Outcome.FIN) {
        throw new IllegalStateException("warm-up exchange ended " + result);
      }
    } finally {
      listener.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  /** Runs one exchange; the future always completes, at the latest after the request's timeout. */
  public CompletableFuture<Result> exchange(Request request) {
    Exchange exchange = new Exchange(request, null);
    exchange.start();
    return exchange.result;
  }

  /**
   * A UDP socket bound once for successive exchanges shaped like {@code template} (same server,
   * SNI, ALPN and certificate), as one client reconnecting would. Cheaper than {@link #exchange}
   * for load generation.
   */
  public Endpoint endpoint(Request template) {
    return new Endpoint(template);
  }

  /** See {@link #endpoint}. */
  public final class Endpoint implements AutoCloseable {
    private final Request template;
    private final Channel channel;

    private Endpoint(Request template) {
      this.template = template;
      this.channel =
          new Bootstrap()
              .group(group)
              .channel(NioDatagramChannel.class)
              .handler(codec(template))
              .bind(new InetSocketAddress(template.server().getAddress(), 0))
              .syncUninterruptibly()
              .channel();
    }

    /** One exchange sending {@code send} on a new connection over this socket. */
    public CompletableFuture<Result> exchange(byte[] send) {
      Request request =
          new Request(
              template.server(),
              template.sni(),
              template.alpn(),
              template.clientCertificate(),
              send,
              template.finAfterSend(),
              template.timeout());
      Exchange exchange = new Exchange(request, channel);
      channel.eventLoop().execute(exchange::start);
      return exchange.result;
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
    }
  }

  private ChannelHandler codec(Request request) {
    QuicSslContext ssl = sslContext(request);
    String sni =
        request.sni() != null ? request.sni() : request.server().getAddress().getHostAddress();
    int port = request.server().getPort();
    return new QuicClientCodecBuilder()
        .sslEngineProvider(q -> ssl.newEngine(q.alloc(), sni, port))
        .maxIdleTimeout(request.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)
        .initialMaxData(4 << 20)
        .initialMaxStreamDataBidirectionalLocal(1 << 20)
        .initialMaxStreamDataBidirectionalRemote(1 << 20)
        .initialMaxStreamsBidirectional(4)
        .initialMaxStreamsUnidirectional(4)
        .initialMaxStreamDataUnidirectional(1 << 20)
        .build();
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final String[] SIGNATURE_ALGORITHMS = {
    "ed25519",
    "ecdsa_secp256r1_sha256",
    "rsa_pss_rsae_sha256",
    "rsa_pkcs1_sha256",
    "ecdsa_secp384r1_sha384",
    "rsa_pss_rsae_sha384",
    "rsa_pkcs1_sha384",
    "rsa_pss_rsae_sha512",
    "rsa_pkcs1_sha512"
  };

  private final Map<List<Object>, QuicSslContext> contexts = new ConcurrentHashMap<>();

  private QuicSslContext sslContext(Request request) {
    List<Object> key = Arrays.asList(request.alpn(), request.clientCertificate());
    return contexts.computeIfAbsent(key, k -> newSslContext(request));
  }

  private static QuicSslContext newSslContext(Request request) {
    QuicSslContextBuilder builder =
        QuicSslContextBuilder.forClient()
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            // BoringSSL's default list, plus Ed25519, which Go clients (and Hyrouter's own
            // generated certificate) use.
            .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, SIGNATURE_ALGORITHMS)
            .applicationProtocols(request.alpn().toArray(String[]::new));
    SelfSignedCertificate cert = request.clientCertificate();
    if (cert != null) {
      builder.keyManager(cert.key(), null, cert.certificate());
    }
    return builder.build();
  }

  private static @Nullable String serverFingerprint(QuicChannel channel) {
    try {
      var chain = channel.sslEngine().getSession().getPeerCertificates();
      return CertificateFingerprint.sha256(chain[0]);
    } catch (Exception e) {
      return null;
    }
  }

  private final class Exchange {
    final Request request;
    final CompletableFuture<Result> result = new CompletableFuture<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final long startNanos = System.nanoTime();
    volatile @Nullable Channel datagram;
    volatile @Nullable QuicChannel quic;
    volatile @Nullable QuicConnectionCloseEvent closeEvent;

    final @Nullable Channel shared;

    /**
     * @param shared a bound socket to use and leave open, or null for a socket of its own
     */
    Exchange(Request request, @Nullable Channel shared) {
      this.request = request;
      this.shared = shared;
    }

    void start() {
      if (shared != null) {
        connect(shared);
        return;
      }
      try {
        new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .handler(codec(request))
            .bind(new InetSocketAddress(request.server().getAddress(), 0))
            .addListener(
                bound -> {
                  if (!bound.isSuccess()) {
                    finish(Outcome.CONNECT_FAILED, bound.cause());
                  } else {
                    datagram = ((ChannelFuture) bound).channel();
                    connect(datagram);
                  }
                });
      } catch (RuntimeException e) {
        finish(Outcome.CONNECT_FAILED, e);
      }
    }

    void connect(Channel ch) {
      ch.eventLoop()
          .schedule(
              () -> finish(Outcome.TIMEOUT, null),
              request.timeout().toNanos(),
              TimeUnit.NANOSECONDS);
      QuicChannel.newBootstrap(ch)
          .handler(new ConnectionWatch())
          .streamHandler(new ChannelInboundHandlerAdapter())
          .remoteAddress(request.server())
          .connect()
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  finish(Outcome.CONNECT_FAILED, f.cause());
                } else {
                  quic = (QuicChannel) f.getNow();
                  onConnected(quic);
                }
              });
    }

    void onConnected(QuicChannel channel) {
      openPrelude(channel, 0);
    }

    /** Opens prelude stream {@code i}, then the next; after the last, the answering stream. */
    void openPrelude(QuicChannel channel, int i) {
      if (i == request.prelude().size()) {
        openMain(channel);
        return;
      }
      Prelude p = request.prelude().get(i);
      channel
          .newStreamBootstrap()
          .type(p.type())
          .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
          .handler(new ChannelInboundHandlerAdapter())
          .create()
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  finish(Outcome.CLOSED, f.cause());
                  return;
                }
                ((QuicStreamChannel) f.getNow())
                    .writeAndFlush(
                        new DefaultQuicStreamFrame(Unpooled.wrappedBuffer(p.bytes()), p.fin()))
                    .addListener(written -> openPrelude(channel, i + 1));
              });
    }

    void openMain(QuicChannel channel) {
      if (request.send().length == 0) {
        return;
      }
      channel
          .newStreamBootstrap()
          .type(QuicStreamType.BIDIRECTIONAL)
          .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
          .handler(new StreamReader())
          .create()
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  finish(Outcome.CLOSED, f.cause());
                  return;
                }
                QuicStreamChannel stream = (QuicStreamChannel) f.getNow();
                stream.writeAndFlush(
                    new DefaultQuicStreamFrame(
                        Unpooled.wrappedBuffer(request.send()), request.finAfterSend()));
              });
    }

    synchronized void finish(Outcome outcome, @Nullable Throwable error) {
      if (result.isDone()) {
        return;
      }
      QuicChannel q = quic;
      String alpn =
          q == null || q.sslEngine() == null ? null : q.sslEngine().getApplicationProtocol();
      result.complete(
          new Result(
              outcome,
              received.toByteArray(),
              alpn,
              closeEvent,
              q == null ? null : serverFingerprint(q),
              error,
              System.nanoTime() - startNanos));
      if (q != null) {
        q.close();
      }
      Channel d = datagram;
      if (d != null) {
        d.eventLoop().schedule(() -> d.close(), 50, TimeUnit.MILLISECONDS);
      }
    }

    final class ConnectionWatch extends ChannelInboundHandlerAdapter {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof QuicConnectionCloseEvent close) {
          closeEvent = close;
          finish(quic == null ? Outcome.CONNECT_FAILED : Outcome.CLOSED, null);
        }
        super.userEventTriggered(ctx, evt);
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(quic == null ? Outcome.CONNECT_FAILED : Outcome.CLOSED, cause);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        finish(quic == null ? Outcome.CONNECT_FAILED : Outcome.CLOSED, null);
        super.channelInactive(ctx);
      }
    }

    final class StreamReader extends ChannelInboundHandlerAdapter {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
          if (msg instanceof ByteBuf buf) {
            synchronized (Exchange.this) {
              byte[] bytes = new byte[buf.readableBytes()];
              buf.readBytes(bytes);
              received.writeBytes(bytes);
            }
          }
        } finally {
          ReferenceCountUtil.release(msg);
        }
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
          finish(Outcome.FIN, null);
        }
        super.userEventTriggered(ctx, evt);
      }
    }
  }
}
