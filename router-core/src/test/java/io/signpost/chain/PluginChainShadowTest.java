package io.signpost.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.signpost.decision.DecisionJson;
import io.signpost.decision.DecisionTrace;
import io.signpost.decision.TracePrivacy;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginTrapException;
import io.signpost.plugin.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Shadow entries: called without waiting, compared with the decision, never applied. */
class PluginChainShadowTest {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor();
  private static final Duration LONG = Duration.ofHours(1);
  private static final ConnectRequest REQUEST = PluginChainTest.REQUEST;
  private static final Backend A = REQUEST.backend();
  private static final Backend B = REQUEST.candidates().get(1);

  @AfterAll
  static void stopTimer() {
    TIMER.shutdownNow();
  }

  private static PluginConfig real(String name, Stage stage) {
    return new PluginConfig(name, "fake", stage, null, null, null, null, null, null);
  }

  private static PluginConfig shadow(String name, Stage stage, Duration timeout) {
    return new PluginConfig(
        name,
        "fake",
        stage,
        List.of(),
        List.of(),
        timeout,
        OnError.DENY, // ignored: a shadow's failures are never applied
        null,
        MissingNode.getInstance(),
        true);
  }

  private static PluginChain.Link shadowLink(String name, FakePlugin plugin) {
    return new PluginChain.Link(shadow(name, Stage.DENY, LONG), plugin);
  }

  private static PluginChain.Link realLink(String name, Stage stage, ConnectResponse answer) {
    return new PluginChain.Link(real(name, stage), FakePlugin.answering(name, answer));
  }

  private static PluginChain chain(PluginChain.Link... links) {
    return new PluginChain(List.of(links), TIMER, 4055);
  }

  private static ChainResult run(PluginChain chain) throws Exception {
    return chain.run(REQUEST).get(30, TimeUnit.SECONDS);
  }

  private static PluginStep stepOf(ChainResult result, String plugin) {
    return result.steps().stream().filter(s -> s.plugin().equals(plugin)).findFirst().orElseThrow();
  }

  private static ConnectResponse json(String json) {
    return PluginChainTest.json(json);
  }

  private static final ConnectResponse DENY = json("{\"deny\":true,\"deny_reason\":\"nope\"}");

  @Test
  void aShadowThatDeniesEverythingChangesNoAnswerAndIsCounted() throws Exception {
    PluginChain chain =
        chain(
            shadowLink("auth-next", FakePlugin.answering("auth-next", DENY)),
            realLink("auth", Stage.DENY, ConnectResponse.EMPTY),
            realLink("geo", Stage.ROUTE, json("{\"selected_index\":1}")));
    ChainResult without =
        run(
            chain(
                realLink("auth", Stage.DENY, ConnectResponse.EMPTY),
                realLink("geo", Stage.ROUTE, json("{\"selected_index\":1}"))));

    for (int i = 0; i < 3; i++) {
      ChainResult result = run(chain);
      assertThat(result.denied()).isFalse();
      assertThat(result.backend()).isEqualTo(without.backend()).isEqualTo(B);
      assertThat(result.selectedIndex()).isEqualTo(without.selectedIndex());
      assertThat(result.candidates()).isEqualTo(without.candidates());
      assertThat(result.changedBy()).containsExactly("geo");
      PluginStep step = stepOf(result, "auth-next");
      assertThat(step.isShadow()).isTrue();
      assertThat(step.changes()).containsExactly("deny");
      assertThat(step.policy()).isNull();
      assertThat(step.shadow())
          .isEqualTo(
              new ShadowVerdict(
                  ShadowVerdict.Result.DISAGREE, Set.of(ShadowVerdict.Disagreement.DENY)));
    }
    ShadowTally tally = chain.shadowTally("auth-next");
    assertThat(tally.calls(ShadowVerdict.Result.DISAGREE)).isEqualTo(3);
    assertThat(tally.calls(ShadowVerdict.Result.AGREE)).isZero();
    assertThat(tally.disagreements(ShadowVerdict.Disagreement.DENY)).isEqualTo(3);
    assertThat(tally.inFlight()).isZero();
  }

  @Test
  void aShadowThatAnswersAsTheChainDidAgrees() throws Exception {
    PluginChain chain =
        chain(
            shadowLink("auth-next", FakePlugin.answering("auth-next", ConnectResponse.EMPTY)),
            realLink("auth", Stage.DENY, ConnectResponse.EMPTY),
            new PluginChain.Link(
                shadow("geo-next", Stage.ROUTE, LONG),
                FakePlugin.answering("geo-next", json("{\"selected_index\":1}"))),
            realLink("geo", Stage.ROUTE, json("{\"selected_index\":1}")));

    ChainResult result = run(chain);

    assertThat(stepOf(result, "auth-next").shadow())
        .isEqualTo(ShadowVerdict.of(ShadowVerdict.Result.AGREE));
    assertThat(stepOf(result, "geo-next").shadow())
        .isEqualTo(ShadowVerdict.of(ShadowVerdict.Result.AGREE));
    assertThat(stepOf(result, "geo-next").changes()).containsExactly("selected_index=1");
    assertThat(chain.shadowTally("auth-next").calls(ShadowVerdict.Result.AGREE)).isEqualTo(1);
    assertThat(chain.shadowTally("geo-next").calls(ShadowVerdict.Result.AGREE)).isEqualTo(1);
  }

