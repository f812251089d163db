package io.signpost.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.chain.PluginChain;
import io.signpost.config.ConfigFormat;
import io.signpost.config.ConfigLoader;
import io.signpost.config.SignpostConfig;
import io.signpost.decision.DecisionLog;
import io.signpost.decision.DecisionTrace;
import io.signpost.decision.Outcome;
import io.signpost.decision.TracePrivacy;
import io.signpost.message.DisconnectMessages;
import io.signpost.metrics.RouterMetrics;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.protocol.ClientReferralPacket;
import io.signpost.protocol.DisconnectPacket;
import io.signpost.protocol.FrameHeader;
import io.signpost.protocol.PacketId;
import io.signpost.server.Answer;
import io.signpost.server.ClientHello;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline when routing fails: the chain still runs, as in Hyrouter, and may supply the
 * backend.
 */
class ConnectPipelineFailedRoutingTest {

  private static final String CONFIG =
      """
      routing:
        routes:
          - match: {hostname: empty.example.com}
            pool: {strategy: random, discovery: {provider: k}}
      discovery: {providers: [{name: k, type: kubernetes, kubernetes: {}}]}
      """;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final DecisionLog decisions = new DecisionLog(10);
  private final List<ConnectRequest> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  private ConnectPipeline pipeline(Function<ConnectRequest, ConnectResponse> plugin)
      throws Exception {
    SignpostConfig config = ConfigLoader.parse(CONFIG, ConfigFormat.YAML, Map.of()).config();
    Plugin p =
        new Plugin() {
          @Override
          public String name() {
            return "p";
          }

          @Override
          public CompletableFuture<ConnectResponse> onConnect(
              ConnectRequest request, Deadline deadline) {
            seen.add(request);
            return CompletableFuture.completedFuture(plugin.apply(request));
          }

          @Override
          public void close() {}
        };
    List<PluginChain.Link> links =
        plugin == null
            ? List.of()
            : List.of(new PluginChain.Link(PluginConfig.of("p", "fake", null), p));
    return new ConnectPipeline(
        new io.signpost.routing.RoutingEngine(config.routing()),
        new PluginChain(links, timer, 4000),
        DisconnectMessages.of(config.messages()),
        ReferralSigning.unsigned(),
        decisions,
        new RouterMetrics(new SimpleMeterRegistry()),
        new TracePrivacy(false, true),
        java.time.Duration.ofSeconds(30));
  }

  private static Answer answer(ConnectPipeline pipeline, String sni) throws Exception {
    ClientHello hello =
        new ClientHello(sni, "hytale/2", null, new InetSocketAddress("127.0.0.1", 1));
    return pipeline.onFirstFrame(hello, PacketId.PING, new byte[0]).get(10, TimeUnit.SECONDS);
  }

  private static byte[] payload(Answer answer, int packetId) throws Exception {
    FrameHeader header = FrameHeader.parse(answer.framedPacket());
    assertThat(header.packetId()).isEqualTo(packetId);
    return Arrays.copyOfRange(
        answer.framedPacket(), FrameHeader.SIZE, answer.framedPacket().length);
  }

  @Test
  void withoutARouteThePluginsRunOnAnEmptyDecisionAndMaySupplyTheBackend() throws Exception {
    ConnectPipeline pipeline =
        pipeline(
            r -> new ConnectResponse(false, null, null, null, Backend.of("lobby", 5520), null));

    Answer answer = answer(pipeline, "nowhere.example.com");

    ClientReferralPacket referral =
        ClientReferralPacket.decode(payload(answer, PacketId.CLIENT_REFERRAL));
    assertThat(referral.target().host()).isEqualTo("lobby");
    assertThat(referral.target().port()).isEqualTo(5520);
    ConnectRequest request = seen.get(0);
    assertThat(request.strategy()).isEmpty();
    assertThat(request.candidates()).isEmpty();
    assertThat(request.selectedIndex()).isEqualTo(-1);
    assertThat(request.backend()).isEqualTo(Backend.of("", 0));
    assertThat(decisions.recent(1))
        .extracting(DecisionTrace::outcome)
        .containsExactly(Outcome.REFERRAL);
  }

  @Test
  void withoutBackendsToo() throws Exception {
    ConnectPipeline pipeline =
        pipeline(
            r ->
                new ConnectResponse(
                    false, null, List.of(Backend.of("spare", 1)), null, null, null));

    Answer answer = answer(pipeline, "empty.example.com");

    assertThat(
            ClientReferralPacket.decode(payload(answer, PacketId.CLIENT_REFERRAL)).target().host())
        .isEqualTo("spare");
    assertThat(seen).hasSize(1);
  }

  @Test
  void aPluginThatSuppliesNoUsableBackendEndsInTheRoutingOutcome() throws Exception {
    ConnectPipeline pipeline =
        pipeline(r -> new ConnectResponse(false, null, null, null, Backend.of("", 0), null));

    Answer noRoute = answer(pipeline, "nowhere.example.com");
    assertThat(DisconnectPacket.decode(payload(noRoute, PacketId.DISCONNECT)).reason())
        .isEqualTo(DisconnectMessages.defaults().render(DisconnectMessages.NO_ROUTE, null, "", ""));
    assertThat(decisions.recent(1).get(0).outcome()).isEqualTo(Outcome.NO_ROUTE);
    assertThat(decisions.recent(1).get(0).steps()).hasSize(1);

    Answer noBackends = answer(pipeline, "empty.example.com");
    assertThat(decisions.recent(1).get(0).outcome())
        .isIn(Outcome.NO_BACKENDS, Outcome.DISCOVERY_ERROR);
    assertThat(noBackends.logSummary()).doesNotContain("referral");
  }

  @Test
  void aDenyAfterFailedRoutingIsTheDeny() throws Exception {
    ConnectPipeline pipeline = pipeline(r -> ConnectResponse.denied("closed for maintenance"));

    Answer answer = answer(pipeline, "nowhere.example.com");

    assertThat(DisconnectPacket.decode(payload(answer, PacketId.DISCONNECT)).reason())
        .isEqualTo("closed for maintenance");
    assertThat(decisions.recent(1).get(0).outcome()).isEqualTo(Outcome.DENY);
  }

  @Test
  void withoutPluginsFailedRoutingIsAnsweredAtOnce() throws Exception {
    ConnectPipeline pipeline = pipeline(null);

    CompletableFuture<Answer> answer =
        pipeline.onFirstFrame(
            new ClientHello("nowhere", "", null, new InetSocketAddress("127.0.0.1", 1)),
            PacketId.PING,
            new byte[0]);

    assertThat(answer).isDone();
    assertThat(decisions.recent(1).get(0).outcome()).isEqualTo(Outcome.NO_ROUTE);
  }
}
