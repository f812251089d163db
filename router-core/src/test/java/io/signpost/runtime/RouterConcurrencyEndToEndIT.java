package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.signpost.protocol.HostAddress;
import io.signpost.referral.ReferralEnvelope;
import io.signpost.runtime.RunningRouter.Answer;
import io.signpost.server.QuicListener;
import io.signpost.server.QuicTestClient.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Many clients at once, and a shutdown while clients are connecting. Timeouts are generous: no
 * client here may be refused or left without an answer because the machine is busy.
 */
@Timeout(180)
class RouterConcurrencyEndToEndIT {

  static final String CONFIG =
      """
      listen: "127.0.0.1:0"
      admin:
        listen: ""
      limits:
        max_new_connections_per_source: 100000
        connect_timeout: 60s
        shutdown_grace: 60s
      routing:
        default:
          strategy: round_robin
          backends:
            - host: game-1.internal
              port: 5601
            - host: game-2.internal
              port: 5602
      plugins:
        - name: stamp
          type: fake
          timeout: 30s
          config:
            rules:
              "*": %s
      """;

  private final FakePlugins plugins = new FakePlugins();

  @Test
  void twoHundredConcurrentClientsAllGetAReferral() throws Exception {
    int clients = 200;
    try (RunningRouter router =
        RunningRouter.start(CONFIG.formatted("{content: \"ticket\"}"), plugins.factories(), 2)) {
      List<CompletableFuture<Answer>> answers = launch(router, "p", clients);
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);

      Map<HostAddress, Integer> targets = new HashMap<>();
      for (CompletableFuture<Answer> future : answers) {
        Answer answer = future.join();
        HostAddress target = answer.referralPacket().target();
        targets.merge(target, 1, Integer::sum);
        assertThat(ReferralEnvelope.parse(answer.referralPacket().data()).content())
            .isEqualTo("ticket".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(targets)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  new HostAddress("game-1.internal", 5601), clients / 2,
                  new HostAddress("game-2.internal", 5602), clients / 2));
      Set<String> seen =
          plugins.requests("stamp").stream()
              .map(r -> r.event().username())
              .collect(Collectors.toSet());
      assertThat(seen).hasSize(clients);
    }
  }

  /**
   * Clients whose Connect is with the plugins when shutdown begins are referred; clients that
   * connect during the shutdown grace get a Disconnect or a refused handshake. None waits until its
   * timeout.
   *
   * <p>The plugin holds its answers until the late clients have theirs, so the early clients are
   * still with the plugin however slowly a busy machine lets the late ones connect; and the late
   * ones start only once the listener is draining, so none of them can reach the plugin.
   */
  @Test
  void shutdownWhileClientsConnectAnswersEveryone() throws Exception {
    int inFlight = 30;
    int late = 30;
    String config =
        CONFIG
            .formatted("{content: \"ticket\", hold: true}")
            .replace("listen: \"\"", "listen: \"127.0.0.1:0\"");
    Logger listenerLog = (Logger) LoggerFactory.getLogger(QuicListener.class);
    ListAppender<ILoggingEvent> listenerLines = new ListAppender<>();
    listenerLines.start();
    listenerLog.addAppender(listenerLines);
    RunningRouter router = RunningRouter.start(config, plugins.factories(), 2);
    try {
      List<CompletableFuture<Answer>> first = launch(router, "early", inFlight);
      awaitRequests(inFlight);
      CompletableFuture<Void> shutdown = CompletableFuture.runAsync(router.runtime::shutdown);
      awaitNotReady(router);
      awaitLine(listenerLines, "shutting down:");
      List<CompletableFuture<Answer>> second = launch(router, "late", late);

      Map<String, Integer> kinds = new TreeMap<>();
      for (CompletableFuture<Answer> answer : second) {
        Answer a = answer.get(60, TimeUnit.SECONDS);
        String kind = kind(a);
        kinds.merge(kind, 1, Integer::sum);
        if (kind.equals("disconnect")) {
          assertThat(a.reason())
              .isEqualTo("The server is restarting. Please reconnect in a moment.");
        }
      }
      plugins.release();
      for (CompletableFuture<Answer> answer : first) {
        Answer a = answer.get(60, TimeUnit.SECONDS);
        assertThat(a.referralPacket().target().host()).startsWith("game-");
      }
      shutdown.get(90, TimeUnit.SECONDS);
      assertThat(kinds.keySet()).isSubsetOf("disconnect", "refused").contains("disconnect");
      assertThat(kinds.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(late);
      assertThat(plugins.requests("stamp")).hasSize(inFlight);
    } finally {
      plugins.release();
      router.close();
      listenerLog.detachAppender(listenerLines);
    }
  }

  /** Shutdown turns readiness off before the listener starts draining. */
  private static void awaitNotReady(RunningRouter router) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (router.admin("/readyz").statusCode() != 503) {
      if (System.nanoTime() > end) {
        throw new AssertionError("/readyz still 200 30 s after shutdown began");
      }
      Thread.sleep(5);
    }
  }

  private static void awaitLine(ListAppender<ILoggingEvent> lines, String start)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (List.copyOf(lines.list).stream()
        .noneMatch(e -> e.getFormattedMessage().startsWith(start))) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no log line \"" + start + "...\" within 30 s");
      }
      Thread.sleep(5);
    }
  }

  private static List<CompletableFuture<Answer>> launch(
      RunningRouter router, String prefix, int n) {
    List<CompletableFuture<Answer>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      answers.add(
          router.exchange(
              router.request("play.example.com", RunningRouter.connect(prefix + i, null))));
    }
    return answers;
  }

  private void awaitRequests(int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (plugins.requests("stamp").size() < n && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(plugins.requests("stamp")).hasSize(n);
  }

  /** referral, disconnect, refused (handshake refused or connection closed before an answer). */
  private static String kind(Answer answer) {
    if (answer.isReferral()) {
      return "referral";
    }
    if (answer.isDisconnect()) {
      return "disconnect";
    }
    Outcome outcome = answer.result().outcome();
    if ((outcome == Outcome.CONNECT_FAILED || outcome == Outcome.CLOSED)
        && answer.result().closeEvent() != null) {
      return "refused";
    }
    return "silent " + outcome + " " + answer;
  }
}
