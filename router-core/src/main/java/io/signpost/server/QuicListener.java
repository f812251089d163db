package io.signpost.server;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.signpost.annotation.Nullable;
import io.signpost.protocol.FrameHeader;
import io.signpost.server.internal.AlpnList;
import io.signpost.server.internal.ConnectFrameHandler;
import io.signpost.server.internal.ConnectionAdmission;
import io.signpost.server.internal.ConnectionIdDispatcher;
import io.signpost.server.internal.ConnectionSession;
import io.signpost.server.internal.ConnectionTracker;
import io.signpost.server.internal.HmacRetryTokenHandler;
import io.signpost.server.internal.ListenerContext;
import io.signpost.server.internal.ListenerContext.Phase;
import io.signpost.server.internal.ReusePortSockets;
import io.signpost.server.internal.ServerTls;
import io.signpost.text.GoDuration;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QUIC front door: accepts connections, reads their streams (bidirectional and unidirectional,
 * frames before the {@code Connect} skipped) until the first {@code Connect}, asks the {@link
 * ConnectionHandler} what to answer, writes the answer on the Connect's stream, ends it and closes
 * the connection. Knows nothing of routing or plugins.
 *
 * <p>Life: {@link #start()} once, then {@link #shutdown()} (or {@link #close()}). Network work runs
 * on {@link ListenerSettings#eventLoops()} Netty event loop threads ({@code signpost-quic-*}), one
 * UDP socket each on the same port ({@code SO_REUSEPORT}, Linux epoll; one NIO loop elsewhere); a
 * connection stays on the loop that accepted it, and packets reaching another loop are handed to it
 * by connection ID ({@link ConnectionIdDispatcher}). The handler is called on the connection's
 * loop, concurrently for connections of different loops, and must not block.
 *
 * <p>Limits, each enforced here: QUIC idle timeout; the connect timeout (from the first packet to a
 * complete Connect, and again for the handler's answer); the frame size cap (a larger declared
 * length closes the connection; flow control windows are sized to the cap); at most {@link
 * ConnectionSession#MAX_STREAMS} streams and four frames' worth of bytes before the Connect;
 * concurrent connections and new connections per source IP per second (refused during the
 * handshake); stateless Retry with HMAC tokens against spoofed source addresses.
 *
 * <p>The certificate can be replaced while the listener runs ({@link #reloadCertificate()}): new
 * handshakes get the new one, open connections keep theirs.
 */
public final class QuicListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QuicListener.class);

  private final ListenerSettings settings;
  private final ListenerContext context;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean shutdownBegun = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile @Nullable ServerTls tls;
  private final RetryTokenKey retryKey;
  private volatile ReusePortSockets sockets;

  public QuicListener(ListenerSettings settings, ConnectionHandler handler) {
    this(settings, handler, ListenerObserver.NONE);
  }

  /** A listener that reports connection events to {@code observer} (for metrics). */
  public QuicListener(
      ListenerSettings settings, ConnectionHandler handler, ListenerObserver observer) {
    this(settings, handler, observer, System::nanoTime);
  }

  /** As above, with the per-source rate limit refilled on {@code nanoClock} (a test's clock). */
  QuicListener(
      ListenerSettings settings,
      ConnectionHandler handler,
      ListenerObserver observer,
      LongSupplier nanoClock) {
    this.settings = requireNonNull(settings, "settings");
    this.retryKey =
        settings.retryTokenKey() != null ? settings.retryTokenKey() : RetryTokenKey.random();
    ConnectionAdmission admission =
        new ConnectionAdmission(
            settings.maxConnections(),
            settings.maxNewConnectionsPerSource(),
            settings.logClientIp(),
            requireNonNull(nanoClock, "nanoClock"));
    this.context =
        new ListenerContext(
            settings,
            requireNonNull(handler, "handler"),
            admission,
            requireNonNull(observer, "observer"),
            this::finish);
  }

  /**
   * Fails with a clear {@link QuicUnavailableException} unless Netty's native QUIC library loads on
   * this machine.
   */
  public static void requireNativeQuic() {
    if (!Quic.isAvailable()) {
      throw new QuicUnavailableException(Quic.unavailabilityCause());
    }
  }

  /**
   * Builds TLS, binds the UDP socket and starts accepting. Blocks until bound.
   *
   * @return the bound address (the real port when the settings asked for port 0)
   * @throws QuicUnavailableException the native QUIC library is missing
   * @throws TlsSetupException the certificate or key cannot be used
   * @throws ListenerBindException the socket cannot be bound
   * @throws IllegalStateException when called twice
   */
  public InetSocketAddress start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("listener already started");
    }
    requireNativeQuic();
    ServerTls built = ServerTls.build(settings);
    tls = built;
    QuicSslContext ssl = built.context();
    sockets =
        ReusePortSockets.bind(
            settings.bindAddress(),
            settings.eventLoops(),
            new ConnectionIdDispatcher(
                AlpnList.hasWildcard(settings.alpn()),
                (idLength, idGenerator) -> codec(ssl, idLength, idGenerator)));
    InetSocketAddress bound = sockets.localAddress();
    LOG.info(
        "listening on udp {} alpn={} retry={} max_connections={} max_new_connections_per_source={}"
            + " event_loops={}",
        bound,
        settings.alpn(),
        settings.retry(),
        settings.maxConnections(),
        settings.maxNewConnectionsPerSource(),
        sockets.size());
    return bound;
  }

  /** One socket's QUIC codec; the connection IDs it issues carry the socket's index. */
  private ChannelHandler codec(
      QuicSslContext ssl, int connectionIdLength, QuicConnectionIdGenerator idGenerator) {
    long window = (long) settings.maxFrameBytes() + FrameHeader.SIZE;
    int maxFrame = settings.maxFrameBytes();
    QuicServerCodecBuilder builder = new QuicServerCodecBuilder();
    if (settings.retry()) {
      builder.tokenHandler(new HmacRetryTokenHandler(Clock.systemUTC(), retryKey));
    }
    return builder
        .sslContext(ssl)
        .localConnectionIdLength(connectionIdLength)
        .connectionIdAddressGenerator(idGenerator)
        .maxIdleTimeout(settings.maxIdleTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .initialMaxData(window)
        .initialMaxStreamDataBidirectionalRemote(window)
        .initialMaxStreamDataBidirectionalLocal(0)
        .initialMaxStreamsBidirectional(ConnectionSession.MAX_STREAMS)
        .initialMaxStreamsUnidirectional(ConnectionSession.MAX_STREAMS)
        .initialMaxStreamDataUnidirectional(window)
        .handler(
            new ChannelInitializer<QuicChannel>() {
              @Override
              protected void initChannel(QuicChannel ch) {
                ch.pipeline().addLast(new ConnectionTracker(context));
              }
            })
        .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .streamHandler(
            new ChannelInitializer<QuicStreamChannel>() {
              @Override
              protected void initChannel(QuicStreamChannel ch) {
                ch.pipeline().addLast(new ConnectFrameHandler(maxFrame));
              }
            })
        .build();
  }

  /**
   * Stops the listener gracefully and returns at once. Connections keep being accepted during the
   * grace period, but their Connect frames are answered with {@link ConnectionHandler#onFailure}
   * ({@link ListenerShutdownException}); connections already with the handler get its answer. When
   * no connection is left, or when {@link ListenerSettings#shutdownGrace()} has passed, whatever is
   * still open is answered with onFailure where a stream exists, or closed, and the socket and
   * event loop are released. Idempotent; callable from any thread.
   *
   * @return completes when the socket is closed and the event loop has terminated
   */
  public CompletableFuture<Void> shutdown() {
    if (!shutdownBegun.compareAndSet(false, true)) {
      return terminated;
    }
    if (sockets == null) {
      finished.set(true);
      terminated.complete(null);
      return terminated;
    }
    sockets.firstLoop().execute(this::beginDrain);
    return terminated;
  }

  private void beginDrain() {
    context.phase(Phase.DRAINING);
    int open = context.admission().open();
    LOG.info(
        "shutting down: {} open connections, grace {}",
        open,
        GoDuration.format(settings.shutdownGrace()));
    if (open == 0) {
      finish();
      return;
    }
    sockets
        .firstLoop()
        .schedule(this::abortRemaining, settings.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void abortRemaining() {
    if (finished.get()) {
      return;
    }
    context.phase(Phase.CLOSING);
    List<ConnectionSession> remaining = List.copyOf(context.sessions());
    LOG.info("shutdown grace ended: aborting {} connections", remaining.size());
    AtomicBoolean answering = new AtomicBoolean();
    CompletableFuture<?>[] aborted = new CompletableFuture<?>[remaining.size()];
    for (int i = 0; i < aborted.length; i++) {
      aborted[i] =
          remaining
              .get(i)
              .abortOnItsLoop()
              .thenAccept(
                  answers -> {
                    if (answers) {
                      answering.set(true);
                    }
                  });
    }
    CompletableFuture.allOf(aborted)
        .whenComplete(
            (ok, error) -> {
              long forceAfter =
                  answering.get() ? ConnectionSession.ANSWER_LINGER.toMillis() + 500 : 200;
              sockets.firstLoop().schedule(this::finish, forceAfter, TimeUnit.MILLISECONDS);
            });
  }

  private void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    context.phase(Phase.CLOSING);
    sockets
        .close()
        .whenComplete(
            (ok, error) -> {
              LOG.info("listener stopped");
              terminated.complete(null);
            });
  }

  /**
   * The certificate new connections get.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public ServerCertificate certificate() {
    return ServerCertificate.of(started().pair().chain().get(0));
  }

  /**
   * Reads {@link ListenerSettings#certFile()} and {@link ListenerSettings#keyFile()} again and
   * serves their pair to connections whose handshake starts afterwards; connections already open,
   * or in their handshake, keep the certificate they got. A pair that cannot be used (unreadable,
   * empty or half-written, no certificate, a key that does not belong to the first certificate, an
   * encrypted or unsupported key) is refused with the reason, and the certificate served before
   * stays. Logs the outcome (INFO, or WARN when refused) and returns it; never throws for bad
   * files.
   *
   * <p>Callable from any thread, concurrently, also after {@link #shutdown()}; blocks while it
   * reads and checks the files (a few milliseconds), never the event loop.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public CertificateReload reloadCertificate() {
    ServerTls current = started();
    ServerCertificate before = ServerCertificate.of(current.pair().chain().get(0));
    if (current.selfSigned()) {
      LOG.info("tls: no tls.cert_file/tls.key_file configured: nothing to reload");
      return CertificateReload.notConfigured(before);
    }
    ServerTls.Swap swap;
    try {
      swap = current.reload(settings.certFile(), settings.keyFile());
    } catch (TlsSetupException e) {
      LOG.warn("tls: certificate reload refused, still serving {}: {}", before, e.getMessage());
      return CertificateReload.refused(before, e.getMessage());
    }
    if (!swap.changed()) {
      LOG.info("tls: certificate files unchanged, serving {}", before);
      return CertificateReload.unchanged(before);
    }
    ServerCertificate after = ServerCertificate.of(swap.current().chain().get(0));
    LOG.info("tls: certificate reloaded: new connections get {} (was {})", after, before);
    return CertificateReload.reloaded(before, after);
  }

  private ServerTls started() {
    ServerTls current = tls;
    if (current == null) {
      throw new IllegalStateException("listener not started");
    }
    return current;
  }

  /** Connections admitted and not yet closed. */
  public int openConnections() {
    return context.admission().open();
  }

  /** {@link #shutdown()} and wait for it, at most the grace period plus a few seconds. */
  @Override
  public void close() {
    try {
      shutdown().get(settings.shutdownGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("listener did not stop in time: {}", e.toString());
    }
  }
}
