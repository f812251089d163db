package io.signpost.server;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;

/**
 * The outcome of {@link QuicListener#reloadCertificate()}: what the listener serves to new
 * connections afterwards, and why.
 *
 * @param status what happened
 * @param serving the certificate new connections get from now on: the new one after {@link
 *     Status#RELOADED}, otherwise the one served before
 * @param previous the certificate served before, after {@link Status#RELOADED}; otherwise null
 * @param error why the files were refused ({@code cert.pem: no CERTIFICATE block ...}), after
 *     {@link Status#REFUSED}; otherwise null
 */
public record CertificateReload(
    Status status,
    ServerCertificate serving,
    @Nullable ServerCertificate previous,
    @Nullable String error) {

  /** What a reload did. */
  public enum Status {
    /** The files hold another certificate or key, which new connections now get. */
    RELOADED,
    /** The files hold the pair already served: nothing changed. */
    UNCHANGED,
    /**
     * The files cannot be used (unreadable, no certificate, a key that does not belong to it, an
     * unsupported or encrypted key): the certificate served before stays.
     */
    REFUSED,
    /** The listener serves a generated self-signed certificate: there are no files to read. */
    NOT_CONFIGURED
  }

  public CertificateReload {
    requireNonNull(status, "status");
    requireNonNull(serving, "serving");
    if ((status == Status.RELOADED) != (previous != null)) {
      throw new IllegalArgumentException("previous: " + previous + " (expected: only if RELOADED)");
    }
    if ((status == Status.REFUSED) != (error != null)) {
      throw new IllegalArgumentException("error: " + error + " (expected: only if REFUSED)");
    }
  }

  static CertificateReload reloaded(ServerCertificate previous, ServerCertificate serving) {
    return new CertificateReload(Status.RELOADED, serving, previous, null);
  }

  static CertificateReload unchanged(ServerCertificate serving) {
    return new CertificateReload(Status.UNCHANGED, serving, null, null);
  }

  static CertificateReload refused(ServerCertificate serving, String error) {
    return new CertificateReload(Status.REFUSED, serving, null, error);
  }

  static CertificateReload notConfigured(ServerCertificate serving) {
    return new CertificateReload(Status.NOT_CONFIGURED, serving, null, null);
  }

  /**
   * Whether the configured files were read and are what new connections get ({@link
   * Status#RELOADED} or {@link Status#UNCHANGED}).
   */
  public boolean succeeded() {
    return status == Status.RELOADED || status == Status.UNCHANGED;
  }
}
