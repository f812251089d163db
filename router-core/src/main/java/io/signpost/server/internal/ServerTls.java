package io.signpost.server.internal;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.signpost.server.ListenerSettings;
import io.signpost.server.TlsSetupException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the listener's TLS context.
 *
 * <p>SNI and the optional client certificate together: Netty reports the server name only through
 * an SNI mapping ({@code SniCompletionEvent} on the connection), but {@code
 * QuicSslContextBuilder.buildForServerWithSni} builds the outer context with client authentication
 * off, and the verify mode of a connection is fixed by the context it starts on, so a client
 * certificate would never be requested. Here the one context carries the key, the ALPN list, client
 * authentication {@link ClientAuth#OPTIONAL} and an SNI mapping that answers with the very same
 * context: switching to itself changes nothing in BoringSSL, but makes Netty fire the {@code
 * SniCompletionEvent}.
 *
 * <p>The configured key and certificate are read by {@link PemKeyPair} (every key type Hyrouter's
 * Go TLS stack loads: RSA, ECDSA, Ed25519) and offered through {@link SingleKeyManager}, so the
 * native stack never looks a key up by a type name it does not know.
 *
 * <p><b>Rotation.</b> Every context made here (the main one and those per ALPN value) shares one
 * {@link SingleKeyManager}, which Netty's certificate callback asks on every handshake; {@link
 * #reload} swaps the pair it holds, so new handshakes get the new certificate on every context and
 * connections already open keep theirs. Nothing is rebuilt.
 *
 * <p>Client certificates are accepted without any chain validation ({@link
 * PeerCertificateRecorder}, which also remembers the leaf for {@link CertificateFingerprint}): the
 * router does not authenticate anybody itself, the certificate is an identity hint whose
 * fingerprint plugins may check against their own lists. Validating chains against a CA store would
 * only reject clients that plugins might want to see.
 */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  /** Most contexts kept for single {@code hytale/<n>} values beyond the fixed list. */
  static final int MAX_VERSION_CONTEXTS = 64;

  private final SingleKeyManager keyManager;
  private final boolean selfSigned;
  private final Map<String, QuicSslContext> byProtocol = new ConcurrentHashMap<>();
  private volatile QuicSslContext context;

  private ServerTls(PemKeyPair pair, boolean selfSigned) {
    this.keyManager = new SingleKeyManager(pair);
    this.selfSigned = selfSigned;
  }

  /**
   * A pair replaced by {@link #reload}.
   *
   * @param previous served before
   * @param current served from now on; equal to {@code previous} when the files held the same
   * @param changed whether the certificate chain or the key differ
   */
  public record Swap(PemKeyPair previous, PemKeyPair current, boolean changed) {}

  /**
   * The server context for {@code settings}; generates a self-signed certificate if none. With
   * {@value ListenerSettings#HYTALE_WILDCARD} configured, each connection whose offer {@link
   * OfferedAlpnHandler} read is switched, through the server-name callback, to a context offering
   * exactly the protocol {@link AlpnList#highestHytale} selects; such contexts are made on first
   * use and kept, at most {@value #MAX_VERSION_CONTEXTS}, after which the fixed list serves.
   */
  public static ServerTls build(ListenerSettings settings) {
    boolean selfSigned = settings.certFile() == null || settings.keyFile() == null;
    ServerTls tls = new ServerTls(keyPair(settings), selfSigned);
    boolean wildcard = AlpnList.hasWildcard(settings.alpn());
    List<String> alpn = AlpnList.expand(settings.alpn());
    AtomicReference<QuicSslContext> self = new AtomicReference<>();
    QuicSslContextBuilder builder =
        tls.builder(alpn).sni(serverName -> wildcard ? tls.forOffer(self.get()) : self.get());
    try {
      self.set(builder.build());
    } catch (RuntimeException e) {
      throw new TlsSetupException("cannot build the TLS context: " + e.getMessage(), e);
    }
    tls.context = self.get();
    return tls;
  }

  /** The server context for the QUIC codec. */
  public QuicSslContext context() {
    return context;
  }

  /** The pair offered to new handshakes. */
  public PemKeyPair pair() {
    return keyManager.pair();
  }

  /** Whether the pair is a generated self-signed one, with no files to reload it from. */
  public boolean selfSigned() {
    return selfSigned;
  }

  /**
   * Reads {@code certFile} and {@code keyFile} again and, when they hold a usable pair, offers it
   * to every handshake from now on. Thread-safe; blocks on the file system.
   *
   * @throws TlsSetupException naming the file and what is wrong with it; the pair served before
   *     stays
   */
  public synchronized Swap reload(Path certFile, Path keyFile) {
    PemKeyPair next = PemKeyPair.read(certFile, keyFile);
    PemKeyPair previous = keyManager.pair();
    if (samePair(previous, next)) {
      return new Swap(previous, previous, false);
    }
    keyManager.replace(next);
    return new Swap(previous, next, true);
  }

  private static boolean samePair(PemKeyPair a, PemKeyPair b) {
    if (!Arrays.equals(a.key().getEncoded(), b.key().getEncoded())
        || a.chain().size() != b.chain().size()) {
      return false;
    }
    try {
      for (int i = 0; i < a.chain().size(); i++) {
        X509Certificate x = a.chain().get(i);
        X509Certificate y = b.chain().get(i);
        if (!Arrays.equals(x.getEncoded(), y.getEncoded())) {
          return false;
        }
      }
      return true;
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  /** The context for the connection being handshaken on this thread. */
  private QuicSslContext forOffer(QuicSslContext fallback) {
    List<String> offered = OfferedAlpnHandler.current();
    String protocol = offered == null ? null : AlpnList.highestHytale(offered);
    if (protocol == null) {
      return fallback;
    }
    QuicSslContext known = byProtocol.get(protocol);
    if (known != null) {
      return known;
    }
    if (byProtocol.size() >= MAX_VERSION_CONTEXTS) {
      return fallback;
    }
    try {
      return byProtocol.computeIfAbsent(protocol, p -> builder(List.of(p)).build());
    } catch (RuntimeException e) {
      LOG.warn("cannot build a TLS context for ALPN {}: {}", protocol, e.toString());
      return fallback;
    }
  }

  private QuicSslContextBuilder builder(List<String> alpn) {
    return QuicSslContextBuilder.forServer(keyManager, null)
        .applicationProtocols(alpn.toArray(String[]::new))
        .clientAuth(ClientAuth.OPTIONAL)
        .trustManager(PeerCertificateRecorder.INSTANCE)
        .earlyData(false);
  }

  private static PemKeyPair keyPair(ListenerSettings settings) {
    if (settings.certFile() == null || settings.keyFile() == null) {
      SelfSignedCertificate generated = SelfSignedCertificate.generate("signpost.invalid");
      LOG.warn(
          "no tls.cert_file/tls.key_file configured: using a generated self-signed certificate"
              + " (sha256 {})",
          CertificateFingerprint.sha256Hex(generated.certificate()));
      return new PemKeyPair(generated.key(), List.of(generated.certificate()));
    }
    PemKeyPair pair = PemKeyPair.read(settings.certFile(), settings.keyFile());
    LOG.info(
        "tls: {} key, certificate {} (sha256 {})",
        pair.key().getAlgorithm(),
        pair.chain().get(0).getSubjectX500Principal().getName(),
        CertificateFingerprint.sha256Hex(pair.chain().get(0)));
    return pair;
  }
}
