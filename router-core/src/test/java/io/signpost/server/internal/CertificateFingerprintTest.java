package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/**
 * The client certificate's fingerprint comes from what the listener's trust manager recorded, and a
 * client without one never reaches the throwing {@link SSLSession#getPeerCertificates()}.
 */
class CertificateFingerprintTest {

  /** A session with a value map whose peer-certificate accessors fail the test if called. */
  private static SSLSession session() {
    Map<String, Object> values = new HashMap<>();
    return (SSLSession)
        Proxy.newProxyInstance(
            SSLSession.class.getClassLoader(),
            new Class<?>[] {SSLSession.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "putValue" -> values.put((String) args[0], args[1]);
                  case "getValue" -> values.get((String) args[0]);
                  default -> throw new AssertionError(method.getName() + " must not be called");
                });
  }

  @Test
  void aClientWithoutCertificateHasNoFingerprintAndNoPeerCertificateLookUp() {
    assertThat(CertificateFingerprint.ofPeer(session())).isNull();
    assertThat(CertificateFingerprint.ofPeer((SSLSession) null)).isNull();
    assertThat(CertificateFingerprint.ofPeer((javax.net.ssl.SSLEngine) null)).isNull();
  }

  @Test
  void theRecordedLeafIsFingerprintedAsHyrouterWritesIt() {
    SelfSignedCertificate leaf = SelfSignedCertificate.generate("player.test");
    SelfSignedCertificate issuer = SelfSignedCertificate.generate("issuer.test");
    SSLSession session = session();
    FakeEngine engine = new FakeEngine(session);

    PeerCertificateRecorder.INSTANCE.checkClientTrusted(
        new X509Certificate[] {leaf.certificate(), issuer.certificate()}, "EC", engine);

    assertThat(CertificateFingerprint.ofPeer(engine))
        .isEqualTo(CertificateFingerprint.sha256(leaf.certificate()))
        .matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void anEmptyChainRecordsNothing() {
    SSLSession session = session();
    PeerCertificateRecorder.INSTANCE.checkClientTrusted(
        new X509Certificate[0], "EC", new FakeEngine(session));

    assertThat(CertificateFingerprint.ofPeer(session)).isNull();
  }
}
