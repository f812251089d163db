package io.signpost.server.internal;

import io.signpost.file.BoundedFiles;
import io.signpost.server.TlsSetupException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A certificate chain and its private key read from PEM files the way Hyrouter reads them (Go's
 * {@code tls.LoadX509KeyPair}): every {@code CERTIFICATE} block of the certificate file, leaf
 * first; the first private key of the key file, which may be RSA (PKCS#1 or PKCS#8), ECDSA (SEC1 or
 * PKCS#8) or Ed25519 (PKCS#8); and the key must belong to the leaf certificate. Anything else is
 * refused here, at startup, with the reason, rather than failing every handshake later.
 *
 * @param key the private key, as a JDK key in PKCS#8 form
 * @param chain the certificates, leaf first
 */
public record PemKeyPair(PrivateKey key, List<X509Certificate> chain) {

  /** JDK key factory and signature algorithm for each key type Go's TLS stack accepts. */
  private static final Map<ASN1ObjectIdentifier, String[]> KEY_TYPES =
      Map.of(
          PKCSObjectIdentifiers.rsaEncryption, new String[] {"RSA", "SHA256withRSA"},
          X9ObjectIdentifiers.id_ecPublicKey, new String[] {"EC", "SHA256withECDSA"},
          EdECObjectIdentifiers.id_Ed25519, new String[] {"Ed25519", "Ed25519"});

  public PemKeyPair {
    chain = List.copyOf(chain);
  }

  /**
   * Reads and checks the pair.
   *
   * @throws TlsSetupException naming the file and what is wrong with it
   */
  public static PemKeyPair read(Path certFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKeyInfo info = privateKey(keyFile);
    String[] type = KEY_TYPES.get(info.getPrivateKeyAlgorithm().getAlgorithm());
    if (type == null) {
      throw refused(
          keyFile,
          "unsupported private key type "
              + info.getPrivateKeyAlgorithm().getAlgorithm()
              + " (expected: RSA, ECDSA or Ed25519)");
    }
    PrivateKey key;
    try {
      // Re-encoded as PKCS#8 v1 (no attributes, no public key), the form BoringSSL parses.
      byte[] v1 =
          new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey()).getEncoded();
      key = KeyFactory.getInstance(type[0]).generatePrivate(new PKCS8EncodedKeySpec(v1));
    } catch (IOException | GeneralSecurityException e) {
      throw refused(keyFile, "cannot decode the " + type[0] + " private key: " + e.getMessage());
    }
    checkMatch(certFile, chain.get(0).getPublicKey(), key, type[0], type[1]);
    return new PemKeyPair(key, chain);
  }

  private static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser pem = parser(file)) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (NoSuchFileException e) {
      throw refused(file, "no such file (expected: a PEM certificate chain, leaf first)");
    } catch (IOException | CertificateException e) {
      throw refused(file, "not a PEM certificate: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw refused(file, "no CERTIFICATE block (expected: a PEM certificate chain, leaf first)");
    }
    return chain;
  }

  private static PrivateKeyInfo privateKey(Path file) {
    try (PEMParser pem = parser(file)) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return info;
        }
        if (o instanceof PEMKeyPair pair) {
          return pair.getPrivateKeyInfo();
        }
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw refused(file, "the private key is encrypted (expected: an unencrypted PEM key)");
        }
        // other blocks (EC PARAMETERS, certificates) are skipped, as Go skips them
      }
    } catch (NoSuchFileException e) {
      throw refused(file, "no such file (expected: a PEM private key)");
    } catch (IOException e) {
      throw refused(file, "not a PEM private key: " + e.getMessage());
    }
    throw refused(file, "no PRIVATE KEY block (expected: a PEM RSA, EC or PKCS#8 private key)");
  }

  /** Signs with the key and verifies with the certificate: they belong together or they don't. */
  private static void checkMatch(
      Path certFile, PublicKey publicKey, PrivateKey key, String keyType, String algorithm) {
    String publicType =
        publicKey.getAlgorithm().equals("EdDSA") ? "Ed25519" : publicKey.getAlgorithm();
    if (!publicType.equals(keyType)) {
      throw refused(
          certFile,
          "the private key is "
              + keyType
              + " but the certificate's public key is "
              + publicType
              + " (expected: the key of the first certificate)");
    }
    try {
      byte[] probe = "signpost key pair check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw refused(
            certFile,
            "the private key does not match the certificate's public key (expected: the key of"
                + " the first certificate)");
      }
    } catch (GeneralSecurityException e) {
      throw refused(certFile, "cannot check the key against the certificate: " + e.getMessage());
    }
  }

  /** Reads at most {@link BoundedFiles#PEM_FILE_MAX_BYTES} of a regular file; never a pipe. */
  private static PEMParser parser(Path file) throws IOException {
    byte[] pem = BoundedFiles.read(file, BoundedFiles.PEM_FILE_MAX_BYTES, "a PEM file");
    return new PEMParser(
        new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII));
  }

  private static TlsSetupException refused(Path file, String problem) {
    return new TlsSetupException(file + ": " + problem, null);
  }
}
