package io.signpost.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.chain.PluginChain;
import io.signpost.config.ConfigFormat;
import io.signpost.config.ConfigLoader;
import io.signpost.config.SignpostConfig;
import io.signpost.decision.DecisionLog;
import io.signpost.decision.Outcome;
import io.signpost.decision.TracePrivacy;
import io.signpost.message.DisconnectMessages;
import io.signpost.metrics.RouterMetrics;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.protocol.ClientReferralPacket;
import io.signpost.protocol.ConnectEncoder;
import io.signpost.protocol.ConnectLayout;
import io.signpost.protocol.ConnectPacket;
import io.signpost.protocol.DisconnectPacket;
import io.signpost.protocol.Frame;
import io.signpost.protocol.FrameReader;
import io.signpost.protocol.HostAddress;
import io.signpost.protocol.PacketId;
import io.signpost.referral.ReferralEnvelope;
import io.signpost.routing.RoutingEngine;
import io.signpost.server.Answer;
import io.signpost.server.ClientHello;
import io.signpost.server.ListenerShutdownException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bytes in, answer out: a Connect payload through routing and the chain to the framed answer. */
class ConnectPipelineTest {

  private static final String CONFIG =
      """
      messages:
        disconnect:
          no_route: "No server for ${sni}."
      routing:
        routes:
          - match: {hostnames: ["*.example.com"]}
            pool:
              strategy: round_robin
              backends: [{host: game-1.internal, port: 5601}]
      """;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final DecisionLog decisions = new DecisionLog(10);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private ConnectPipeline pipeline(Function<ConnectRequest, ConnectResponse> plugin)
      throws Exception {
    SignpostConfig config = ConfigLoader.parse(CONFIG, ConfigFormat.YAML, Map.of()).config();
    PluginChain chain =
        new PluginChain(
            List.of(
                new PluginChain.Link(
                    new PluginConfig("gate", "fake", null, null, null, null, null, null, null),
                    new Plugin() {
                      @Override
                      public String name() {
                        return "gate";
                      }

                      @Override
                      public CompletableFuture<ConnectResponse> onConnect(
                          ConnectRequest request, Deadline deadline) {
                        return CompletableFuture.completedFuture(plugin.apply(request));
                      }

                      @Override
                      public void close() {}
                    })),
            timer,
            ReferralSigning.unsigned().maxContentLength());
    return new ConnectPipeline(
        new RoutingEngine(config.routing()),
        chain,
        DisconnectMessages.of(config.messages()),
        ReferralSigning.unsigned(),
        decisions,
        new RouterMetrics(new SimpleMeterRegistry()),
        new TracePrivacy(false, true),
        java.time.Duration.ofSeconds(30));
  }

  private static ClientHello hello(String sni) {
    return new ClientHello(sni, "hytale/2", null, new InetSocketAddress("127.0.0.1", 40000));
  }

  private static byte[] connect(String username) throws Exception {
    return connect(username, "en");
  }

  private static byte[] connect(String username, String language) throws Exception {
    return ConnectEncoder.encode(
        new ConnectPacket(
            ConnectLayout.A,
            "0123456789abcdef".repeat(4),
            0,
            "d3e6ef90-e113-49a7-a845-1c11f24fe166",
            username,
            language,
            false,
            null,
            null),
        null);
  }

  private static Frame frame(Answer answer) throws Exception {
    return new FrameReader(1 << 20).read(ByteBuffer.wrap(answer.framedPacket())).orElseThrow();
  }

  private static Answer answer(CompletableFuture<Answer> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aConnectIsReferredToTheRoutedBackendWithThePluginsContentInTheEnvelope() throws Exception {
    ConnectPipeline pipeline =
        pipeline(
            request ->
                new ConnectResponse(
                    false,
                    null,
                    null,
                    null,
                    null,
                    ("for " + request.event().username()).getBytes(StandardCharsets.UTF_8)));
    Answer answer =
        answer(
            pipeline.onFirstFrame(hello("play.example.com"), PacketId.CONNECT, connect("Krymo")));

    Frame frame = frame(answer);
    assertThat(frame.packetId()).isEqualTo(PacketId.CLIENT_REFERRAL);
    ClientReferralPacket referral = ClientReferralPacket.decode(frame.payload());
    assertThat(referral.target()).isEqualTo(new HostAddress("game-1.internal", 5601));
    assertThat(
            new String(ReferralEnvelope.parse(referral.data()).content(), StandardCharsets.UTF_8))
        .isEqualTo("for Krymo");
    assertThat(answer.logSummary()).contains("backend=game-1.internal:5601").contains("gate");
    assertThat(decisions.recent(1))
        .singleElement()
        .satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.REFERRAL));
  }

  @Test
  void aPluginsDenyIsADisconnectWithItsReason() throws Exception {
    ConnectPipeline pipeline = pipeline(request -> ConnectResponse.denied("You are banned."));
    Frame frame =
        frame(
            answer(
                pipeline.onFirstFrame(
                    hello("play.example.com"), PacketId.CONNECT, connect("eve"))));
    assertThat(frame.packetId()).isEqualTo(PacketId.DISCONNECT);
    assertThat(DisconnectPacket.decode(frame.payload()).reason()).isEqualTo("You are banned.");
  }

  @Test
  void aFirstFrameThatIsNoConnectIsStillRoutedBySni() throws Exception {
    ConnectPipeline pipeline = pipeline(request -> ConnectResponse.EMPTY);
    Frame frame =
        frame(
            answer(
                pipeline.onFirstFrame(hello("play.example.com"), PacketId.CONNECT, new byte[3])));
    assertThat(frame.packetId()).isEqualTo(PacketId.CLIENT_REFERRAL);
    assertThat(ClientReferralPacket.decode(frame.payload()).target())
        .isEqualTo(new HostAddress("game-1.internal", 5601));
  }

  @Test
  void anSniWithoutARouteGetsTheConfiguredMessageInTheClientsLanguage() throws Exception {
    ConnectPipeline pipeline = pipeline(request -> ConnectResponse.EMPTY);
    CompletableFuture<Answer> future =
        pipeline.onFirstFrame(hello("other.net"), PacketId.CONNECT, connect("Krymo"));
    assertThat(future).as("routing alone: answered at once, on the caller's thread").isDone();
    assertThat(DisconnectPacket.decode(frame(answer(future)).payload()).reason())
        .isEqualTo("No server for other.net.");
    assertThat(decisions.recent(1))
        .singleElement()
        .satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.NO_ROUTE));
    Answer german =
        answer(
            pipeline.onFirstFrame(hello("other.net"), PacketId.CONNECT, connect("Krymo", "de-DE")));
    assertThat(DisconnectPacket.decode(frame(german).payload()).reason())
        .isEqualTo("Der Server ist aktuell nicht verfügbar.");
  }

  @Test
  void aShutdownIsAnsweredWithTheShuttingDownMessage() throws Exception {
    ConnectPipeline pipeline = pipeline(request -> ConnectResponse.EMPTY);
    Answer answer =
        pipeline.onFailure(
            hello("play.example.com"),
            new ListenerShutdownException("shutdown grace period ended"));
    assertThat(DisconnectPacket.decode(frame(answer).payload()).reason())
        .isEqualTo("The server is restarting. Please reconnect in a moment.");
    assertThat(decisions.recent(1))
        .singleElement()
        .satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.ERROR));
  }
}