  @Test
  void aShadowThatAdmitsWhatTheChainDeniedDisagreesByAllow() throws Exception {
    PluginChain chain =
        chain(
            shadowLink("auth-next", FakePlugin.answering("auth-next", ConnectResponse.EMPTY)),
            realLink("auth", Stage.DENY, DENY));

    ChainResult result = run(chain);

    assertThat(result.denied()).isTrue();
    assertThat(result.deniedBy()).isEqualTo("auth");
    assertThat(result.steps()).extracting(PluginStep::plugin).containsExactly("auth-next", "auth");
    assertThat(chain.shadowTally("auth-next").disagreements(ShadowVerdict.Disagreement.ALLOW))
        .isEqualTo(1);
  }

  @Test
  void reroutingAndRewritingShadowsDisagreeByBackendAndReferral() throws Exception {
    PluginChain chain =
        chain(
            new PluginChain.Link(
                shadow("geo-next", Stage.ROUTE, LONG),
                FakePlugin.answering(
                    "geo-next", json("{\"selected_index\":1,\"referral_content\":\"b3RoZXI=\"}"))),
            realLink("geo", Stage.ROUTE, json("{\"referral_content\":\"bWluZQ==\"}")));

    ChainResult result = run(chain);

    assertThat(result.backend()).isEqualTo(A);
    assertThat(new String(result.referralContent(), StandardCharsets.UTF_8)).isEqualTo("mine");
    assertThat(stepOf(result, "geo-next").shadow().disagreements())
        .containsExactlyInAnyOrder(
            ShadowVerdict.Disagreement.BACKEND, ShadowVerdict.Disagreement.REFERRAL);
    ShadowTally tally = chain.shadowTally("geo-next");
    assertThat(tally.calls(ShadowVerdict.Result.DISAGREE)).isEqualTo(1);
    assertThat(tally.disagreements(ShadowVerdict.Disagreement.BACKEND)).isEqualTo(1);
    assertThat(tally.disagreements(ShadowVerdict.Disagreement.REFERRAL)).isEqualTo(1);
  }

  @Test
  void aHangingShadowDoesNotDelayTheResultAndIsComparedWhenItAnswers() throws Exception {
    List<CompletableFuture<ConnectResponse>> held = new CopyOnWriteArrayList<>();
    FakePlugin hanging =
        new FakePlugin(
            "auth-next",
            r -> {
              CompletableFuture<ConnectResponse> answer = new CompletableFuture<>();
              held.add(answer);
              return answer;
            });
    PluginChain chain =
        chain(
            shadowLink("auth-next", hanging), realLink("auth", Stage.DENY, ConnectResponse.EMPTY));

    CompletableFuture<ChainResult> run = chain.run(REQUEST);

    // Every real plugin answered at once, so the result is there although the shadow is not.
    assertThat(run).isDone();
    ChainResult result = run.get();
    assertThat(result.denied()).isFalse();
    PluginStep step = stepOf(result, "auth-next");
    assertThat(step.shadow()).isEqualTo(ShadowVerdict.of(ShadowVerdict.Result.PENDING));
    assertThat(step.changes()).isEmpty();
    ShadowTally tally = chain.shadowTally("auth-next");
    assertThat(tally.inFlight()).isEqualTo(1);
    assertThat(tally.calls(ShadowVerdict.Result.DISAGREE)).isZero();

    held.get(0).complete(DENY);

    assertThat(tally.inFlight()).isZero();
    assertThat(tally.calls(ShadowVerdict.Result.DISAGREE)).isEqualTo(1);
    assertThat(tally.disagreements(ShadowVerdict.Disagreement.DENY)).isEqualTo(1);
  }

  @Test
  void aShadowWithoutAnAnswerTimesOutByItsOwnTimeout() throws Exception {
    PluginChain chain =
        chain(
            new PluginChain.Link(
                shadow("auth-next", Stage.DENY, Duration.ofMillis(50)),
                FakePlugin.hanging("auth-next")),
            realLink("auth", Stage.DENY, ConnectResponse.EMPTY));

    CompletableFuture<ChainResult> run = chain.run(REQUEST);

    assertThat(run).isDone();
    assertThat(run.get().denied()).isFalse();
    ShadowTally tally = chain.shadowTally("auth-next");
    await(() -> tally.calls(ShadowVerdict.Result.TIMEOUT) == 1);
    assertThat(tally.inFlight()).isZero();
  }

