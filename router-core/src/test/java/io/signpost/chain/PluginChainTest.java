package io.signpost.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.signpost.decision.DecisionJson;
import io.signpost.decision.DecisionTrace;
import io.signpost.decision.TracePrivacy;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginJson;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.plugin.PluginTransportException;
import io.signpost.plugin.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PluginChainTest {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor();
  private static final Backend A = Backend.of("a.internal", 5520);
  private static final Backend B = Backend.of("b.internal", 5520);
  private static final Backend C = Backend.of("c.internal", 5521);
  static final ConnectRequest REQUEST =
      new ConnectRequest(
          new ConnectEvent("play.example.com", null, null, null, null, "alice", "en", null, null),
          "round_robin",
          List.of(A, B),
          0,
          A,
          new byte[0]);

  @AfterAll
  static void stopTimer() {
    TIMER.shutdownNow();
  }

  static PluginConfig config(String name, Stage stage, OnError onError, Duration timeout) {
    return new PluginConfig(
        name, "fake", stage, null, null, timeout, onError, null, MissingNode.getInstance());
  }

  static PluginConfig config(String name) {
    return config(name, Stage.ROUTE, OnError.CONTINUE, null);
  }

  static ChainResult run(PluginChain.Link... links) throws Exception {
    PluginChain chain = new PluginChain(List.of(links), TIMER, 4055);
    return chain.run(REQUEST).get(30, TimeUnit.SECONDS);
  }

  static PluginChain.Link link(String name, ConnectResponse answer) {
    return new PluginChain.Link(config(name), FakePlugin.answering(name, answer));
  }

  static ConnectResponse json(String json) {
    return PluginJson.decodeResponse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aShutDownTimerIsAPluginFailureNotALostAnswer() throws Exception {
    ScheduledExecutorService stopped = Executors.newSingleThreadScheduledExecutor();
    stopped.shutdownNow();
    PluginChain chain =
        new PluginChain(
            List.of(
                link("first", ConnectResponse.EMPTY),
                new PluginChain.Link(
                    config("pending", Stage.ROUTE, OnError.DENY, null),
                    FakePlugin.hanging("pending"))),
            stopped,
            4055);
    ChainResult result = chain.run(REQUEST).get(30, TimeUnit.SECONDS);
    assertThat(result.denied()).isTrue();
    assertThat(result.deniedBy()).isEqualTo("pending");
    assertThat(result.steps().get(1).failure()).isEqualTo(PluginException.Kind.INTERNAL);
  }

  record Case(
      String name, ConnectResponse answer, Backend backend, int index, List<Backend> candidates) {}

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("empty answer changes nothing", json("{}"), A, 0, List.of(A, B)),
        Arguments.of("index re-pick", json("{\"selected_index\":1}"), B, 1, List.of(A, B)),
        Arguments.of(
            "index out of range ignored", json("{\"selected_index\":7}"), A, 0, List.of(A, B)),
        Arguments.of(
            "negative index ignored", json("{\"selected_index\":-1}"), A, 0, List.of(A, B)),
        Arguments.of(
            "backend in list re-syncs index",
            json("{\"backend\":{\"host\":\"b.internal\",\"port\":5520}}"),
            B,
            1,
            List.of(A, B)),
        Arguments.of(
            "backend outside list gives index -1",
            json("{\"backend\":{\"host\":\"c.internal\",\"port\":5521}}"),
            C,
            -1,
            List.of(A, B)),
        Arguments.of(
            "backend with bad port ignored",
            json("{\"backend\":{\"host\":\"c.internal\",\"port\":70000}}"),
            A,
            0,
            List.of(A, B)),
        Arguments.of(
            "backend with empty host ignored",
            json("{\"backend\":{\"host\":\"\",\"port\":5520}}"),
            A,
            0,
            List.of(A, B)),
        Arguments.of(
            "candidates replaced with index",
            json("{\"candidates\":[{\"host\":\"c.internal\",\"port\":5521}],\"selected_index\":0}"),
            C,
            0,
            List.of(C)),
        Arguments.of(
            "candidates replaced, backend kept, index re-synced",
            json(
                "{\"candidates\":[{\"host\":\"b.internal\",\"port\":5520},{\"host\":\"a.internal\",\"port\":5520}]}"),
            A,
            1,
            List.of(B, A)),
        Arguments.of(
            "candidates with unusable entry rejected",
            json("{\"candidates\":[{\"host\":\"c.internal\",\"port\":0}],\"selected_index\":0}"),
            A,
            0,
            List.of(A, B)),
        Arguments.of(
            "empty candidates keep the list",
            json("{\"candidates\":[],\"selected_index\":1}"),
            B,
            1,
            List.of(A, B)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void appliesAnswer(
      String name, ConnectResponse answer, Backend backend, int index, List<Backend> candidates)
      throws Exception {
    ChainResult result = run(link("p", answer));

    assertThat(result.denied()).isFalse();
    assertThat(result.backend()).isEqualTo(backend);
    assertThat(result.selectedIndex()).isEqualTo(index);
    assertThat(result.candidates()).isEqualTo(candidates);
  }

  @Test
  void denyStopsTheChainWithItsReason() throws Exception {
    FakePlugin later = FakePlugin.answering("later", json("{\"selected_index\":1}"));
    ChainResult result =
        run(
            link("gate", json("{\"deny\":true,\"deny_reason\":\"banned\"}")),
            new PluginChain.Link(config("later"), later));

    assertThat(result.denied()).isTrue();
    assertThat(result.denyReason()).isEqualTo("banned");
    assertThat(result.deniedBy()).isEqualTo("gate");
    assertThat(later.seen).isEmpty();
    assertThat(result.steps()).extracting(PluginStep::plugin).containsExactly("gate");
  }

  @Test
  void aMebibyteDenyReasonIsCutForTheClientAndTheTrace() throws Exception {
    String reason = "no! ".repeat(1 << 18);
    assertThat(reason).hasSize(1 << 20);

    ChainResult result = run(link("gate", ConnectResponse.denied(reason)));

    assertThat(result.denyReason())
        .hasSize(AnswerLimits.MAX_DENY_REASON_CHARS)
        .isEqualTo(reason.substring(0, 256));
    assertThat(result.steps().get(0).ignored())
        .containsExactly("deny_reason: cut from 1048576 to 256 characters");
    DecisionTrace trace = DecisionTrace.builder(TracePrivacy.DEFAULT).chain(result).build();
    assertThat(trace.reason()).isEqualTo(result.denyReason());
    assertThat(DecisionJson.write(List.of(trace), Integer.MAX_VALUE).length).isLessThan(2048);
  }

  @Test
  void denyWithoutReasonLeavesTheMessageToTheCaller() throws Exception {
    ChainResult result = run(link("gate", json("{\"deny\":true}")));

    assertThat(result.denied()).isTrue();
    assertThat(result.denyReason()).isNull();
  }

  @Test
  void referralContentAcceptedUnderBothNamesAndPassedOn() throws Exception {
    FakePlugin second = FakePlugin.answering("second", json("{\"referral_data\":\"d29ybGQ=\"}"));
    ChainResult result =
        run(
            link("first", json("{\"referral_content\":\"aGVsbG8=\"}")),
            new PluginChain.Link(config("second"), second));

    assertThat(second.seen.get(0).referralContent()).asString().isEqualTo("hello");
    assertThat(new String(PluginJson.encodeRequest(second.seen.get(0)), StandardCharsets.UTF_8))
        .contains("\"referral_content\":\"aGVsbG8=\"")
        .contains("\"referral_data\":\"aGVsbG8=\"");
    assertThat(result.referralContent()).asString().isEqualTo("world");
  }

  @Test
  void emptyReferralContentClearsIt() throws Exception {
    ChainResult result =
        run(
            link("set", json("{\"referral_content\":\"aGVsbG8=\"}")),
            link("clear", json("{\"referral_content\":\"\"}")));

    assertThat(result.referralContent()).isEmpty();
  }

  @Test
  void referralContentLargerThanTheEnvelopeIsIgnored() throws Exception {
    byte[] big = new byte[5000];
    ChainResult result = run(link("big", new ConnectResponse(false, null, null, null, null, big)));

    assertThat(result.referralContent()).isEmpty();
    assertThat(result.steps().get(0).ignored()).singleElement().asString().contains("5000 bytes");
  }

  @Test
  void laterPluginsSeeEarlierChanges() throws Exception {
    FakePlugin second = FakePlugin.answering("second", ConnectResponse.EMPTY);
    run(
        link("first", json("{\"selected_index\":1}")),
        new PluginChain.Link(config("second"), second));

    assertThat(second.seen.get(0).selectedIndex()).isEqualTo(1);
    assertThat(second.seen.get(0).backend()).isEqualTo(B);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "error",
            FakePlugin.failing("p", new PluginTransportException("p", "refused")),
            PluginException.Kind.TRANSPORT),
        Arguments.of("timeout", FakePlugin.hanging("p"), PluginException.Kind.TIMEOUT),
        Arguments.of(
            "thrown",
            new FakePlugin(
                "p",
                r -> {
                  throw new IllegalStateException("bug");
                }),
            PluginException.Kind.INTERNAL),
        Arguments.of("null future", new FakePlugin("p", r -> null), PluginException.Kind.INTERNAL));
  }

  @ParameterizedTest(name = "{0} under on_error continue")
  @MethodSource("failures")
  void failureUnderContinueGoesOn(String name, FakePlugin failing, PluginException.Kind kind)
      throws Exception {
    ChainResult result =
        run(
            new PluginChain.Link(
                config("p", Stage.ROUTE, OnError.CONTINUE, Duration.ofMillis(50)), failing),
            link("next", json("{\"selected_index\":1}")));

    assertThat(result.denied()).isFalse();
    assertThat(result.backend()).isEqualTo(B);
    assertThat(result.steps().get(0).failure()).isEqualTo(kind);
    assertThat(result.steps().get(0).policy()).isEqualTo(OnError.CONTINUE);
  }

  @ParameterizedTest(name = "{0} under on_error deny")
  @MethodSource("failures")
  void failureUnderDenyRefuses(String name, FakePlugin failing, PluginException.Kind kind)
      throws Exception {
    FakePlugin next = FakePlugin.answering("next", ConnectResponse.EMPTY);
    ChainResult result =
        run(
            new PluginChain.Link(
                config("p", Stage.DENY, OnError.DENY, Duration.ofMillis(50)), failing),
            new PluginChain.Link(config("next"), next));

    assertThat(result.denied()).isTrue();
    assertThat(result.denyReason()).isNull();
    assertThat(result.deniedBy()).isEqualTo("p");
    assertThat(result.steps().get(0).failure()).isEqualTo(kind);
    assertThat(next.seen).isEmpty();
  }

  @Test
  void timeoutIsEnforcedEvenWhenThePluginNeverAnswers() throws Exception {
    long start = System.nanoTime();
    ChainResult result =
        run(
            new PluginChain.Link(
                config("slow", Stage.ROUTE, OnError.CONTINUE, Duration.ofMillis(100)),
                FakePlugin.hanging("slow")));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(result.steps().get(0).failure()).isEqualTo(PluginException.Kind.TIMEOUT);
    assertThat(tookMs)
        .as("never before the 100 ms timeout; the upper bound only catches a chain that waits on")
        .isBetween(90L, 10_000L);
  }

  @Test
  void aTimeoutReadsAsTheConfiguredDuration() throws Exception {
    ChainResult result =
        run(
            new PluginChain.Link(
                config("slow", Stage.ROUTE, OnError.CONTINUE, Duration.ofMillis(100)),
                FakePlugin.hanging("slow")));
    assertThat(result.steps().get(0).error()).isEqualTo("plugin slow: no answer within 100ms");
  }

  @Test
  void aTimeoutThePluginReportsAtTheDeadlineReadsLikeTheChainsOwn() throws Exception {
    FakePlugin gaveUp =
        new FakePlugin(
            "wasm",
            r -> {
              // As a Wasm host does: stop at the deadline and say so in its own words.
              CompletableFuture<ConnectResponse> answer = new CompletableFuture<>();
              TIMER.schedule(
                  () ->
                      answer.completeExceptionally(
                          new PluginTimeoutException("wasm", "call stopped at its time limit")),
                  60,
                  TimeUnit.MILLISECONDS);
              return answer;
            });
    ChainResult result =
        run(
            new PluginChain.Link(
                config("wasm", Stage.ROUTE, OnError.CONTINUE, Duration.ofMillis(50)), gaveUp));
    assertThat(result.steps().get(0).failure()).isEqualTo(PluginException.Kind.TIMEOUT);
    assertThat(result.steps().get(0).error()).isEqualTo("plugin wasm: no answer within 50ms");
  }

  @Test
  void aTimeoutOfThePluginsOwnBeforeTheDeadlineKeepsItsMessage() throws Exception {
    ChainResult result =
        run(
            new PluginChain.Link(
                config("db", Stage.ROUTE, OnError.CONTINUE, Duration.ofSeconds(30)),
                FakePlugin.failing(
                    "db", new PluginTimeoutException("db", "database did not answer in 20ms"))));
    assertThat(result.steps().get(0).error())
        .isEqualTo("plugin db: database did not answer in 20ms");
  }

  @Test
  void ordersByStageThenConstraintsThenConfigOrder() throws Exception {
    List<String> calls = new ArrayList<>();
    List<PluginChain.Link> links = new ArrayList<>();
    for (String[] p :
        new String[][] {
          {"mutate1", "mutate", "", ""},
          {"route1", "route", "", ""},
          {"route2", "route", "route1", ""},
          {"deny1", "deny", "", ""},
          {"route3", "route", "", "route2"}
        }) {
      PluginConfig config =
          new PluginConfig(
              p[0],
              "fake",
              Stage.parse(p[1]).orElseThrow(),
              p[2].isEmpty() ? List.of() : List.of(p[2]),
              p[3].isEmpty() ? List.of() : List.of(p[3]),
              null,
              null,
              null,
              null);
      links.add(
          new PluginChain.Link(
              config,
              new FakePlugin(
                  p[0],
                  r -> {
                    synchronized (calls) {
                      calls.add(p[0]);
                    }
                    return java.util.concurrent.CompletableFuture.completedFuture(
                        ConnectResponse.EMPTY);
                  })));
    }
    new PluginChain(links, TIMER, 4055).run(REQUEST).get(30, TimeUnit.SECONDS);

    // route2 must run before route1 (before: [route1]) and after route3 (after: [route2] on route3
    // means route2 runs first): route2 -> route1, route2 -> route3; ties by config order.
    assertThat(calls).containsExactly("deny1", "route2", "route1", "route3", "mutate1");
  }

  @Test
  void cycleIsRejectedNamingThePlugins() {
    PluginConfig x =
        new PluginConfig("x", "fake", null, List.of("y"), null, null, null, null, null);
    PluginConfig y =
        new PluginConfig("y", "fake", null, List.of("x"), null, null, null, null, null);
    PluginConfig z = new PluginConfig("z", "fake", null, null, null, null, null, null, null);

    assertThat(PluginOrder.problems(List.of(x, y, z), "plugins"))
        .singleElement()
        .asString()
        .contains("cycle")
        .contains("x -> y")
        .doesNotContain("z");
    assertThatThrownBy(
            () ->
                new PluginChain(
                    List.of(
                        new PluginChain.Link(x, FakePlugin.hanging("x")),
                        new PluginChain.Link(y, FakePlugin.hanging("y"))),
                    TIMER,
                    4055))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cycle");
  }

  @Test
  void unknownAndCrossStageReferencesAreReported() {
    PluginConfig a =
        new PluginConfig(
            "a", "fake", Stage.DENY, List.of("ghost"), List.of("b"), null, null, null, null);
    PluginConfig b =
        new PluginConfig("b", "fake", Stage.MUTATE, null, null, null, null, null, null);

    assertThat(PluginOrder.problems(List.of(a, b), "plugins"))
        .extracting(Object::toString)
        .containsExactly(
            "warning: plugins[0].before[0]: unknown plugin \"ghost\", constraint ignored (expected:"
                + " a configured plugin name)",
            "warning: plugins[0].after[0]: \"b\" runs in stage mutate, \"a\" in stage deny; stages"
                + " already fix their order, so this constraint has no effect");
  }

  @Test
  void closeClosesEveryPlugin() {
    FakePlugin one = FakePlugin.hanging("one");
    FakePlugin two = FakePlugin.hanging("two");
    new PluginChain(
            List.of(
                new PluginChain.Link(config("one"), one), new PluginChain.Link(config("two"), two)),
            TIMER,
            4055)
        .close();

    assertThat(one.closed).isTrue();
    assertThat(two.closed).isTrue();
  }

  @Test
  void requestJsonMatchesTheSeedContract() {
    String json =
        new String(
            PluginJson.encodeRequest(
                new ConnectRequest(
                    ConnectEvent.ofSni("play.example.com"),
                    "weighted",
                    List.of(new Backend("a", 1, 2, Map.of("k", "v"))),
                    0,
                    new Backend("a", 1, 2, Map.of("k", "v")),
                    new byte[0])),
            StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"event\":{\"sni\":\"play.example.com\"},\"strategy\":\"weighted\",\"candidates\":"
                + "[{\"host\":\"a\",\"port\":1,\"weight\":2,\"meta\":{\"k\":\"v\"}}],\"selected_index\":0,"
                + "\"backend\":{\"host\":\"a\",\"port\":1,\"weight\":2,\"meta\":{\"k\":\"v\"}}}");
  }
}
