package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import io.signpost.server.internal.CertificateFingerprint;
import io.signpost.server.internal.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener end to end, with a real QUIC client on loopback. */
class QuicListenerIT {

  private static QuicTestClient client;
  private QuicListener listener;

  @BeforeAll
  static void client() {
    client = new QuicTestClient(1);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.shutdown().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }
  }

  private InetSocketAddress start(
      ConnectionHandler handler, UnaryOperator<ListenerSettings.Builder> settings) {
    ListenerSettings base =
        settings
            .apply(
                ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                    .connectTimeout(QuicTestClient.DEFAULT_TIMEOUT)
                    .shutdownGrace(Duration.ofSeconds(1)))
            .build();
    listener = new QuicListener(base, handler);
    return listener.start();
  }

  private static Result run(Request request) {
    return client.exchange(request).orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
  }

  @Test
  void sniReachesTheHandlerAndTheAnswerEndsTheStream() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b);

    Result result = run(Request.of(address, "Play.Example.COM", Frames.connect("hello")));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(result.received()).isEqualTo(Frames.referral("backend:5520"));
    RecordingHandler.Call call = handler.onlyCall();
    assertThat(call.hello().sni()).isEqualTo("play.example.com");
    assertThat(call.packetId()).isEqualTo(Frames.CONNECT);
    assertThat(call.payload()).isEqualTo("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(call.hello().alpn()).isEqualTo("hytale/2");
    assertThat(call.hello().remoteAddress().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void servesTheConfiguredPemCertificate(@TempDir Path dir) throws Exception {
    SelfSignedCertificate server = SelfSignedCertificate.generate("play.example.com");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, pem("CERTIFICATE", server.certificate().getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", server.key().getEncoded()));
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b.tls(cert, key));

    Result result = run(Request.of(address, "play.example.com", Frames.connect("x")));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(result.serverCertFingerprint())
        .isEqualTo(CertificateFingerprint.sha256(server.certificate()));
  }

  @Test
  void servesAChainAndATraditionalEcKeyFromOneFile(@TempDir Path dir) throws Exception {
    SelfSignedCertificate server = SelfSignedCertificate.generate("play.example.com");
    // SEC1, as openssl ecparam -genkey writes it: the curve inside the key, no PKCS#8 wrapper.
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(server.key().getEncoded());
    ECPrivateKey sec1 =
        new ECPrivateKey(
            256,
            ECPrivateKey.getInstance(pkcs8.parsePrivateKey()).getKey(),
            pkcs8.getPrivateKeyAlgorithm().getParameters());
    Path both =
        Files.writeString(
            dir.resolve("server.pem"),
            "chain and key\n"
                + pem("CERTIFICATE", server.certificate().getEncoded())
                + pem("EC PRIVATE KEY", sec1.getEncoded()));
    InetSocketAddress address = start(new RecordingHandler(), b -> b.tls(both, both));

    Result result = run(Request.of(address, "play.example.com", Frames.connect("x")));

    assertThat(result.serverCertFingerprint())
        .isEqualTo(CertificateFingerprint.sha256(server.certificate()));
  }

  @Test
  void aKeyFileThatIsADeviceFailsTheStartWithoutBeingRead(@TempDir Path dir) throws Exception {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
    SelfSignedCertificate server = SelfSignedCertificate.generate("play.example.com");
    Path cert =
        Files.writeString(
            dir.resolve("cert.pem"), pem("CERTIFICATE", server.certificate().getEncoded()));
    QuicListener broken =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0)).tls(cert, zero).build(),
            new RecordingHandler());

    assertThatThrownBy(broken::start)
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("/dev/zero: not a regular file (a character device)");
  }

  @Test
  void unreadableKeyFailsTheStart(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, "not a certificate");
    Files.writeString(key, "not a key");
    QuicListener broken =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0)).tls(cert, key).build(),
            new RecordingHandler());

    assertThatThrownBy(broken::start)
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("cert.pem");
  }

  @Test
  void portInUseFailsTheStart() {
    InetSocketAddress address = start(new RecordingHandler(), b -> b);
    QuicListener second =
        new QuicListener(ListenerDefaults.settings(address), new RecordingHandler());

    assertThatThrownBy(second::start)
        .isInstanceOf(ListenerBindException.class)
        .hasMessageContaining(address.toString());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Test
  void clientThatEndsItsSideAfterTheConnectStillGetsTheAnswer() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b);

    Result result = run(Request.of(address, "play.example.com", Frames.connect("x")).withFin());

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(result.received()).isEqualTo(Frames.referral("backend:5520"));
  }

  @Test
  void clientThatEndsItsSideMidFrameIsClosedWithoutAnswer() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b);

    Result result = run(Request.of(address, "play.example.com", Frames.header(10, 0)).withFin());

    assertThat(result.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(result.received()).isEmpty();
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void noSniGivesAnEmptyName() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b);

    Result result = run(Request.of(address, null, Frames.connect("x")));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(handler.onlyCall().hello().sni()).isEmpty();
  }

  @Test
  void clientCertificateFingerprintAndSniArriveTogether() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b);
    SelfSignedCertificate cert = SelfSignedCertificate.generate("player.test");

    Result result =
        run(
            Request.of(address, "eu.play.example.com", Frames.connect("x"))
                .withClientCertificate(cert));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    ClientHello hello = handler.onlyCall().hello();
    assertThat(hello.clientCertFingerprint())
        .isEqualTo(CertificateFingerprint.sha256(cert.certificate()))
        .matches("[A-Za-z0-9_-]{43}");
    assertThat(hello.sni()).isEqualTo("eu.play.example.com");
  }

  @Test
  void noClientCertificateGivesNoFingerprint() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b);

    run(Request.of(address, "play.example.com", Frames.connect("x")));

    assertThat(handler.onlyCall().hello().clientCertFingerprint()).isNull();
  }

  @Test
  void clientWithoutAnAcceptableAlpnFailsTheHandshake() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b);

    Result result =
        run(
            Request.of(address, "play.example.com", Frames.connect("x"))
                .withAlpn(List.of("h3", "other/x")));

    assertThat(result.outcome()).isEqualTo(Outcome.CONNECT_FAILED);
    assertThat(result.received()).isEmpty();
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void wildcardPicksTheHighestHytaleVersionOffered() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b);

    Result result =
        run(
            Request.of(address, "play.example.com", Frames.connect("x"))
                .withAlpn(List.of("hytale/1", "hytale/3", "h3", "hytale/2")));

    assertThat(result.alpn()).isEqualTo("hytale/3");
    assertThat(handler.onlyCall().hello().alpn()).isEqualTo("hytale/3");
  }

  @Test
  void wildcardSelectsTheHighestHytaleVersionForAnyNumber() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b);
    Request base = Request.of(address, "play.example.com", Frames.connect("x"));

    // internal/server/tls_test.go TestBuildTLSConfig_WildcardALPN
    assertThat(run(base.withAlpn(List.of("hytale/1", "hytale/7", "other/1"))).alpn())
        .isEqualTo("hytale/7");
    assertThat(run(base.withAlpn(List.of("hytale/1", "hytale/57", "h3", "hytale/33"))).alpn())
        .isEqualTo("hytale/57");
    assertThat(run(base.withAlpn(List.of("hytale/1000000", "hytale/2"))).alpn())
        .isEqualTo("hytale/1000000");
    // Hyrouter's wildcard takes any hytale/ value, numbers first
    assertThat(run(base.withAlpn(List.of("h3", "hytale/x"))).alpn()).isEqualTo("hytale/x");
    assertThat(handler.calls)
        .extracting(c -> c.hello().alpn())
        .containsExactly("hytale/7", "hytale/57", "hytale/1000000", "hytale/x");
  }

  @Test
  void literalAlpnEntriesAreOfferedAsGiven() {
    RecordingHandler handler = new RecordingHandler();
    InetSocketAddress address = start(handler, b -> b.alpn(List.of("custom/7", "hytale/2")));

    Result custom =
        run(
            Request.of(address, "a.example.com", Frames.connect("x"))
                .withAlpn(List.of("custom/7")));
    Result notListed =
        run(
            Request.of(address, "a.example.com", Frames.connect("x"))
                .withAlpn(List.of("hytale/3")));

    assertThat(custom.outcome()).isEqualTo(Outcome.FIN);
    assertThat(custom.alpn()).isEqualTo("custom/7");
    assertThat(notListed.outcome()).isEqualTo(Outcome.CONNECT_FAILED);
  }
}
