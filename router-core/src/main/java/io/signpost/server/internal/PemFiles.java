package io.signpost.server.internal;

import io.signpost.file.BoundedFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the listener's PEM certificate chain and private key, each through {@link BoundedFiles} (a
 * regular file of at most {@link BoundedFiles#PEM_FILE_MAX_BYTES}). Keys may be PKCS#8, PKCS#1
 * (RSA) or SEC1 (EC), unencrypted; other PEM blocks in the same file are skipped, so a file holding
 * both the chain and the key serves as either.
 */
final class PemFiles {

  private PemFiles() {}

  /** The certificates of {@code file}, in file order; at least one. */
  static X509Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser parser = parser(file)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          out.add(converter.getCertificate(holder));
        }
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException(file + ": no PEM certificate in the file");
    }
    return out.toArray(X509Certificate[]::new);
  }

  /** The first private key of {@code file}. */
  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = parser(file)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new GeneralSecurityException(
              file + ": the private key is encrypted (expected: an unencrypted key)");
        }
      }
    }
    throw new GeneralSecurityException(file + ": no PEM private key in the file");
  }

  private static PEMParser parser(Path file) throws IOException {
    byte[] pem = BoundedFiles.read(file, BoundedFiles.PEM_FILE_MAX_BYTES, "a PEM file");
    return new PEMParser(
        new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII));
  }
}
