package io.signpost.server;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.text.GoDuration;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the QUIC listener needs to know. The listener has no defaults of its own: the router
 * fills every setting from its configuration, whose defaults are {@code
 * io.signpost.config.ConfigDefaults} (the values noted below).
 *
 * @param bindAddress the UDP address to listen on; port 0 picks a free port ({@link
 *     QuicListener#start()} returns the bound one)
 * @param certFile PEM certificate chain; together with {@code keyFile}, or both null for a
 *     generated self-signed certificate (logged at start)
 * @param keyFile PEM private key (PKCS#8, or PKCS#1/SEC1), unencrypted
 * @param alpn accepted ALPN values, in order of preference; the entry {@value #HYTALE_WILDCARD}
 *     selects the highest {@code hytale/<n>} the client offers, for any {@code n} (and any other
 *     {@code hytale/...} value when none has a number), as Hyrouter does. Default {@code
 *     [hytale/*]}
 * @param maxIdleTimeout QUIC idle timeout (default 30 s)
 * @param retry whether new clients must first echo a stateless Retry token, which proves they own
 *     their source address (default true)
 * @param retryTokenKey the key of those tokens; listeners with the same key accept each other's
 *     tokens. Null (the default) for a random key drawn when the listener starts
 * @param connectTimeout how long a connection may take from its first packet to a complete first
 *     frame, and separately how long the connection handler may take to answer (default 5 s)
 * @param maxFrameBytes the largest first-frame payload accepted (default 65536)
 * @param maxConnections connections open at once; more are refused during the handshake (default
 *     10000)
 * @param maxNewConnectionsPerSource new connections per second per source IP address, as a token
 *     bucket of that size refilled at that rate (default 50)
 * @param shutdownGrace how long {@link QuicListener#shutdown()} lets open connections finish
 *     (default 10 s)
 * @param logClientIp whether decision log lines carry the client's address (default false)
 * @param eventLoops event loop threads, each with its own UDP socket on the same port (Linux epoll
 *     with {@code SO_REUSEPORT}; one NIO loop where epoll is unavailable), 1 to {@value
 *     #MAX_EVENT_LOOPS} (default: the available processors, at most {@value #MAX_EVENT_LOOPS})
 */
public record ListenerSettings(
    InetSocketAddress bindAddress,
    @Nullable Path certFile,
    @Nullable Path keyFile,
    List<String> alpn,
    Duration maxIdleTimeout,
    boolean retry,
    @Nullable RetryTokenKey retryTokenKey,
    Duration connectTimeout,
    int maxFrameBytes,
    int maxConnections,
    int maxNewConnectionsPerSource,
    Duration shutdownGrace,
    boolean logClientIp,
    int eventLoops) {

  /** The most event loops a listener runs. */
  public static final int MAX_EVENT_LOOPS = 256;

  /** The ALPN entry that stands for every {@code hytale/<n>}. */
  public static final String HYTALE_WILDCARD = "hytale/*";

  /**
   * The highest {@code <n>} of the fixed list {@code hytale/N ... hytale/1} that stands for {@value
   * #HYTALE_WILDCARD} when a client's ALPN offer cannot be read before the handshake (no SNI, an
   * unreadable Initial packet). Otherwise the wildcard selects the highest {@code hytale/<n>} the
   * client offers, for any {@code n}, as Hyrouter does.
   */
  public static final int HYTALE_WILDCARD_MAX_VERSION = 32;

  public ListenerSettings {
    requireNonNull(bindAddress, "bindAddress");
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException(
          "certFile: " + certFile + ", keyFile: " + keyFile + " (expected: both or neither)");
    }
    alpn = List.copyOf(requireNonNull(alpn, "alpn"));
    if (alpn.isEmpty() || alpn.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("alpn: " + alpn + " (expected: non-blank entries)");
    }
    requirePositive(maxIdleTimeout, "maxIdleTimeout");
    requirePositive(connectTimeout, "connectTimeout");
    requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException(
          "shutdownGrace: " + GoDuration.format(shutdownGrace) + " (expected: >= 0)");
    }
    requirePositive(maxFrameBytes, "maxFrameBytes");
    requirePositive(maxConnections, "maxConnections");
    requirePositive(maxNewConnectionsPerSource, "maxNewConnectionsPerSource");
    if (eventLoops < 1 || eventLoops > MAX_EVENT_LOOPS) {
      throw new IllegalArgumentException(
          "eventLoops: " + eventLoops + " (expected: 1.." + MAX_EVENT_LOOPS + ")");
    }
  }

  /**
   * A builder listening on {@code bindAddress}, with no certificate (a self-signed one is made) and
   * every other setting still to be set.
   */
  public static Builder builder(InetSocketAddress bindAddress) {
    return new Builder(bindAddress);
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder(bindAddress)
        .tls(certFile, keyFile)
        .alpn(alpn)
        .maxIdleTimeout(maxIdleTimeout)
        .retry(retry)
        .retryTokenKey(retryTokenKey)
        .connectTimeout(connectTimeout)
        .maxFrameBytes(maxFrameBytes)
        .maxConnections(maxConnections)
        .maxNewConnectionsPerSource(maxNewConnectionsPerSource)
        .shutdownGrace(shutdownGrace)
        .logClientIp(logClientIp)
        .eventLoops(eventLoops);
  }

  private static void requirePositive(Duration value, String name) {
    requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(
          name + ": " + GoDuration.format(value) + " (expected: > 0)");
    }
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }

  /** Mutable builder; {@link #build()} validates and names any setting left unset. */
  public static final class Builder {
    private InetSocketAddress bindAddress;
    private @Nullable Path certFile;
    private @Nullable Path keyFile;
    private @Nullable List<String> alpn;
    private @Nullable Duration maxIdleTimeout;
    private @Nullable Boolean retry;
    private @Nullable RetryTokenKey retryTokenKey;
    private @Nullable Duration connectTimeout;
    private @Nullable Integer maxFrameBytes;
    private @Nullable Integer maxConnections;
    private @Nullable Integer maxNewConnectionsPerSource;
    private @Nullable Duration shutdownGrace;
    private @Nullable Boolean logClientIp;
    private @Nullable Integer eventLoops;

    private Builder(InetSocketAddress bindAddress) {
      this.bindAddress = bindAddress;
    }

    public Builder bindAddress(InetSocketAddress bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /** PEM certificate chain and key; both null for a generated self-signed certificate. */
    public Builder tls(@Nullable Path certFile, @Nullable Path keyFile) {
      this.certFile = certFile;
      this.keyFile = keyFile;
      return this;
    }

    public Builder alpn(List<String> alpn) {
      this.alpn = alpn;
      return this;
    }

    public Builder maxIdleTimeout(Duration maxIdleTimeout) {
      this.maxIdleTimeout = maxIdleTimeout;
      return this;
    }

    public Builder retry(boolean retry) {
      this.retry = retry;
      return this;
    }

    /** The Retry token key; null for a random one per listener. */
    public Builder retryTokenKey(@Nullable RetryTokenKey retryTokenKey) {
      this.retryTokenKey = retryTokenKey;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder maxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    public Builder maxNewConnectionsPerSource(int maxNewConnectionsPerSource) {
      this.maxNewConnectionsPerSource = maxNewConnectionsPerSource;
      return this;
    }

    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
      return this;
    }

    public Builder logClientIp(boolean logClientIp) {
      this.logClientIp = logClientIp;
      return this;
    }

    public Builder eventLoops(int eventLoops) {
      this.eventLoops = eventLoops;
      return this;
    }

    /**
     * @throws IllegalStateException naming the first setting left unset
     * @throws IllegalArgumentException naming a setting out of bounds
     */
    public ListenerSettings build() {
      return new ListenerSettings(
          bindAddress,
          certFile,
          keyFile,
          set(alpn, "alpn"),
          set(maxIdleTimeout, "maxIdleTimeout"),
          set(retry, "retry"),
          retryTokenKey,
          set(connectTimeout, "connectTimeout"),
          set(maxFrameBytes, "maxFrameBytes"),
          set(maxConnections, "maxConnections"),
          set(maxNewConnectionsPerSource, "maxNewConnectionsPerSource"),
          set(shutdownGrace, "shutdownGrace"),
          set(logClientIp, "logClientIp"),
          set(eventLoops, "eventLoops"));
    }

    private static <T> T set(@Nullable T value, String name) {
      if (value == null) {
        throw new IllegalStateException(
            name
                + ": not set (expected: a value; the router sets every one from its configuration)");
      }
      return value;
    }
  }
}
