package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.runtime.RunningRouter.Answer;
import io.signpost.server.CertificateReload;
import io.signpost.server.CertificateReload.Status;
import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.TestCertificates;
import io.signpost.server.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router watches {@code tls.cert_file} and {@code tls.key_file}, mounted as Kubernetes mounts a
 * Secret: a swapped {@code ..data} link serves the new certificate to new connections while one
 * opened before is still answered; a broken pair leaves the old one serving and is counted.
 */
@Timeout(180)
class CertificateRotationEndToEndIT {

  private static final String CONFIG =
      """
      listen: "127.0.0.1:0"
      admin: {listen: ""}
      tls:
        cert_file: "%s"
        key_file: "%s"
      limits:
        connect_timeout: 60s
      routing:
        default:
          strategy: round_robin
          backends: [{host: game.internal, port: 5601}]
      plugins:
        - name: gate
          type: fake
          timeout: 30s
          config:
            rules:
              held.example.com: {hold: true}
      """;

  @TempDir Path dir;
  private final FakePlugins plugins = new FakePlugins();
  private int version;
  private int connections;

  @Test
  void aRotatedSecretIsServedToNewConnectionsAndABrokenOneIsRefused() throws Exception {
    Issued first = TestCertificates.ec("a.example.com", Duration.ofDays(30));
    mount(first.certPem(), first.keyPem());
    Path certFile = dir.resolve("tls.crt");
    Path keyFile = dir.resolve("tls.key");
    try (RunningRouter router =
        RunningRouter.start(CONFIG.formatted(certFile, keyFile), plugins.factories())) {
      assertThat(expiry(router)).contains((double) epochSeconds(first));
      CompletableFuture<Answer> open =
          router.exchange(router.request("held.example.com", RunningRouter.connect("one", "en")));
      plugins.nextRequest("gate");

      Issued second = TestCertificates.issue("RSA", "b.example.com", Duration.ofDays(90));
      mount(second.certPem(), second.keyPem());
      Eventually.until(
          "a new connection gets the rotated certificate",
          () -> fingerprint(router),
          second.fingerprint()::equals);
      assertThat(reloads(router, "success")).contains(1.0);
      assertThat(expiry(router)).contains((double) epochSeconds(second));

      plugins.release();
      Answer kept = open.get(60, TimeUnit.SECONDS);
      assertThat(kept.isReferral()).as(kept.toString()).isTrue();
      assertThat(kept.result().serverCertFingerprint()).isEqualTo(first.fingerprint());

      Issued third = TestCertificates.ec("c.example.com", Duration.ofDays(30));
      mount(third.certPem(), second.keyPem());
      Eventually.until(
          "the mismatched pair is refused",
          () -> reloads(router, "failure"),
          Optional.of(1.0)::equals);
      assertThat(fingerprint(router)).isEqualTo(second.fingerprint());

      CertificateReload direct = router.runtime.reloadCertificate();
      assertThat(direct.status()).isEqualTo(Status.REFUSED);
      assertThat(direct.error())
          .contains("the private key is RSA but the certificate's public key is EC");
      assertThat(reloads(router, "failure")).contains(2.0);
      assertThat(reloads(router, "success")).contains(1.0);
    }
  }

  @Test
  void aSelfSignedRouterHasNothingToRotate() throws Exception {
    try (RunningRouter router =
        RunningRouter.start(
            CONFIG.replaceAll("(?s)tls:.*?limits:", "limits:"), plugins.factories())) {
      assertThat(router.runtime.reloadCertificate().status()).isEqualTo(Status.NOT_CONFIGURED);
      assertThat(reloads(router, "success")).contains(0.0);
      assertThat(reloads(router, "failure")).contains(0.0);
      assertThat(expiry(router)).isPresent();
    }
  }

  /**
   * Writes the pair as the kubelet updates a Secret volume: into a new directory, then a new {@code
   * ..data} link renamed over the old one; {@code tls.crt} and {@code tls.key} point into {@code
   * ..data}.
   */
  private void mount(String certPem, String keyPem) throws Exception {
    Path target = Files.createDirectory(dir.resolve("..2026_01_0" + ++version));
    Files.writeString(target.resolve("tls.crt"), certPem);
    Files.writeString(target.resolve("tls.key"), keyPem);
    Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), target.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    for (String name : new String[] {"tls.crt", "tls.key"}) {
      if (!Files.isSymbolicLink(dir.resolve(name))) {
        Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
      }
    }
  }

  /**
   * The certificate a new connection gets. Each has an SNI of its own: the test client resumes TLS
   * sessions per server name, and a resumed session exchanges no certificate.
   */
  private String fingerprint(RunningRouter router) throws Exception {
    String sni = "new-" + ++connections + ".example.com";
    Answer answer = router.send(sni, RunningRouter.connect("two", "en"));
    assertThat(answer.result().outcome()).as(answer.toString()).isEqualTo(Outcome.FIN);
    return answer.result().serverCertFingerprint();
  }

  private static Optional<Double> reloads(RunningRouter router, String result) {
    return Metrics.sample(
        router.runtime.registry().scrape(),
        "signpost_tls_reloads_total{result=\"" + result + "\"}");
  }

  private static Optional<Double> expiry(RunningRouter router) {
    return Metrics.sample(
        router.runtime.registry().scrape(), "signpost_tls_certificate_expiry_seconds");
  }

  private static long epochSeconds(Issued issued) {
    return issued.certificate().getNotAfter().toInstant().getEpochSecond();
  }
}
