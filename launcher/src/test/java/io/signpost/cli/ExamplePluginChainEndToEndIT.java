package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.chain.PluginStep;
import io.signpost.config.ConfigLoader;
import io.signpost.decision.DecisionTrace;
import io.signpost.grpc.server.PluginServer;
import io.signpost.protocol.ClientReferralPacket;
import io.signpost.protocol.Frames;
import io.signpost.protocol.HostAddress;
import io.signpost.protocol.PacketId;
import io.signpost.referral.ReferralEnvelope;
import io.signpost.runtime.Metrics;
import io.signpost.runtime.RunningRouter;
import io.signpost.runtime.RunningRouter.Answer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real example plugins in one chain, over real QUIC: the Java gRPC example (served in-process
 * by {@link PluginServer}) in stage {@code deny} and the Rust Wasm example in stage {@code mutate},
 * configured as in {@code dev/config.plugins.dev.yaml}, plus a Rust {@code config} and a route for
 * SNIs containing {@code grpc}. The plugin and connect timeouts are generous instead of the dev
 * config's: every test expects the plugins' answers, which a busy machine must not turn into
 * timeouts.
 *
 * <p>The Rust example, running last, re-picks by a hash of the client's UUID whenever it has one,
 * so the Java example's re-pick reaches the client only for a Connect without UUID.
 */
@Timeout(60)
class ExamplePluginChainEndToEndIT {

  static final String GRPC = "deny-grpc";
  static final String WASM = "mutate-wasm";
  static final String PREFIX = "fleet-a";
  static final List<HostAddress> DEFAULT_POOL =
      List.of(
          new HostAddress("game-1.internal", 5601),
          new HostAddress("game-2.internal", 5602),
          new HostAddress("game-3.internal", 5603));
  static final List<HostAddress> GRPC_POOL =
      List.of(new HostAddress("grpc-1.internal", 5701), new HostAddress("grpc-2.internal", 5702));
  static final HostAddress JAVA_PICK = new HostAddress("play.hyvane.com", 5520);

  static final String CONFIG =
      """
      listen: "127.0.0.1:0"
      admin:
        listen: "127.0.0.1:0"
      tls:
        alpn: [hytale/*]
      limits:
        connect_timeout: 60s
        shutdown_grace: 1s
      routing:
        routes:
          - match:
              hostname: "*grpc*"
            pool:
              strategy: round_robin
              backends:
                - {host: grpc-1.internal, port: 5701}
                - {host: grpc-2.internal, port: 5702}
        default:
          strategy: round_robin
          backends:
            - {host: game-1.internal, port: 5601}
            - {host: game-2.internal, port: 5602}
            - {host: game-3.internal, port: 5603}
      plugins:
        - name: deny-grpc
          type: grpc
          stage: deny
          timeout: 20s
          on_error: continue
          grpc:
            address: 127.0.0.1:%d
        - name: mutate-wasm
          type: wasm
          stage: mutate
          timeout: 20s
          config:
            deny_usernames: [mallory, eve]
            referral_prefix: %s
          wasm:
            path: %s
      """;

  static PluginServer grpcExample;
  static RunningRouter router;

  @BeforeAll
  static void start() throws Exception {
    grpcExample = ExamplePlugins.startGrpcExample();
    String yaml = CONFIG.formatted(grpcExample.port(), PREFIX, ExamplePlugins.rustWasm());
    router = RunningRouter.start(yaml, ConfigLoader.installedFactories());
  }

  @AfterAll
  static void stop() {
    if (router != null) {
      router.close();
    }
    if (grpcExample != null) {
      grpcExample.close();
    }
  }

  @Test
  void javaExampleDeniesTheUsernameDeny() throws Exception {
    double before = counter("signpost.plugin.denies", GRPC);

    Answer answer = router.send("deny-user.example.com", RunningRouter.connect("deny", "en"));

    assertThat(answer.reason()).isEqualTo("denied by grpc plugin");
    Metrics.awaitValue(() -> counter("signpost.plugin.denies", GRPC), before + 1);
    DecisionTrace trace = trace("deny-user.example.com");
    assertThat(trace.steps()).extracting(PluginStep::plugin).containsExactly(GRPC);
  }

  @Test
  void rustExampleDeniesAUsernameListedInItsConfig() throws Exception {
    double before = custom("denied");

    Answer answer = router.send("deny-listed.example.com", RunningRouter.connect("mallory", "en"));

    assertThat(answer.reason()).isEqualTo("user mallory is not allowed");
    Metrics.awaitValue(() -> custom("denied"), before + 1);
    DecisionTrace trace = trace("deny-listed.example.com");
    assertThat(trace.steps()).extracting(PluginStep::plugin).containsExactly(GRPC, WASM);
    assertThat(trace.steps().get(1).changes()).containsExactly("deny");
  }

