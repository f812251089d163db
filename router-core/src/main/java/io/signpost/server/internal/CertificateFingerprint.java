package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** SHA-256 fingerprints of certificates, in lower-case hex. */
public final class CertificateFingerprint {
  private CertificateFingerprint() {}

  /** The fingerprint of the DER encoding of {@code certificate}. */
  public static String sha256(Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.of().formatHex(digest);
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
