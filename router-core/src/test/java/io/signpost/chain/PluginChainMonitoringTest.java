package io.signpost.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.signpost.log.FakeTicker;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginTrapException;
import io.signpost.plugin.Stage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the chain records of each call: the health trackers and the rate-limited failure lines. */
class PluginChainMonitoringTest {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final FakeTicker clock = new FakeTicker();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(PluginChain.class);

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
    timer.shutdownNow();
  }

  private List<String> lines() {
    synchronized (appender) { // the appender appends under its own lock
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private void runTimes(PluginChain chain, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      chain.run(PluginChainTest.REQUEST).get(5, TimeUnit.SECONDS);
    }
  }

  private PluginChain chain(PluginChain.Link... links) {
    return new PluginChain(List.of(links), timer, 4055, clock);
  }

  private static PluginChain.Link broken(String name, OnError onError) {
    return new PluginChain.Link(
        PluginChainTest.config(name, Stage.DENY, onError, null),
        FakePlugin.failing(name, new PluginTrapException(name, "exit code 3")));
  }

  @Test
  void failureLinesAreRateLimitedPerPluginAndSummedUp() throws Exception {
    PluginChain chain = chain(broken("geo", OnError.CONTINUE), broken("auth", OnError.CONTINUE));

    runTimes(chain, 100);

    assertThat(lines()).filteredOn(l -> l.startsWith("plugin geo: trap failure")).hasSize(20);
    assertThat(lines()).filteredOn(l -> l.startsWith("plugin auth: trap failure")).hasSize(20);
    assertThat(lines().get(0))
        .isEqualTo("plugin geo: trap failure, policy continue: plugin geo: exit code 3");
    assertThat(chain.suppressedFailureLines("geo")).isEqualTo(80);
    assertThat(chain.suppressedFailureLines("auth")).isEqualTo(80);

    synchronized (appender) {
      appender.list.clear();
    }
    clock.advance(Duration.ofSeconds(1));
    runTimes(chain, 1);

    assertThat(lines())
        .contains(
            "plugin geo: 80 further failure lines suppressed in the last 1 s",
            "plugin auth: 80 further failure lines suppressed in the last 1 s");
    assertThat(lines()).filteredOn(l -> l.startsWith("plugin geo: trap failure")).hasSize(1);
  }

  @Test
  void theLastDropsOfABurstAreSummedUpByTheTimer() throws Exception {
    // The real clock: the summary is due one second after the first drop.
    PluginChain chain =
        new PluginChain(List.of(broken("geo", OnError.CONTINUE)), timer, 4055, System::nanoTime);

    while (chain.suppressedFailureLines("geo") == 0) {
      runTimes(chain, 1);
    }

    String summary = "plugin geo: \\d+ further failure lines suppressed in the last \\d+ s";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (lines().stream().noneMatch(l -> l.matches(summary)) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(lines()).anyMatch(l -> l.matches(summary));
  }

  @Test
  void everyOutcomeReachesThePluginsTracker() throws Exception {
    AtomicBoolean fail = new AtomicBoolean(true);
    FakePlugin flaky =
        new FakePlugin(
            "geo",
            r ->
                fail.get()
                    ? CompletableFuture.failedFuture(new PluginTrapException("geo", "exit code 3"))
                    : CompletableFuture.completedFuture(ConnectResponse.EMPTY));
    PluginChain chain = chain(new PluginChain.Link(PluginChainTest.config("geo"), flaky));

    for (int i = 0; i < 6; i++) {
      runTimes(chain, 1);
      clock.advance(Duration.ofSeconds(2));
    }
    assertThat(chain.callHealth("geo").failingReason())
        .isEqualTo("failing: 6 calls failed in the last 12 s (last: trap: exit code 3)");

    fail.set(false);
    runTimes(chain, 1);
    assertThat(chain.callHealth("geo").notReadyReason()).isNull();
  }

  @Test
  void aDenyAnswerIsASuccess() throws Exception {
    PluginChain chain = chain(PluginChainTest.link("gate", ConnectResponse.denied("banned")));
    chain.callHealth("gate").markNotWarm("not warm");

    runTimes(chain, 1);

    assertThat(chain.callHealth("gate").isWarm()).isTrue();
  }

  @Test
  void unknownPluginNamesAreRefused() {
    PluginChain chain = chain(broken("geo", OnError.DENY));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> chain.callHealth("goe"))
        .withMessage("plugin: \"goe\" (expected: one of [geo])");
  }
}
