package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
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

  /** The fingerprint of the peer's leaf certificate, or null when it presented none. */
  public static @Nullable String ofPeer(@Nullable SSLEngine engine) {
    if (engine == null) {
      return null;
    }
    SSLSession session = engine.getSession();
    try {
      Certificate[] chain = session == null ? null : session.getPeerCertificates();
      return chain == null || chain.length == 0 ? null : sha256(chain[0]);
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
