package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.PluginJson;
import io.signpost.protocol.ClientReferralPacket;
import io.signpost.protocol.Frames;
import io.signpost.protocol.HostAddress;
import io.signpost.protocol.PacketId;
import io.signpost.referral.ReferralEnvelope;
import io.signpost.runtime.RunningRouter.Answer;
import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.internal.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole router over real QUIC on loopback: a {@link SignpostRuntime} started from YAML, fake
 * plugins chosen per SNI, and a QUIC client checking the bytes it gets back.
 */
@Timeout(60)
class RouterEndToEndIT {

  static final String SECRET_BASE64 = "c2lnbnBvc3QtZTJlLWhtYWMtc2VjcmV0";

  static final String CONFIG =
      """
      listen: "127.0.0.1:0"
      admin:
        listen: "127.0.0.1:0"
      limits:
        max_new_connections_per_source: 100000
        connect_timeout: 30s
        shutdown_grace: 1s
      referral:
        key_id: 7
        hmac_secret: "base64:%s"
      messages:
        disconnect:
          denied: "Access denied."
        disconnect_locales:
          de:
            no_route: "Kein Server für ${sni}."
            denied: "Zugang verweigert."
      routing:
        routes:
          - match:
              hostnames: ["*.example.com"]
            pool:
              strategy: round_robin
              backends:
                - host: game-1.internal
                  port: 5601
      plugins:
        - name: gate
          type: fake
          stage: deny
          config:
            rules:
              banned.example.com: {deny: true, reason: "You are banned."}
              silent.example.com: {deny: true}
        - name: strict
          type: fake
          stage: deny
          timeout: 200ms
          on_error: deny
          config:
            rules:
              strict-hang.example.com: {hang: true}
        - name: lenient
          type: fake
          timeout: 200ms
          on_error: continue
          config:
            rules:
              lenient-hang.example.com: {hang: true}
        - name: stamp
          type: fake
          stage: mutate
          config:
            rules:
              "*": {content: "ticket-42"}
      """
          .formatted(SECRET_BASE64);

  static final FakePlugins plugins = new FakePlugins();
  static RunningRouter router;

  @BeforeAll
  static void start() throws Exception {
    router = RunningRouter.start(CONFIG, plugins.factories());
  }

  @AfterAll
  static void stop() {
    if (router != null) {
      router.close();
    }
  }

  @BeforeEach
  void forgetRequests() {
    for (String name : List.of("gate", "strict", "lenient", "stamp")) {
      plugins.requests(name).clear();
    }
  }

