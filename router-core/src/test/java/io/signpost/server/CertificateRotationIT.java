package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.signpost.server.CertificateReload.Status;
import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import io.signpost.server.TestCertificates.Issued;
import io.signpost.testing.HeldThread;
import io.signpost.watch.FileWatcher;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener's certificate is replaced while it runs: new connections get the new one, a connection
 * opened before keeps its certificate and still gets its answer, and a pair that cannot be used
 * leaves the old certificate serving.
 */
class CertificateRotationIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String HELD = "held.example.com";

  private static QuicTestClient client;

  @TempDir Path dir;
  private Path certFile;
  private Path keyFile;
  private Issued first;
  private HoldingHandler handler;
  private QuicListener listener;
  private InetSocketAddress address;
  private int connections;

  @BeforeAll
  static void client() {
    client = new QuicTestClient(1);
    client.warmUp();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @BeforeEach
  void start() {
    certFile = dir.resolve("tls.crt");
    keyFile = dir.resolve("tls.key");
    first = TestCertificates.ec("a.example.com", Duration.ofDays(30));
    first.writeTo(certFile, keyFile);
    handler = new HoldingHandler();
    listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .tls(certFile, keyFile)
                .connectTimeout(DEADLINE)
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            handler);
    address = listener.start();
  }

  @AfterEach
  void stop() {
    handler.held.complete(new Answer(Frames.referral("backend:5520"), "referral"));
    listener.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
  }

  @Test
  void newConnectionsGetTheNewCertificateAndAnOpenOneKeepsItsOwn() throws Exception {
    CompletableFuture<Result> open =
        client.exchange(Request.of(address, HELD, Frames.connect("one")));
    handler.awaitHeld();
    Issued second = TestCertificates.issue("Ed25519", "b.example.com", Duration.ofDays(90));
    second.writeTo(certFile, keyFile);

    CertificateReload reload = listener.reloadCertificate();

    assertThat(reload.status()).isEqualTo(Status.RELOADED);
    assertThat(reload.serving().sha256()).isEqualTo(second.sha256Hex());
    assertThat(reload.serving().subject()).isEqualTo("CN=b.example.com");
    assertThat(reload.serving().keyAlgorithm()).isEqualTo("Ed25519");
    assertThat(reload.serving().notAfter())
        .isEqualTo(second.certificate().getNotAfter().toInstant());
    assertThat(reload.previous().sha256()).isEqualTo(first.sha256Hex());
    assertThat(listener.certificate()).isEqualTo(reload.serving());
    assertThat(exchange().serverCertFingerprint()).isEqualTo(second.fingerprint());

    handler.held.complete(new Answer(Frames.referral("backend:5520"), "referral"));
    Result kept = open.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(kept.outcome()).as(String.valueOf(kept.error())).isEqualTo(Outcome.FIN);
    assertThat(kept.received()).isEqualTo(Frames.referral("backend:5520"));
    assertThat(kept.serverCertFingerprint()).isEqualTo(first.fingerprint());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAndTheOldOneServes() throws Exception {
    Issued second = TestCertificates.ec("b.example.com", Duration.ofDays(30));
    Issued third = TestCertificates.ec("c.example.com", Duration.ofDays(30));
    Files.writeString(certFile, second.certPem());
    Files.writeString(keyFile, third.keyPem());

    CertificateReload reload = listener.reloadCertificate();

    assertThat(reload.status()).isEqualTo(Status.REFUSED);
    assertThat(reload.succeeded()).isFalse();
    assertThat(reload.error())
        .startsWith(certFile.toString())
        .contains("the private key does not match the certificate's public key");
    assertThat(reload.serving().sha256()).isEqualTo(first.sha256Hex());
    assertThat(exchange().serverCertFingerprint()).isEqualTo(first.fingerprint());
  }

  @Test
  void emptyAndHalfWrittenFilesAreRefusedAndTheOldOneServes() throws Exception {
    Issued second = TestCertificates.ec("b.example.com", Duration.ofDays(30));
    Files.writeString(certFile, second.certPem());
    Files.writeString(keyFile, "");
    assertThat(listener.reloadCertificate().error()).contains("no PRIVATE KEY block");

    Files.writeString(keyFile, second.keyPem());
    Files.writeString(certFile, second.certPem().substring(0, second.certPem().length() / 2));
    CertificateReload halfWritten = listener.reloadCertificate();
    assertThat(halfWritten.status()).isEqualTo(Status.REFUSED);
    assertThat(halfWritten.error()).startsWith(certFile.toString());

    Files.writeString(certFile, second.certPem());
    Files.delete(keyFile);
    assertThat(listener.reloadCertificate().error())
        .isEqualTo(keyFile + ": no such file (expected: a PEM private key)");

    assertThat(exchange().serverCertFingerprint()).isEqualTo(first.fingerprint());
    second.writeTo(certFile, keyFile);
    assertThat(listener.reloadCertificate().status()).isEqualTo(Status.RELOADED);
    assertThat(exchange().serverCertFingerprint()).isEqualTo(second.fingerprint());
  }

  @Test
  void theSameFilesAgainAreUnchanged() {
    CertificateReload reload = listener.reloadCertificate();

    assertThat(reload.status()).isEqualTo(Status.UNCHANGED);
    assertThat(reload.succeeded()).isTrue();
    assertThat(reload.serving().sha256()).isEqualTo(first.sha256Hex());
  }

  @Test
  void aWatcherOnTheFilesReloadsWhenTheyAreRewrittenInPlace() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    List<CertificateReload> reloads = new CopyOnWriteArrayList<>();
    try (FileWatcher watcher =
        FileWatcher.start(
            "tls",
            List.of(certFile, keyFile),
            Duration.ofMillis(50),
            timer,
            changed -> reloads.add(listener.reloadCertificate()))) {
      Issued second = TestCertificates.issue("RSA", "b.example.com", Duration.ofDays(30));
      // Written as one update: no poll runs between the two files, however long this thread waits
      // for a CPU in between (two polls seeing only the new certificate would report it alone).
      CountDownLatch written = HeldThread.hold(timer);
      second.writeTo(certFile, keyFile);
      written.countDown();

      long end = System.nanoTime() + DEADLINE.toNanos();
      while (reloads.isEmpty() && System.nanoTime() - end < 0) {
        Thread.sleep(20);
      }

      assertThat(reloads).hasSize(1);
      assertThat(reloads.get(0).status()).isEqualTo(Status.RELOADED);
      assertThat(watcher.files()).containsExactly(certFile, keyFile);
      assertThat(exchange().serverCertFingerprint()).isEqualTo(second.fingerprint());
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void aSelfSignedListenerHasNothingToReload() {
    QuicListener selfSigned =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            new RecordingHandler());
    assertThatIllegalStateException()
        .isThrownBy(selfSigned::reloadCertificate)
        .withMessage("listener not started");
    selfSigned.start();
    try {
      CertificateReload reload = selfSigned.reloadCertificate();
      assertThat(reload.status()).isEqualTo(Status.NOT_CONFIGURED);
      assertThat(reload.serving().subject()).isEqualTo("CN=signpost.invalid");
    } finally {
      selfSigned.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  /**
   * A connection with an SNI of its own: the test client resumes TLS sessions per server name, and
   * a resumed session has no certificate exchange (the client keeps the one of the session).
   */
  private Result exchange() {
    String sni = "new-" + ++connections + ".example.com";
    Result result =
        client
            .exchange(Request.of(address, sni, Frames.connect("x")))
            .orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS)
            .join();
    assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(Outcome.FIN);
    return result;
  }

  /** Answers at once, except the connection with SNI {@value #HELD}: that one waits. */
  private static final class HoldingHandler extends RecordingHandler {
    final CompletableFuture<Answer> held = new CompletableFuture<>();
    final CompletableFuture<Void> heldArrived = new CompletableFuture<>();

    @Override
    CompletableFuture<Answer> decide(ClientHello hello, int packetId, byte[] payload) {
      if (hello.sni().equals(HELD)) {
        heldArrived.complete(null);
        return held;
      }
      return super.decide(hello, packetId, payload);
    }

    void awaitHeld() {
      heldArrived.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
    }
  }
}
