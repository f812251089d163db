package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The listener's trust manager: accepts every client certificate without validation (they are
 * identity hints for plugins, see {@link ServerTls}) and records the leaf on the connection's TLS
 * session, so that {@link CertificateFingerprint#ofPeer} learns whether a client presented one
 * without asking {@link SSLSession#getPeerCertificates()}, which throws (with a stack trace) for
 * every client that did not.
 *
 * <p>Called by the TLS stack on the connection's event loop, only when a client sends a
 * certificate. Stateless and thread-safe.
 */
final class PeerCertificateRecorder extends X509ExtendedTrustManager {

  static final PeerCertificateRecorder INSTANCE = new PeerCertificateRecorder();

  /** The session value holding the client's leaf certificate. */
  private static final String LEAF = PeerCertificateRecorder.class.getName() + ".leaf";

  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private PeerCertificateRecorder() {}

  /** The leaf certificate recorded on {@code session}, or null when the client sent none. */
  static @Nullable Certificate leaf(SSLSession session) {
    return session.getValue(LEAF) instanceof Certificate leaf ? leaf : null;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    SSLSession session = engine == null ? null : engine.getSession();
    if (session != null && chain != null && chain.length > 0) {
      session.putValue(LEAF, chain[0]);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS;
  }
}
