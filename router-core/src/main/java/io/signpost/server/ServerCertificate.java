package io.signpost.server;

import static java.util.Objects.requireNonNull;

import io.signpost.server.internal.CertificateFingerprint;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * What a listener's leaf certificate is, for logs, metrics and answers to a reload.
 *
 * @param subject the subject's distinguished name (RFC 2253), e.g. {@code CN=play.example.com}
 * @param sha256 SHA-256 of the DER encoding, lower-case hex, as the listener's log lines write it
 * @param notAfter the end of its validity
 * @param keyAlgorithm the key's JDK algorithm name: {@code RSA}, {@code EC}, {@code Ed25519}
 */
public record ServerCertificate(
    String subject, String sha256, Instant notAfter, String keyAlgorithm) {

  public ServerCertificate {
    requireNonNull(subject, "subject");
    requireNonNull(sha256, "sha256");
    requireNonNull(notAfter, "notAfter");
    requireNonNull(keyAlgorithm, "keyAlgorithm");
  }

  /** Describes {@code leaf}. */
  public static ServerCertificate of(X509Certificate leaf) {
    String algorithm = leaf.getPublicKey().getAlgorithm();
    return new ServerCertificate(
        leaf.getSubjectX500Principal().getName(),
        CertificateFingerprint.sha256Hex(leaf),
        leaf.getNotAfter().toInstant(),
        algorithm.equals("EdDSA") ? "Ed25519" : algorithm);
  }

  @Override
  public String toString() {
    return subject + " (" + keyAlgorithm + ", sha256 " + sha256 + ", not after " + notAfter + ")";
  }
}
