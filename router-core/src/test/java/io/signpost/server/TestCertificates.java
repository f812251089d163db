package io.signpost.server;

import io.signpost.server.internal.CertificateFingerprint;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Server certificates and keys for tests, as PEM text the listener reads from files. */
public final class TestCertificates {

  private TestCertificates() {}

  /**
   * A self-signed certificate with its key, as PEM.
   *
   * @param certificate the certificate
   * @param certPem its {@code CERTIFICATE} block
   * @param keyPem its key as a PKCS#8 {@code PRIVATE KEY} block
   */
  public record Issued(X509Certificate certificate, String certPem, String keyPem) {

    /** What {@link QuicTestClient.Result#serverCertFingerprint()} reports for it. */
    public String fingerprint() {
      return CertificateFingerprint.sha256(certificate);
    }

    /** What {@link ServerCertificate#sha256()} reports for it. */
    public String sha256Hex() {
      return CertificateFingerprint.sha256Hex(certificate);
    }

    /** Writes the certificate and the key over the files' content, in place. */
    public void writeTo(Path certFile, Path keyFile) {
      try {
        Files.writeString(certFile, certPem);
        Files.writeString(keyFile, keyPem);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** An ECDSA P-256 certificate for {@code commonName}, valid for {@code validity}. */
  public static Issued ec(String commonName, Duration validity) {
    return issue("EC", commonName, validity);
  }

  /** A certificate of {@code algorithm} ({@code EC}, {@code RSA}, {@code Ed25519}). */
  public static Issued issue(String algorithm, String commonName, Duration validity) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else if (algorithm.equals("RSA")) {
        generator.initialize(2048);
      }
      KeyPair pair = generator.generateKeyPair();
      String signature =
          switch (algorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> "Ed25519";
          };
      X500Name name = new X500Name("CN=" + commonName);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          new BigInteger(64, new SecureRandom()),
                          Date.from(now.minus(Duration.ofHours(1))),
                          Date.from(now.plus(validity)),
                          name,
                          pair.getPublic())
                      .build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
      return new Issued(
          certificate,
          pem("CERTIFICATE", certificate.getEncoded()),
          pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a test certificate: " + e, e);
    }
  }

  /** {@code der} as a PEM block of {@code type}. */
  public static String pem(String type, byte[] der) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