  @Test
  void routedSniGetsASignedReferralWithThePluginsContent() throws Exception {
    Answer answer = router.send("play.example.com", RunningRouter.connect("alice", "en-US"));

    ClientReferralPacket referral = answer.referralPacket();
    assertThat(referral.target()).isEqualTo(new HostAddress("game-1.internal", 5601));
    ReferralEnvelope envelope = ReferralEnvelope.parse(referral.data());
    assertThat(envelope.keyId()).isEqualTo(7);
    assertThat(envelope.signed()).isTrue();
    assertThat(ReferralEnvelope.verify(envelope, Base64.getDecoder().decode(SECRET_BASE64)))
        .isTrue();
    assertThat(ReferralEnvelope.verify(envelope, "another secret".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(new String(envelope.content(), StandardCharsets.UTF_8)).isEqualTo("ticket-42");

    ConnectEvent event = plugins.nextRequest("stamp").event();
    assertThat(event.sni()).isEqualTo("play.example.com");
    assertThat(event.username()).isEqualTo("alice");
    assertThat(event.language()).isEqualTo("en-US");
    assertThat(event.protocolHash()).isEqualTo(RunningRouter.PROTOCOL_HASH);
    assertThat(event.alpn()).isEqualTo("hytale/2");
    assertThat(event.clientCertFingerprint()).isNull();
  }

  @Test
  void unknownSniIsRefusedInTheClientsLanguage() throws Exception {
    Answer german = router.send("lobby.other.net", RunningRouter.connect("bob", "de"));
    Answer english = router.send("lobby.other.net", RunningRouter.connect("bob", "en"));

    assertThat(german.reason()).isEqualTo("Kein Server für lobby.other.net.");
    assertThat(english.reason()).isEqualTo("The server is currently unavailable.");
    // As in Hyrouter the chain ran on an empty decision; no plugin supplied a backend.
    ConnectRequest seen = plugins.nextRequest("gate");
    assertThat(seen.strategy()).isEmpty();
    assertThat(seen.candidates()).isEmpty();
    assertThat(seen.selectedIndex()).isEqualTo(-1);
  }

  @Test
  void pluginDenyIsAnsweredWithThePluginsReason() throws Exception {
    Answer answer = router.send("banned.example.com", RunningRouter.connect("carol", "de"));

    assertThat(answer.reason()).isEqualTo("You are banned.");
    assertThat(plugins.nextRequest("gate").event().username()).isEqualTo("carol");
    assertThat(plugins.requests("stamp")).isEmpty();
  }

  @Test
  void pluginDenyWithoutReasonIsAnsweredWithTheDeniedMessage() throws Exception {
    Answer english = router.send("silent.example.com", RunningRouter.connect("dave", "en"));
    Answer german = router.send("silent.example.com", RunningRouter.connect("dave", "de"));

    assertThat(english.reason()).isEqualTo("Access denied.");
    assertThat(german.reason()).isEqualTo("Zugang verweigert.");
  }

  @Test
  void undecodableConnectIsStillRoutedBySni() throws Exception {
    byte[] garbage = Frames.encode(PacketId.CONNECT, "\u00ff not a connect packet".getBytes());

    Answer answer = router.send("play.example.com", garbage);

    assertThat(answer.referralPacket().target())
        .isEqualTo(new HostAddress("game-1.internal", 5601));
    assertThat(ReferralEnvelope.parse(answer.referralPacket().data()).content())
        .isEqualTo("ticket-42".getBytes(StandardCharsets.UTF_8));
    ConnectEvent event = plugins.nextRequest("stamp").event();
    assertThat(event.sni()).isEqualTo("play.example.com");
    assertThat(event.username()).isNull();
    assertThat(event.uuid()).isNull();
    assertThat(event.alpn()).isEqualTo("hytale/2");
  }

  @Test
  void highestHytaleVersionOfferedIsNegotiatedAndReachesPlugins() throws Exception {
    Answer answer =
        router.send(
            router
                .request("play.example.com", RunningRouter.connect("erin", null))
                .withAlpn(List.of("hytale/1", "hytale/3", "hytale/2")));

    assertThat(answer.isReferral()).isTrue();
    assertThat(answer.result().alpn()).isEqualTo("hytale/3");
    assertThat(plugins.nextRequest("stamp").event().alpn()).isEqualTo("hytale/3");
  }

  @Test
  void wrongAlpnFailsTheHandshakeWithoutAnswerAndIsCountedAsAlpnNotAccepted() throws Exception {
    double before = handshakeFailures("alpn");
    double acceptedBefore = accepted();

    Answer answer =
        router.send(
            router
                .request("play.example.com", RunningRouter.connect("frank", null))
                .withAlpn(List.of("h3", "custom/1")));

    assertThat(answer.result().outcome()).isEqualTo(Outcome.CONNECT_FAILED);
    assertThat(answer.result().received()).isEmpty();
    assertThat(plugins.requests("gate")).isEmpty();
    Metrics.awaitValue(() -> handshakeFailures("alpn"), before + 1);
    assertThat(handshakeFailures("tls")).isZero();
    assertThat(accepted()).isEqualTo(acceptedBefore);
  }

  @Test
  void clientCertificateFingerprintReachesPlugins() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("player-cert");
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.certificate().getEncoded());
    // Hyrouter's format: base64url without padding (internal/server/tls.go).
    String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);

    Answer answer =
        router.send(
            router
                .request("play.example.com", RunningRouter.connect("gina", null))
                .withClientCertificate(cert));

    assertThat(answer.isReferral()).isTrue();
    ConnectEvent event = plugins.nextRequest("stamp").event();
    assertThat(event.clientCertFingerprint()).isEqualTo(expected).hasSize(43);
    assertThat(event.clientCertFingerprintHex()).isEqualTo(HexFormat.of().formatHex(digest));
    assertThat(
            new String(
                PluginJson.encodeRequest(plugins.nextRequest("gate")), StandardCharsets.UTF_8))
        .contains("\"client_cert_fingerprint\":\"" + expected + "\"")
        .contains("\"client_cert_fingerprint_hex\":\"" + HexFormat.of().formatHex(digest) + "\"");
  }

  @Test
  void timedOutPluginWithOnErrorDenyRefusesTheClient() throws Exception {
    long started = System.nanoTime();
    Answer answer = router.send("strict-hang.example.com", RunningRouter.connect("hank", "de"));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(200));
    assertThat(answer.reason()).isEqualTo("Zugang verweigert.");
    assertThat(plugins.requests("strict")).hasSize(1);
    assertThat(plugins.requests("stamp")).isEmpty();
  }

  @Test
  void timedOutPluginWithOnErrorContinueStillRefers() throws Exception {
    Answer answer = router.send("lenient-hang.example.com", RunningRouter.connect("ivy", null));

    assertThat(answer.referralPacket().target())
        .isEqualTo(new HostAddress("game-1.internal", 5601));
    assertThat(ReferralEnvelope.parse(answer.referralPacket().data()).content())
        .isEqualTo("ticket-42".getBytes(StandardCharsets.UTF_8));
    ConnectRequest seen = plugins.nextRequest("stamp");
    assertThat(seen.event().username()).isEqualTo("ivy");
    assertThat(plugins.requests("lenient")).hasSize(1);
  }

  private static double accepted() {
    return router.runtime.registry().get("signpost.connections.accepted").counter().count();
  }

  private static double handshakeFailures(String reason) {
    return router
        .runtime
        .registry()
        .get("signpost.handshakes.failed")
        .tag("reason", reason)
        .counter()
        .count();
  }
}