  @Test
  void aFailingShadowIsCountedAndItsOnErrorNeverApplies() throws Exception {
    PluginChain chain =
        chain(
            shadowLink(
                "auth-next",
                FakePlugin.failing("auth-next", new PluginTrapException("auth-next", "boom"))),
            realLink("auth", Stage.DENY, ConnectResponse.EMPTY));

    ChainResult result = run(chain);

    assertThat(chain.links().get(0).config().onError()).isEqualTo(OnError.CONTINUE);
    assertThat(result.denied()).isFalse();
    assertThat(result.changedBy()).isEmpty();
    PluginStep step = stepOf(result, "auth-next");
    assertThat(step.failure()).isEqualTo(PluginException.Kind.TRAP);
    assertThat(step.policy()).isNull();
    assertThat(step.shadow()).isEqualTo(ShadowVerdict.of(ShadowVerdict.Result.FAILED));
    assertThat(chain.shadowTally("auth-next").calls(ShadowVerdict.Result.FAILED)).isEqualTo(1);
    assertThat(chain.callHealth("auth").failingReason()).isNull();
  }

  @Test
  void callsOverTheInFlightBoundAreSkippedAndCounted() throws Exception {
    List<CompletableFuture<ConnectResponse>> held = new CopyOnWriteArrayList<>();
    FakePlugin hanging =
        new FakePlugin(
            "auth-next",
            r -> {
              CompletableFuture<ConnectResponse> answer = new CompletableFuture<>();
              held.add(answer);
              return answer;
            });
    PluginChain chain =
        new PluginChain(
            List.of(
                shadowLink("auth-next", hanging),
                realLink("auth", Stage.DENY, ConnectResponse.EMPTY)),
            TIMER,
            4055,
            System::nanoTime,
            2);

    run(chain);
    run(chain);
    ChainResult third = run(chain);

    assertThat(hanging.seen).hasSize(2);
    assertThat(stepOf(third, "auth-next").shadow())
        .isEqualTo(ShadowVerdict.of(ShadowVerdict.Result.SKIPPED));
    ShadowTally tally = chain.shadowTally("auth-next");
    assertThat(tally.calls(ShadowVerdict.Result.SKIPPED)).isEqualTo(1);
    assertThat(tally.inFlight()).isEqualTo(2);

    held.forEach(f -> f.complete(ConnectResponse.EMPTY));
    run(chain);

    assertThat(hanging.seen).hasSize(3);
    assertThat(tally.inFlight()).isEqualTo(1);
    held.get(2).complete(ConnectResponse.EMPTY);
    assertThat(tally.calls(ShadowVerdict.Result.AGREE)).isEqualTo(3);
    assertThat(tally.inFlight()).isZero();
  }

  @Test
  void aShadowAfterADenyIsNotCalled() throws Exception {
    FakePlugin late = FakePlugin.answering("late", ConnectResponse.EMPTY);
    PluginChain chain =
        chain(
            realLink("auth", Stage.DENY, DENY),
            new PluginChain.Link(shadow("late", Stage.ROUTE, LONG), late));

    ChainResult result = run(chain);

    assertThat(result.steps()).extracting(PluginStep::plugin).containsExactly("auth");
    assertThat(late.seen).isEmpty();
  }

  @Test
  void theShadowSeesTheRequestARealPluginAtItsPositionWouldSee() throws Exception {
    FakePlugin watcher = FakePlugin.answering("watch", ConnectResponse.EMPTY);
    PluginChain chain =
        chain(
            realLink("geo", Stage.ROUTE, json("{\"selected_index\":1}")),
            new PluginChain.Link(shadow("watch", Stage.MUTATE, LONG), watcher),
            realLink("tag", Stage.MUTATE, json("{\"referral_content\":\"eA==\"}")));

    ChainResult result = run(chain);

    assertThat(watcher.seen).hasSize(1);
    assertThat(watcher.seen.get(0).backend()).isEqualTo(B);
    assertThat(watcher.seen.get(0).referralContent()).isEmpty();
    assertThat(result.steps())
        .extracting(PluginStep::plugin)
        .containsExactly("geo", "watch", "tag");
  }

  @Test
  void theTraceShowsTheShadowStep() throws Exception {
    ChainResult result =
        run(
            chain(
                shadowLink("auth-next", FakePlugin.answering("auth-next", DENY)),
                realLink("auth", Stage.DENY, ConnectResponse.EMPTY)));
    DecisionTrace trace =
        DecisionTrace.builder(new TracePrivacy(false, true)).chain(result).build();

    var steps = DecisionJson.toTree(trace).get("steps");

    assertThat(steps.get(0).get("plugin").asText()).isEqualTo("auth-next");
    assertThat(steps.get(0).get("shadow").toString())
        .isEqualTo("{\"result\":\"disagree\",\"disagreements\":[\"deny\"]}");
    assertThat(steps.get(0).get("changes").toString()).isEqualTo("[\"deny\"]");
    assertThat(steps.get(1).get("shadow").isNull()).isTrue();
    assertThat(trace.reason()).isNull();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(10);
    }
  }
}