  @Test
  void ordinaryClientIsReferredWhereTheRustExampleHashesItsUuid() throws Exception {
    double rewrites = counter("signpost.plugin.referral_rewrites", WASM);

    for (String user : List.of("alice", "bob", "carol", "dave")) {
      Answer answer = router.send("play.example.com", RunningRouter.connect(user, "en"));

      assertReferredByRust(answer, user, DEFAULT_POOL);
    }
    Metrics.awaitValue(() -> counter("signpost.plugin.referral_rewrites", WASM), rewrites + 4);
  }

  @Test
  void grpcSniIsRepickedByTheJavaExampleThenByTheRustExample() throws Exception {
    double javaRepicks = counter("signpost.plugin.repicks", GRPC);

    Answer answer = router.send("grpc.play.example.com", RunningRouter.connect("erin", "en"));

    assertReferredByRust(answer, "erin", GRPC_POOL);
    Metrics.awaitValue(() -> counter("signpost.plugin.repicks", GRPC), javaRepicks + 1);
    DecisionTrace trace = trace("grpc.play.example.com");
    assertThat(trace.route()).isEqualTo("routes[0]");
    assertThat(trace.steps().get(0).changes())
        .contains("backend=" + JAVA_PICK.host() + ":" + JAVA_PICK.port());
    assertThat(trace.steps().get(1).changes()).anyMatch(c -> c.startsWith("selected_index="));
  }

  @Test
  void javaExamplesPickStandsWhenTheConnectCarriesNoUuid() throws Exception {
    byte[] undecodable = Frames.encode(PacketId.CONNECT, "\u00ff not a connect".getBytes());

    Answer answer = router.send("nouuid.grpc.example.com", undecodable);

    ClientReferralPacket referral = answer.referralPacket();
    assertThat(referral.target()).isEqualTo(JAVA_PICK);
    assertThat(content(referral)).isEqualTo("grpc-plugin");
  }

  @Test
  void metricsScrapeShowsBothPluginsEffects() throws Exception {
    double rewrites = counter("signpost.plugin.referral_rewrites", GRPC);
    router.send("scrape.example.com", RunningRouter.connect("frank", "en")).referralPacket();
    Metrics.awaitValue(() -> counter("signpost.plugin.referral_rewrites", GRPC), rewrites + 1);

    String scrape = router.admin("/metrics").body();

    for (String plugin : List.of(GRPC, WASM)) {
      assertThat(
              Metrics.sample(
                  scrape, "signpost_plugin_referral_rewrites_total{plugin=\"" + plugin + "\"}"))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    }
    assertThat(
            Metrics.sample(
                scrape, "signpost_plugin_custom_total{counter=\"routed\",plugin=\"" + WASM + "\"}"))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
  }

  /**
   * The answer is a referral whose content the Rust example wrote, naming the backend it picked by
   * FNV-1a of the UUID, and that backend is the referral's target.
   */
  private static void assertReferredByRust(Answer answer, String user, List<HostAddress> pool)
      throws Exception {
    ClientReferralPacket referral = answer.referralPacket();
    String uuid = UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)).toString();
    HostAddress expected = pool.get(fnv1aIndex(uuid, pool.size()));
    assertThat(referral.target()).isEqualTo(expected);
    assertThat(content(referral))
        .isEqualTo(
            PREFIX + ";uuid=" + uuid + ";backend=" + expected.host() + ":" + expected.port());
  }

  private static String content(ClientReferralPacket referral) throws Exception {
    return new String(ReferralEnvelope.parse(referral.data()).content(), StandardCharsets.UTF_8);
  }

  /** The Rust example's pick: 64-bit FNV-1a of the UUID text, modulo the candidate count. */
  static int fnv1aIndex(String uuid, int candidates) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : uuid.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return (int) Long.remainderUnsigned(hash, candidates);
  }

  /** The most recent decision for {@code sni}, waiting up to 30 s for it to be logged. */
  private static DecisionTrace trace(String sni) throws InterruptedException {
    long end = System.nanoTime() + 30_000_000_000L;
    while (true) {
      for (DecisionTrace trace : router.runtime.decisions().recent(100)) {
        if (trace.sni().equals(sni)) {
          return trace;
        }
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("no decision for " + sni + " within 30 s");
      }
      Thread.sleep(20);
    }
  }

  private static double counter(String name, String plugin) {
    var counter = router.runtime.registry().find(name).tag("plugin", plugin).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double custom(String name) {
    var counter =
        router
            .runtime
            .registry()
            .find("signpost.plugin.custom")
            .tag("plugin", WASM)
            .tag("counter", name)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
