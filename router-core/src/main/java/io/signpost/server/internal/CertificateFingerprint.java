package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * SHA-256 fingerprints of certificates: of the DER encoding, written as Hyrouter writes them
 * (base64url without padding, 43 characters) for plugins, or in lower-case hex for logs.
 */
public final class CertificateFingerprint {
  private CertificateFingerprint() {}

  /** The fingerprint of {@code certificate}, base64url without padding, as Hyrouter sends it. */
  public static String sha256(Certificate certificate) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(certificate));
  }

  /** The fingerprint of {@code certificate} in lower-case hex. */
  public static String sha256Hex(Certificate certificate) {
    return HexFormat.of().formatHex(digest(certificate));
  }

  private static byte[] digest(Certificate certificate) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint certificate: " + e, e);
    }
  }

  /**
   * The fingerprint of the client's leaf certificate, or null when it presented none. Reads what
   * {@link PeerCertificateRecorder} (the listener's trust manager) recorded on the session, so a
   * client without a certificate costs no {@code SSLPeerUnverifiedException}.
   */
  public static @Nullable String ofPeer(@Nullable SSLEngine engine) {
    return engine == null ? null : ofPeer(engine.getSession());
  }

  /** As {@link #ofPeer(SSLEngine)}, for the engine's session. */
  static @Nullable String ofPeer(@Nullable SSLSession session) {
    Certificate leaf = session == null ? null : PeerCertificateRecorder.leaf(session);
    return leaf == null ? null : sha256(leaf);
  }
}
