package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import io.signpost.server.internal.CertificateFingerprint;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every key type Go's {@code tls.LoadX509KeyPair} loads, in every PEM form it reads, serves
 * handshakes; anything else is refused when the listener starts. The Ed25519 PKCS#8 case is
 * Hyrouter's own {@code TestLoadCertificateFromFiles} input.
 */
class ServerKeyTypesIT {

  enum Form {
    RSA_PKCS1("RSA", null, "RSA PRIVATE KEY"),
    RSA_PKCS8("RSA", null, "PRIVATE KEY"),
    EC_SEC1("EC", "secp256r1", "EC PRIVATE KEY"),
    EC_P384_PKCS8("EC", "secp384r1", "PRIVATE KEY"),
    ED25519_PKCS8("Ed25519", null, "PRIVATE KEY");

    final String algorithm;
    final String curve;
    final String pemType;

    Form(String algorithm, String curve, String pemType) {
      this.algorithm = algorithm;
      this.curve = curve;
      this.pemType = pemType;
    }
  }

  @TempDir Path dir;
  private static QuicTestClient client;
  private QuicListener listener;

  /**
   * The first QUIC handshake in a JVM takes seconds on a busy machine; made here, it does not count
   * against the exchanges below, whose connect deadline is generous as well.
   */
  @BeforeAll
  static void client() {
    client = new QuicTestClient(1);
    client.warmUp();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void handshakesSucceedWithEveryKeyTypeHyrouterLoads(Form form) throws Exception {
    KeyPair pair = generate(form.algorithm, form.curve);
    X509Certificate cert = certificate(pair, form.algorithm);
    Path certFile = write("cert.pem", pem("CERTIFICATE", cert.getEncoded()));
    Path keyFile = write("key.pem", keyPem(pair, form.pemType));

    InetSocketAddress address = start(certFile, keyFile);
    Result result =
        client
            .exchange(Request.of(address, "play.example.com", Frames.connect("x")))
            .orTimeout(QuicTestClient.DEFAULT_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)
            .join();

    assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(Outcome.FIN);
    assertThat(result.serverCertFingerprint()).isEqualTo(CertificateFingerprint.sha256(cert));
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtStart() throws Exception {
    KeyPair one = generate("EC", "secp256r1");
    KeyPair other = generate("EC", "secp256r1");
    Path certFile = write("cert.pem", pem("CERTIFICATE", certificate(one, "EC").getEncoded()));
    Path keyFile = write("key.pem", pem("PRIVATE KEY", other.getPrivate().getEncoded()));

    assertThatThrownBy(() -> start(certFile, keyFile))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("the private key does not match the certificate's public key");
  }

  @Test
  void aKeyOfAnotherTypeIsRefusedAtStart() throws Exception {
    Path certFile =
        write(
            "cert.pem",
            pem("CERTIFICATE", certificate(generate("EC", "secp256r1"), "EC").getEncoded()));
    Path keyFile =
        write("key.pem", pem("PRIVATE KEY", generate("Ed25519", null).getPrivate().getEncoded()));

    assertThatThrownBy(() -> start(certFile, keyFile))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("the private key is Ed25519 but the certificate's public key is EC");
  }

  @Test
  void keyTypesGoDoesNotLoadAreRefusedAtStart() throws Exception {
    KeyPair ed448 = generate("Ed448", null);
    Path certFile =
        write(
            "cert.pem",
            pem("CERTIFICATE", certificate(generate("EC", "secp256r1"), "EC").getEncoded()));
    Path keyFile = write("key.pem", pem("PRIVATE KEY", ed448.getPrivate().getEncoded()));

    assertThatThrownBy(() -> start(certFile, keyFile))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("unsupported private key type 1.3.101.113")
        .hasMessageContaining("expected: RSA, ECDSA or Ed25519");
  }

  @Test
  void encryptedKeysAndEmptyFilesAreRefusedAtStart() throws Exception {
    KeyPair pair = generate("EC", "secp256r1");
    Path certFile = write("cert.pem", pem("CERTIFICATE", certificate(pair, "EC").getEncoded()));
    StringWriter encrypted = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(encrypted)) {
      writer.writeObject(
          new JcaPKCS8Generator(
              pair.getPrivate(),
              new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                  .setProvider(new BouncyCastleProvider())
                  .setPassword("secret".toCharArray())
                  .build()));
    }
    Path keyFile = write("key.pem", encrypted.toString());

    assertThatThrownBy(() -> start(certFile, keyFile))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("the private key is encrypted");
    Path empty = write("empty.pem", "");
    assertThatThrownBy(() -> start(empty, keyFile))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("no CERTIFICATE block");
  }

  private InetSocketAddress start(Path certFile, Path keyFile) {
    listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .tls(certFile, keyFile)
                .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            new RecordingHandler());
    try {
      return listener.start();
    } catch (RuntimeException e) {
      listener = null;
      throw e;
    }
  }

  private static KeyPair generate(String algorithm, String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (curve != null) {
      generator.initialize(new ECGenParameterSpec(curve));
    } else if (algorithm.equals("RSA")) {
      generator.initialize(2048);
    }
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(KeyPair pair, String algorithm) throws Exception {
    X500Name name = new X500Name("CN=play.example.com");
    Instant now = Instant.now();
    String signature =
        switch (algorithm) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> "Ed25519";
        };
    return new JcaX509CertificateConverter()
        .getCertificate(
            new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(4),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofHours(1))),
                    name,
                    pair.getPublic())
                .build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
  }

  /** The key as a PEM block of {@code pemType}: PKCS#1/SEC1 as OpenSSL writes them, or PKCS#8. */
  private static String keyPem(KeyPair pair, String pemType) throws Exception {
    if (pemType.equals("PRIVATE KEY")) {
      return pem(pemType, pair.getPrivate().getEncoded());
    }
    if (pemType.equals("EC PRIVATE KEY")) {
      // SEC1 with the named curve, as openssl ec writes it
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
      ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
      ECPrivateKey sec1 =
          new ECPrivateKey(
              256,
              inner.getKey(),
              new DERBitString(
                  SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())
                      .getPublicKeyData()
                      .getBytes()),
              info.getPrivateKeyAlgorithm().getParameters());
      return pem(pemType, sec1.getEncoded());
    }
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(pair.getPrivate()); // "RSA PRIVATE KEY" / "EC PRIVATE KEY"
    }
    assertThat(out.toString()).startsWith("-----BEGIN " + pemType + "-----");
    return out.toString();
  }

  private static String pem(String type, byte[] der) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    }
    return out.toString();
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
